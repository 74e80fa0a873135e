"""Merging a duplicate into another idea: the one place that does it.

The duplicate becomes ``merged`` (final) and points at the idea it went into.
Its voters count on that idea, each once: a voter who had voted there already
is not counted twice, and the target's own submitter, who cannot vote on their
own idea, is not given a vote. The duplicate then has no votes and takes none
(it is no longer open); comments stay possible, so its submitter can still ask
why. The first answer counts as the duplicate's first handler response.
"""
from __future__ import annotations

from sqlalchemy import Uuid, delete, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..errors import Conflict
from ..extensions import db
from ..push import services as push
from ..timestamps import utcnow
from . import workflow
from .models import Idea, StatusChange, Vote


def merge_idea(actor: User, idea: Idea, *, into: Idea, note: str = "") -> StatusChange:
    """Merge ``idea`` into ``into``; the caller has checked that ``actor`` handles both."""
    if into.id == idea.id:
        raise Conflict("An idea cannot be merged into itself. Choose another idea.",
                       code="merge_into_itself")
    if into.org_id != idea.org_id:
        raise Conflict("Ideas of different organisations cannot be merged.",
                       code="merge_across_organisations")
    if into.status == "merged":
        raise Conflict("That idea has itself been merged into another one. Merge into that "
                       "one instead.", code="merge_into_merged")
    if idea.status not in workflow.MERGEABLE:
        raise Conflict(f"An idea that is '{idea.status}' cannot be merged: only submitted, "
                       "acknowledged or in-review ideas can.", code="merge_not_allowed")
    now = utcnow()
    previous = idea.status
    values = {"status": "merged", "merged_into_id": into.id, "updated_at": now,
              "declined_at": None}
    if idea.first_response_at is None:
        values["first_response_at"] = now
    # Compare-and-set, as change_status: of two handlers acting at once, the second gets a 409.
    result = db.session.execute(update(Idea).where(Idea.id == idea.id, Idea.status == previous)
                                .values(**values))
    if result.rowcount != 1:
        raise Conflict("Someone else changed this idea just now. Reload and try again.",
                       code="concurrent_change")
    # The target must not be merged away meanwhile: lock it by touching it.
    touched = db.session.execute(update(Idea).where(Idea.id == into.id, Idea.status != "merged")
                                 .values(updated_at=now))
    if touched.rowcount != 1:
        raise Conflict("That idea has itself been merged into another one. Merge into that "
                       "one instead.", code="merge_into_merged")
    _move_votes(idea, into)
    change = StatusChange(idea_id=idea.id, from_status=previous, to_status="merged",
                          note=note or "", actor=actor, created_at=now)
    db.session.add(change)
    db.session.flush()
    db.session.refresh(idea)
    db.session.refresh(into)
    push.notify_merged(idea, into, change)
    return change


def _move_votes(idea: Idea, into: Idea) -> None:
    there = aliased(Vote)
    moving = select(literal(into.id, Uuid()), Vote.user_id, Vote.created_at).where(
        Vote.idea_id == idea.id,
        ~exists().where(there.idea_id == into.id, there.user_id == Vote.user_id))
    if into.submitter_id is not None:
        moving = moving.where(Vote.user_id != into.submitter_id)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # A vote cast on the target while this runs is the voter's one vote there.
    db.session.execute(insert(Vote).from_select(["idea_id", "user_id", "created_at"], moving)
                       .on_conflict_do_nothing())
    db.session.execute(delete(Vote).where(Vote.idea_id == idea.id))
    # Counted afresh rather than added to: a vote cast on the target meanwhile counts once.
    for target in (idea.id, into.id):
        count = select(func.count()).select_from(Vote).where(Vote.idea_id == target).scalar_subquery()
        db.session.execute(update(Idea).where(Idea.id == target).values(vote_count=count))
