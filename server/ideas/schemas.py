"""What goes in (…Args) and what comes out (…Schema) of the ideas API."""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import (Schema, ValidationError, fields, post_load, validate, validates,
                         validates_schema)

from ..categories.schemas import CategoryRefSchema
from ..inputs import InputSchema
from . import search, similar
from .workflow import STATUSES


class PersonSchema(Schema):
    id = fields.UUID(dump_only=True)
    display_name = fields.String(dump_only=True)


class UnitRefSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)


class PhotoSchema(Schema):
    id = fields.UUID(dump_only=True)
    url = fields.String(dump_only=True)
    thumb_url = fields.String(dump_only=True)
    width = fields.Integer(dump_only=True)
    height = fields.Integer(dump_only=True)


class LastChangeSchema(Schema):
    to_status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    note = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


_HIDDEN = {"description": "Null when shown to everyone; `reported` while three open reports "
                          "hold it for a handler's review; `hidden` when a handler hid it. "
                          "Only its author and its handlers see a hidden item's words."}
_HIDDEN_REASON = {"description": "Why a handler hid it, for its author; null otherwise."}


class IdeaSchema(Schema):
    id = fields.UUID(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    description = fields.String(dump_only=True)
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    anonymous = fields.Boolean(dump_only=True)
    is_mine = fields.Boolean(dump_only=True)
    unit = fields.Nested(UnitRefSchema, dump_only=True)
    category = fields.Nested(CategoryRefSchema, dump_only=True, allow_none=True, metadata={
        "description": "The idea's category, named in the reader's language; null: none."})
    submitter = fields.Nested(PersonSchema, dump_only=True, allow_none=True)
    vote_count = fields.Integer(dump_only=True)
    my_vote = fields.Boolean(dump_only=True)
    comment_count = fields.Integer(dump_only=True)
    # Whether the viewer may vote now (not on their own idea, only while it is open).
    can_vote = fields.Boolean(dump_only=True)
    photos = fields.List(fields.Nested(PhotoSchema), dump_only=True)
    stems = fields.String(dump_only=True, metadata={
        "description": "The words of the title and the description as the server matches "
                       "them for similar ideas (Swedish stems, common words left out): title "
                       "terms, `|`, description terms, each space-separated. The app ranks "
                       "its cached ideas with them offline."})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    # The handler's latest word, so "my ideas" can show it without opening each idea.
    last_change = fields.Nested(LastChangeSchema, dump_only=True, allow_none=True)
    hidden = fields.String(dump_only=True, allow_none=True, metadata=_HIDDEN)
    hidden_reason = fields.String(dump_only=True, allow_none=True, metadata=_HIDDEN_REASON)
    assignee = fields.Nested(PersonSchema, dump_only=True, allow_none=True, metadata={
        "description": "Who is to carry the idea out, set by its handlers; null: nobody (or "
                       "the anonymous submitter, to a reader who may not know them)."})
    due_date = fields.Date(dump_only=True, allow_none=True, metadata={
        "description": "By when (a day in Swedish time); null: none."})
    overdue = fields.Boolean(dump_only=True, metadata={
        "description": "The due date has passed and the idea is not implemented, declined "
                       "or merged."})


class CommentSchema(Schema):
    id = fields.UUID(dump_only=True)
    body = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Null when the comment is hidden and the reader is neither its author "
                       "nor a handler of the idea."})
    hidden = fields.String(dump_only=True, allow_none=True, metadata=_HIDDEN)
    hidden_reason = fields.String(dump_only=True, allow_none=True, metadata=_HIDDEN_REASON)
    author = fields.Nested(PersonSchema, dump_only=True, allow_none=True, metadata={
        "description": "Null when the author's account is erased, or when the author is the "
                       "anonymous submitter and the reader may not know them."})
    by_submitter = fields.Boolean(dump_only=True, metadata={
        "description": "Written by the idea's submitter (shown as such when anonymous)."})
    created_at = fields.DateTime(dump_only=True)


class StatusChangeSchema(Schema):
    from_status = fields.String(dump_only=True, allow_none=True)
    to_status = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    actor = fields.Nested(PersonSchema, dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class IdeaRefSchema(Schema):
    id = fields.UUID(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    description = fields.String(dump_only=True, metadata={
        "description": "Names the idea where it has no title."})
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))


