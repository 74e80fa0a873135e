"""Who carries an idea out and by when: the rules of assigning, and of being overdue.

A handler gives an idea an assignee (anyone active in the idea's organisation)
and a due date. An idea is overdue when its due date has passed in Swedish time
and it is still open: implemented, declined and merged ideas are done with.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import and_

from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from ..timestamps import STOCKHOLM

# The statuses whose due date no longer matters.
FINISHED = frozenset({"implemented", "declined", "merged"})


def today(now: datetime | None = None) -> date:
    """The municipalities' date now: due dates are days in Swedish time."""
    return (now or datetime.now(timezone.utc)).astimezone(STOCKHOLM).date()


def is_overdue(*, status: str, due_date: date | None, on: date | None = None) -> bool:
    """Whether an idea with this status and due date is overdue on the day ``on`` (today)."""
    return due_date is not None and status not in FINISHED and due_date < (on or today())


def overdue_clause(status_column, due_column, on):
    """SQL: the idea is overdue on the day ``on`` (a bound value), as ``is_overdue`` says."""
    return and_(due_column.is_not(None), due_column < on, status_column.not_in(FINISHED))


def assignable_person(idea_org_id: uuid.UUID, person_id: uuid.UUID) -> User:
    """An active person of the idea's organisation; anyone else is refused (422)."""
    person = db.session.get(User, person_id)
    if person is None or not person.is_active or person.org_id != idea_org_id:
        raise Invalid("This person does not exist, is not active, or is not in your "
                      "organisation. Choose someone else.", code="unknown_assignee")
    return person


def settable_due_date(chosen: date) -> date:
    """A due date set anew may be today or later; a date in the past is refused."""
    if chosen < today():
        raise Invalid(f"The due date {chosen.isoformat()} has already passed. Choose today or "
                      "a later date.", code="due_date_in_past")
    return chosen
