"""Shape ideas for a particular viewer: who may see the submitter, what they may do."""
from __future__ import annotations

import uuid

from flask import url_for

from ..auth.models import User
from ..categories.models import label
from ..extensions import db
from . import similar, watching, workflow
from .access import (can_handle, can_see, can_vote, editable_fields, shows_comment, shows_person,
                     shows_submitter)
from .assignment import is_overdue
from .models import Comment, Idea, IdeaEdit, StatusChange


def person(user: User | None) -> dict | None:
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def person_on(idea: Idea, user: User | None, viewer: User) -> dict | None:
    """A person who acted on an idea, or None when the viewer may not know them."""
    if user is None or not shows_person(viewer, idea, user.id):
        return None
    return person(user)


def comment(c: Comment, idea: Idea, viewer: User) -> dict:
    if not shows_comment(viewer, idea, c):
        # A hidden comment keeps its place in the conversation, without its words or author.
        return {"id": c.id, "body": None, "author": None, "by_submitter": False,
                "created_at": c.created_at, "hidden": c.hidden, "hidden_reason": None}
    # by_submitter lets the web app say "the idea's submitter" without a name.
    return {"id": c.id, "body": c.body, "author": person_on(idea, c.author, viewer),
            "by_submitter": c.author_id is not None and c.author_id == idea.submitter_id,
            "created_at": c.created_at, "hidden": c.hidden, "hidden_reason": c.hidden_reason}


def photo(p) -> dict:
    return {"id": p.id, "width": p.width, "height": p.height,
            "url": url_for("ideas.get_photo", photo_id=p.id, size="full"),
            "thumb_url": url_for("ideas.get_photo", photo_id=p.id, size="thumb")}


def change(c: StatusChange | None) -> dict | None:
    return None if c is None else {"to_status": c.to_status, "note": c.note,
                                   "created_at": c.created_at}


def idea_summary(idea: Idea, viewer: User, *, my_vote: bool,
                 last_change: StatusChange | None = None) -> dict:
    """Shape an idea for a list; ``last_change`` is its latest change after submission."""
    return {
        "id": idea.id, "title": idea.title, "description": idea.description,
        "status": idea.status, "anonymous": idea.anonymous,
        "is_mine": idea.submitter_id == viewer.id,
        "unit": {"id": idea.unit.id, "name": idea.unit.name},
        "category": None if idea.category is None else {
            "id": idea.category.id, "name": idea.category.label(viewer.language)},
        "submitter": person(idea.submitter) if shows_submitter(viewer, idea) else None,
        "vote_count": idea.vote_count, "my_vote": my_vote, "comment_count": idea.comment_count,
        "can_vote": can_vote(viewer, submitter_id=idea.submitter_id, status=idea.status),
        "stems": similar.stems(idea.title, idea.description),
        "photos": [photo(p) for p in idea.photos],
        "created_at": idea.created_at, "updated_at": idea.updated_at,
        "last_change": change(last_change),
        # Only the author and the handlers see a hidden idea at all (access.can_see).
        "hidden": idea.hidden, "hidden_reason": idea.hidden_reason,
        "assignee": person_on(idea, idea.assignee, viewer),
        "due_date": idea.due_date,
        "overdue": is_overdue(status=idea.status, due_date=idea.due_date),
    }


def idea_ref(idea: Idea | None, viewer: User) -> dict | None:
    """The other idea of a merge; a hidden one (moderation) without its words, unless the
    viewer may see it."""
    if idea is None:
        return None
    shown = can_see(viewer, idea)
    return {"id": idea.id, "title": idea.title if shown else None,
            "description": idea.description if shown else "", "status": idea.status}


def idea_detail(idea: Idea, viewer: User, *, my_vote: bool) -> dict:
    answered = [h for h in idea.history if h.from_status is not None]
    data = idea_summary(idea, viewer, my_vote=my_vote,
                        last_change=max(answered, key=lambda h: h.created_at, default=None))
    handles = can_handle(viewer, idea)
    data.update(
        comments=[comment(c, idea, viewer) for c in idea.comments],
        history=[{"from_status": h.from_status, "to_status": h.to_status, "note": h.note,
                  "actor": person_on(idea, h.actor, viewer), "created_at": h.created_at}
                 for h in idea.history],
        edits=[edit(e, idea, viewer) for e in idea.edits],
        allowed_transitions=sorted(workflow.TRANSITIONS[idea.status]) if handles else [],
        merged_into=idea_ref(idea.merged_into, viewer),
        merged_ideas=[idea_ref(i, viewer) for i in idea.merged_ideas],
        can_merge=handles and idea.status in workflow.MERGEABLE,
        can_edit=list(editable_fields(viewer, idea)),
        watching=watching.is_watching(viewer, idea),
    )
    return data


def shown_value(field: str, value, idea: Idea, viewer: User) -> str | None:
    """An edited field's stored value as the app shows it to ``viewer``.

    An assignee is kept as an id and named as they are now: null when the account
    is gone, or when the viewer may not know who it is (the anonymous submitter).
    """
    if value is None:
        return None
    if field == "category":
        return label(value["name"], value.get("name_en"), viewer.language)
    if field == "assignee":
        shown = person_on(idea, db.session.get(User, uuid.UUID(value)), viewer)
        return None if shown is None else shown["display_name"]
    return str(value)


def edit(e: IdeaEdit, idea: Idea, viewer: User) -> dict:
    return {"changes": [{"field": field, "old": shown_value(field, change["from"], idea, viewer),
                         "new": shown_value(field, change["to"], idea, viewer)}
                        for field, change in e.changes.items()],
            "actor": person_on(idea, e.actor, viewer), "created_at": e.created_at}