class FieldChangeSchema(Schema):
    field = fields.String(dump_only=True, metadata={
        "description": "`category`, `assignee` or `due_date`; the submitter's `title`, "
                       "`description` or `photos` (the number of photos)."})
    old = fields.String(dump_only=True, allow_none=True, data_key="from", metadata={
        "description": "The value before, as the app shows it (a category's name in the "
                       "reader's language, a person's name, an ISO date, a number of photos "
                       "as digits); null: none, or a person whose account is gone or whom the "
                       "reader may not know."})
    new = fields.String(dump_only=True, allow_none=True, data_key="to",
                        metadata={"description": "The value after, likewise."})


class EditSchema(Schema):
    changes = fields.List(fields.Nested(FieldChangeSchema), dump_only=True)
    actor = fields.Nested(PersonSchema, dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class IdeaDetailSchema(IdeaSchema):
    comments = fields.List(fields.Nested(CommentSchema), dump_only=True)
    history = fields.List(fields.Nested(StatusChangeSchema), dump_only=True)
    edits = fields.List(fields.Nested(EditSchema), dump_only=True, metadata={
        "description": "Every edit of the idea's fields, oldest first."})
    allowed_transitions = fields.List(fields.String(), dump_only=True)
    merged_into = fields.Nested(IdeaRefSchema, dump_only=True, allow_none=True, metadata={
        "description": "The idea this one was merged into, when its status is `merged`."})
    merged_ideas = fields.List(fields.Nested(IdeaRefSchema), dump_only=True, metadata={
        "description": "The duplicates merged into this idea, oldest first; their voters "
                       "count here."})
    can_merge = fields.Boolean(dump_only=True, metadata={
        "description": "Whether the viewer may merge this idea into another "
                       "(`POST /ideas/{id}/merge`); they must handle the other idea too."})


    can_edit = fields.List(fields.String(), dump_only=True, metadata={
        "description": "What the viewer may change: the fields of PATCH (`category_id`, "
                       "`assignee_id` and `due_date` for its handlers; `title` and "
                       "`description` for its submitter while it is `submitted`) and `photos` "
                       "(POST /ideas/{id}/photos, DELETE /ideas/{id}/photos/{photo_id}), also "
                       "the submitter's while `submitted`."})
    watching = fields.Boolean(dump_only=True, metadata={
        "description": "Whether the viewer follows the idea (PUT /ideas/{id}/watch)."})


class IdeaPageSchema(Schema):
    items = fields.List(fields.Nested(IdeaSchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class VoteSchema(Schema):
    vote_count = fields.Integer(dump_only=True)
    my_vote = fields.Boolean(dump_only=True)


class IdeaArgs(InputSchema):
    title = fields.String(load_default=None, validate=validate.Length(max=120))
    description = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    anonymous = fields.Boolean(load_default=False)
    category_id = fields.UUID(load_default=None, metadata={
        "description": "An active category of my organisation (optional)."})


class IdeaPatchArgs(InputSchema):
    """The fields of an idea that can be edited; give only those to change."""

    title = fields.String(allow_none=True, validate=validate.Length(max=120), metadata={
        "description": "Its submitter, while the idea is `submitted`: the title; empty or "
                       "null for none."})
    description = fields.String(validate=validate.Length(min=1, max=4000), metadata={
        "description": "Its submitter, while the idea is `submitted`: the description."})

    category_id = fields.UUID(allow_none=True, metadata={
        "description": "Handlers of the idea: an active category of the organisation, or "
                       "null for none."})
    assignee_id = fields.UUID(allow_none=True, metadata={
        "description": "Handlers of the idea: who is to carry it out, anyone active in the "
                       "organisation (they are notified); null: nobody. Another "
                       "organisation's person is refused (422, `unknown_assignee`)."})
    due_date = fields.Date(allow_none=True, metadata={
        "description": "Handlers of the idea: by when, an ISO date (a day in Swedish time); "
                       "null: none. A date set anew must not have passed (422, "
                       "`due_date_in_past`)."})


class WatchSchema(Schema):
    watching = fields.Boolean(dump_only=True)


class PhotoFilesArgs(Schema):
    photo = fields.List(Upload(), load_default=list,
                        metadata={"description": "0 to 4 photos (JPEG, PNG, WebP, HEIC)."})


class IdeaListArgs(InputSchema):
    scope = fields.String(load_default=None,
                          validate=validate.OneOf(["unit", "org", "mine", "assigned"]),
                          metadata={"description": "Default `unit` (my unit and its sub-units, "
                                                   "and ideas whose category routes them "
                                                   "there); `org` when `unit_id` is given; "
                                                   "`mine`: ideas I submitted; `assigned`: "
                                                   "ideas assigned to me."})
    overdue = fields.Boolean(load_default=False, metadata={
        "description": "Only ideas past their due date and still open (the handler's inbox "
                       "shows them)."})
    unit_id = fields.UUID(load_default=None, metadata={
        "description": "Only ideas of this unit of my organisation and its sub-units, and "
                       "ideas whose category routes them there."})
    category_id = fields.UUID(load_default=None, metadata={
        "description": "Only ideas of this category of my organisation."})
    status = fields.String(load_default=None,
                           metadata={"description": "One status or a comma-separated list."})
    q = fields.String(load_default=None,
                      validate=validate.Length(min=1, max=search.MAX_QUERY_LENGTH), metadata={
                          "description": "Search the titles, descriptions and comments (not "
                                         "names): ideas with every word, in any inflection or "
                                         "inside a compound word. Without letters or digits "
                                         "it finds nothing."})
    sort = fields.String(
        load_default=None,
        validate=validate.OneOf(["new", "top", "trending", "waiting", "relevance"]),
        metadata={"description": "`new`, the default without `q`; `top` (most votes); "
                                 "`trending` (votes and comments of the last 30 days, decaying "
                                 "with age, as Fider); `waiting` (oldest without a first answer "
                                 "first, then the answered); `relevance` (best match first) "
                                 "needs `q` and is its default: it ranks the search's "
                                 f"{search.RANKED_MATCHES} newest matches and lists only "
                                 "those; `new` and `top` list every match."})
    cursor = fields.String(load_default=None, validate=validate.Length(max=500))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))

    @validates("status")
    def known_statuses(self, value, **_kwargs):
        if value is None:
            return
        unknown = [s for s in value.split(",") if s.strip() not in STATUSES]
        if unknown:
            raise ValidationError(f"Unknown status: {', '.join(unknown)}. "
                                  f"Known: {', '.join(STATUSES)}.")

    @validates_schema
    def relevance_needs_a_search(self, data, **_kwargs):
        if data.get("sort") == "relevance" and data.get("q") is None:
            raise ValidationError("Sorting by relevance needs a search (q).", "sort")

    @post_load
    def defaults(self, data, **_kwargs):
        if data.get("sort") is None:
            data["sort"] = "relevance" if data.get("q") is not None else "new"
        if data.get("scope") is None:
            data["scope"] = "org" if data.get("unit_id") is not None else "unit"
        return data


class SimilarArgs(InputSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=similar.MAX_TEXT),
                         metadata={"description": "What is being typed: title and description. "
                                                  "Without a word that says something, nothing "
                                                  "is found."})
    limit = fields.Integer(load_default=similar.DEFAULT_LIMIT,
                           validate=validate.Range(min=1, max=similar.MAX_LIMIT))


class SimilarIdeaSchema(IdeaRefSchema):
    vote_count = fields.Integer(dump_only=True)
    score = fields.Float(dump_only=True, metadata={
        "description": "0 to 1: how much of the text and the idea's words meet."})


class SimilarPageSchema(Schema):
    items = fields.List(fields.Nested(SimilarIdeaSchema), dump_only=True, metadata={
        "description": "Open ideas of my organisation, not my own, that I could vote for "
                       "instead; best first."})


class CommentArgs(InputSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class StatusArgs(InputSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class MergeArgs(InputSchema):
    into = fields.UUID(required=True, metadata={
        "description": "The idea this one duplicates; it keeps going and gets the votes."})
    note = fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "Why, for the submitter; shown in the history."})


class PhotoArgs(InputSchema):
    size = fields.String(load_default="full", validate=validate.OneOf(["full", "thumb"]))
