"""Changing ideas: submit, vote, comment, move through the workflow."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..categories import services as categories
from ..categories.models import Category
from ..errors import Conflict, Forbidden, Invalid
from ..extensions import db
from ..photos import services as photo_files
from ..photos.sanitiser import CleanPhoto
from ..push import services as push
from ..timestamps import utcnow
from . import assignment, workflow
from .access import can_vote, editable_fields
from .models import Comment, Idea, IdeaEdit, Photo, StatusChange, Vote


def submit_idea(submitter: User, *, description: str, title: str | None = None,
                anonymous: bool = False, photos: Sequence[CleanPhoto] = (),
                category_id=None) -> Idea:
    """Create an idea with its photos, sanitised beforehand by photos.clean_all().

    Its handlers, who are notified, follow from its unit and its category's unit.
    """
    now = utcnow()
    category = (categories.choosable_category(submitter, category_id)
                if category_id is not None else None)
    idea = Idea(org_id=submitter.org_id, unit=submitter.unit, submitter=submitter,
                title=title or None, description=description, anonymous=anonymous,
                category=category, status="submitted", created_at=now, updated_at=now)
    db.session.add(idea)
    for position, clean in enumerate(photos):
        stored = photo_files.store(clean)
        idea.photos.append(Photo(position=position, width=stored.width, height=stored.height,
                                 byte_size=stored.byte_size, storage_key=stored.key,
                                 thumb_key=stored.thumb_key, content_type="image/jpeg"))
    idea.history.append(StatusChange(from_status=None, to_status="submitted", note="",
                                     actor=submitter, created_at=now))
    db.session.flush()
    push.notify_idea_submitted(idea)
    return idea


def vote(user: User, idea: Idea) -> None:
    """Vote for an idea; voting twice changes nothing."""
    if idea.submitter_id == user.id:
        raise Forbidden("You cannot vote for your own idea.")
    if not can_vote(user, submitter_id=idea.submitter_id, status=idea.status):
        raise Conflict("Voting has closed: this idea has been decided.", code="voting_closed")
    if db.session.get(Vote, (idea.id, user.id)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(Vote).values(idea_id=idea.id, user_id=user.id,
                                                   created_at=utcnow()))
    except IntegrityError:
        return  # a concurrent request of the same user voted first
    # Counted only while the idea is still open: a merge or decision committed meanwhile
    # (its row lock makes this wait for it) closes voting, and the vote is rolled back.
    counted = db.session.execute(update(Idea).where(Idea.id == idea.id,
                                                    Idea.status.in_(workflow.OPEN_STATUSES))
                                 .values(vote_count=Idea.vote_count + 1))
    if counted.rowcount != 1:
        raise Conflict("Voting has closed: this idea has been decided.", code="voting_closed")
    db.session.refresh(idea)


def unvote(user: User, idea: Idea) -> None:
    """Withdraw a vote; withdrawing twice changes nothing."""
    result = db.session.execute(delete(Vote).where(Vote.idea_id == idea.id,
                                                   Vote.user_id == user.id))
    if result.rowcount:
        db.session.execute(update(Idea).where(Idea.id == idea.id)
                           .values(vote_count=Idea.vote_count - 1))
        db.session.refresh(idea)


def has_voted(user: User, idea: Idea) -> bool:
    return db.session.get(Vote, (idea.id, user.id)) is not None


def add_comment(author: User, idea: Idea, *, body: str) -> Comment:
    comment = Comment(idea=idea, author=author, body=body, created_at=utcnow())
    db.session.add(comment)
    db.session.execute(update(Idea).where(Idea.id == idea.id)
                       .values(comment_count=Idea.comment_count + 1))
    db.session.flush()
    db.session.refresh(idea)
    push.notify_comment_added(idea, comment)
    return comment


def change_status(actor: User, idea: Idea, *, to_status: str, note: str = "") -> StatusChange:
    """Move an idea along the workflow and record who, when and why."""
    if to_status not in workflow.STATUSES:
        raise Invalid(f"Unknown status '{to_status}'.")
    if not workflow.allowed(idea.status, to_status):
        raise Conflict(f"An idea that is '{idea.status}' cannot be moved to '{to_status}'.",
                       code="illegal_transition")
    if workflow.needs_note(to_status) and not note:
        raise Invalid("Declining an idea needs a reason that the submitter can read.",
                      code="reason_required")
    now = utcnow()
    previous = idea.status
    values = {"status": to_status, "updated_at": now}
    if idea.first_response_at is None:
        values["first_response_at"] = now
    if to_status == "implemented":
        values["implemented_at"] = now
    values["declined_at"] = now if to_status == "declined" else None
    # Compare-and-set: of two handlers acting at once, the second gets a 409.
    result = db.session.execute(update(Idea).where(Idea.id == idea.id,
                                                   Idea.status == previous).values(**values))
    if result.rowcount != 1:
        raise Conflict("Someone else changed this idea just now. Reload and try again.",
                       code="concurrent_change")
    change = StatusChange(idea_id=idea.id, from_status=previous, to_status=to_status,
                          note=note or "", actor=actor, created_at=now)
    db.session.add(change)
    db.session.flush()
    db.session.refresh(idea)
    push.notify_status_changed(idea, change)
    return change


def _category_snapshot(category: Category | None) -> dict | None:
    # Names as they were, so the history still reads right after a rename or deletion.
    return None if category is None else {"id": str(category.id), "name": category.name,
                                           "name_en": category.name_en}


def edit_idea(actor: User, idea: Idea, **changes) -> IdeaEdit | None:
    """Change the given fields of an idea and keep the edit in its history.

    Fields given with their current value change nothing and are not recorded;
    returns the edit, or None when nothing changed. Every value is checked
    before any is set, so a refused one changes nothing. A new assignee is notified.
    """
    if not changes:
        raise Invalid("Give at least one field to change.", code="nothing_to_change")
    refused = sorted(set(changes) - set(editable_fields(actor, idea)))
    if refused:
        raise Forbidden(f"You cannot change {', '.join(refused)} of this idea: only its "
                        "handlers and administrators can.")
    recorded: dict = {}
    updates: dict = {}
    if "category_id" in changes and changes["category_id"] != idea.category_id:
        chosen = changes["category_id"]
        category = categories.choosable_category(actor, chosen) if chosen else None
        recorded["category"] = {"from": _category_snapshot(idea.category),
                                "to": _category_snapshot(category)}
        updates["category"] = category
    if "assignee_id" in changes and changes["assignee_id"] != idea.assignee_id:
        chosen = changes["assignee_id"]
        person = assignment.assignable_person(idea.org_id, chosen) if chosen else None
        # Only ids: the history names people as they are now, and forgets an erased one.
        recorded["assignee"] = {"from": _text(idea.assignee_id), "to": _text(chosen)}
        updates["assignee"] = person
    if "due_date" in changes and changes["due_date"] != idea.due_date:
        chosen = changes["due_date"]
        if chosen is not None:
            assignment.settable_due_date(chosen)
        recorded["due_date"] = {"from": _text(idea.due_date), "to": _text(chosen)}
        updates["due_date"] = chosen
    if not recorded:
        return None
    for field, value in updates.items():
        setattr(idea, field, value)
    now = utcnow()
    idea.updated_at = now
    edit = IdeaEdit(idea=idea, actor=actor, changes=recorded, created_at=now)
    db.session.add(edit)
    db.session.flush()
    if updates.get("assignee") is not None:
        push.notify_assigned(idea, updates["assignee"], actor)
    return edit


def _text(value) -> str | None:
    return None if value is None else (value.isoformat() if hasattr(value, "isoformat")
                                       else str(value))
