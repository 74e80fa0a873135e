"""HTTP routes of the ideas feature."""
from __future__ import annotations

import uuid

from flask import Response, current_app, request
from flask_login import current_user

from ..errors import Invalid, NotFound
from ..extensions import db
from ..photos.services import clean_all, photo_store
from ..idempotency.docs import in_flight, replayable
from . import blp, editing, merging, services, similar, watching
from .access import (SUBMITTER_FIELDS, require_handler, require_merger,
                     visible_idea_or_404)
from .feed import feed_response
from .models import Idea, Photo
from .presenters import comment, idea_detail
from .schemas import (CommentArgs, CommentSchema, IdeaArgs, IdeaDetailSchema, IdeaListArgs,
                      IdeaPageSchema, IdeaPatchArgs, MergeArgs, PhotoArgs, PhotoFilesArgs,
                      SimilarArgs, SimilarPageSchema, StatusArgs, VoteSchema, WatchSchema)


# The submitter's edits end with the handler's first answer (server/ideas/editing.py).
_EDITING_CLOSED = ("`editing_closed`: the idea has been answered, so its submitter can no longer "
                   "change its text or photos.")


def _idea(idea_id: uuid.UUID) -> Idea:
    return visible_idea_or_404(current_user, db.session.get(Idea, idea_id))


@blp.route("/ideas", methods=["GET"])
@blp.arguments(IdeaListArgs, location="query")
@blp.response(200, IdeaPageSchema)
def list_ideas(args):
    """List or search the ideas of my unit, my organisation, my own or those assigned to me."""
    statuses = [s.strip() for s in args["status"].split(",")] if args["status"] else []
    return feed_response(current_user._get_current_object(), scope=args["scope"], statuses=statuses,
                         sort=args["sort"], cursor=args["cursor"], limit=args["limit"],
                         query=args["q"], unit_id=args["unit_id"],
                         category_id=args["category_id"], overdue=args["overdue"])


@blp.route("/ideas/similar", methods=["GET"])
@blp.arguments(SimilarArgs, location="query")
@blp.response(200, SimilarPageSchema)
def similar_ideas(args):
    """Find open ideas like the text being typed, to vote for one instead."""
    return {"items": similar.similar_ideas(current_user, args["text"], limit=args["limit"])}


@blp.route("/ideas", methods=["POST"])
@blp.arguments(IdeaArgs, location="form")
@blp.arguments(PhotoFilesArgs, location="files")
@blp.response(201, IdeaDetailSchema)
@blp.alt_response(413, description="A photo or the whole request is too large.")
@replayable(blp, IdeaDetailSchema)
def create_idea(form, files):
    """Submit an idea with up to four photos."""
    uploads, most = files["photo"], current_app.config["MAX_PHOTOS_PER_IDEA"]
    if len(uploads) > most:
        raise Invalid(f"An idea can have at most {most} photos.", code="too_many_photos")
    # Decoding photos takes seconds: done before the first query opens the write transaction.
    cleaned = clean_all([u.read() for u in uploads])
    idea = services.submit_idea(current_user, description=form["description"],
                                title=form["title"], anonymous=form["anonymous"],
                                photos=cleaned, category_id=form["category_id"])
    return idea_detail(idea, current_user, my_vote=False)


@blp.route("/ideas/<uuid:idea_id>", methods=["GET"])
@blp.response(200, IdeaDetailSchema)
def get_idea(idea_id):
    """Show an idea with photos, votes, comments and its status history."""
    idea = _idea(idea_id)
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/ideas/<uuid:idea_id>", methods=["PATCH"])
@blp.arguments(IdeaPatchArgs)
@blp.response(200, IdeaDetailSchema)
@in_flight(blp, also=_EDITING_CLOSED)
def patch_idea(args, idea_id):
    """Edit an idea's fields; every edit is kept in its history.

    Its submitter changes `title` and `description` while it is `submitted`
    (server/ideas/editing.py); its handlers change `category_id`, `assignee_id` and
    `due_date` (server/ideas/assignment.py).
    """
    idea = _idea(idea_id)
    own = {field: args.pop(field) for field in SUBMITTER_FIELDS if field in args}
    if not own and not args:
        raise Invalid("Give at least one field to change.", code="nothing_to_change")
    if own:
        editing.edit_text(current_user, idea, **own)
    if args:
        services.edit_idea(current_user, idea, **args)
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/ideas/<uuid:idea_id>/photos", methods=["POST"])
@blp.arguments(PhotoFilesArgs, location="files")
@blp.response(201, IdeaDetailSchema)
@blp.alt_response(413, description="A photo or the whole request is too large.")
@replayable(blp, IdeaDetailSchema, also=_EDITING_CLOSED)
def post_photos(files, idea_id):
    """Add photos to my idea while it is `submitted` (up to four in all)."""
    uploads, most = files["photo"], current_app.config["MAX_PHOTOS_PER_IDEA"]
    if not uploads:
        raise Invalid("Choose at least one photo to add.", code="no_photos")
    if len(uploads) > most:
        raise Invalid(f"An idea can have at most {most} photos.", code="too_many_photos")
    # Decoding photos takes seconds: done before the first query opens the write transaction.
    cleaned = clean_all([u.read() for u in uploads])
    idea = _idea(idea_id)
    editing.add_photos(current_user, idea, cleaned)
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/ideas/<uuid:idea_id>/photos/<uuid:photo_id>", methods=["DELETE"])
@blp.response(200, IdeaDetailSchema)
@in_flight(blp, also=_EDITING_CLOSED)
def delete_photo(idea_id, photo_id):
    """Remove a photo from my idea while it is `submitted`; its files are deleted."""
    idea = _idea(idea_id)
    editing.remove_photo(current_user, idea, photo_id)
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/ideas/<uuid:idea_id>/watch", methods=["PUT"])
@blp.response(200, WatchSchema)
@in_flight(blp)
def put_watch(idea_id):
    """Follow an idea: be told of its status changes and new comments (idempotent)."""
    watching.watch(current_user, _idea(idea_id))
    return {"watching": True}


@blp.route("/ideas/<uuid:idea_id>/watch", methods=["DELETE"])
@blp.response(200, WatchSchema)
@in_flight(blp)
def delete_watch(idea_id):
    """Stop following an idea (idempotent)."""
    watching.unwatch(current_user, _idea(idea_id))
    return {"watching": False}


@blp.route("/ideas/<uuid:idea_id>/vote", methods=["PUT"])
@blp.response(200, VoteSchema)
@in_flight(blp)
def put_vote(idea_id):
    """Vote for an idea (idempotent)."""
    idea = _idea(idea_id)
    services.vote(current_user, idea)
    return {"vote_count": idea.vote_count, "my_vote": True}


@blp.route("/ideas/<uuid:idea_id>/vote", methods=["DELETE"])
@blp.response(200, VoteSchema)
@in_flight(blp)
def delete_vote(idea_id):
    """Withdraw my vote (idempotent)."""
    idea = _idea(idea_id)
    services.unvote(current_user, idea)
    return {"vote_count": idea.vote_count, "my_vote": False}


@blp.route("/ideas/<uuid:idea_id>/comments", methods=["POST"])
@blp.arguments(CommentArgs)
@blp.response(201, CommentSchema)
@replayable(blp, CommentSchema)
def post_comment(args, idea_id):
    """Comment on an idea."""
    idea = _idea(idea_id)
    return comment(services.add_comment(current_user, idea, body=args["body"]), idea, current_user)


@blp.route("/ideas/<uuid:idea_id>/status", methods=["POST"])
@blp.arguments(StatusArgs)
@blp.response(200, IdeaDetailSchema)
@in_flight(blp, also="`illegal_transition` or `concurrent_change`: the move is not allowed "
                     "from the current status.")
def post_status(args, idea_id):
    """Move an idea through the workflow with a note the submitter sees."""
    idea = _idea(idea_id)
    require_handler(current_user, idea)
    services.change_status(current_user, idea, to_status=args["status"], note=args["note"])
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/ideas/<uuid:idea_id>/merge", methods=["POST"])
@blp.arguments(MergeArgs)
@blp.response(200, IdeaDetailSchema)
@in_flight(blp, also="`merge_into_itself`, `merge_into_merged` (the other idea was merged "
                     "itself), `merge_not_allowed` (this idea is decided or merged already), "
                     "`merge_across_organisations` or `concurrent_change`.")
def post_merge(args, idea_id):
    """Merge a duplicate into another idea: its voters count there, its submitter is told."""
    idea = _idea(idea_id)
    into = _idea(args["into"])
    require_merger(current_user, idea, into)
    merging.merge_idea(current_user, idea, into=into, note=args["note"])
    return idea_detail(idea, current_user, my_vote=services.has_voted(current_user, idea))


@blp.route("/photos/<uuid:photo_id>", methods=["GET"])
@blp.arguments(PhotoArgs, location="query")
@blp.response(200, {"format": "binary", "type": "string"}, content_type="image/jpeg")
def get_photo(args, photo_id):
    """Return a photo or its thumbnail, without metadata."""
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound("This photo does not exist or you cannot see it.")
    visible_idea_or_404(current_user, photo.idea)
    key = photo.thumb_key if args["size"] == "thumb" else photo.storage_key
    path = photo_store().path_of(key)
    if not path.exists():
        raise NotFound("This photo's file is missing.")
    # Photos are small once sanitised; reading them whole closes the file at once.
    response = Response(path.read_bytes(), mimetype="image/jpeg")
    response.set_etag(key)
    # Photos may show a client's home: never in a shared cache, and never from the
    # browser's own cache without asking (a shared phone's next person would get them
    # by URL, even offline). The service worker keeps each person's copies apart.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)
