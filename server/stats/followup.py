"""Following up assigned ideas: implemented by their due date, and overdue, per sub-unit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, or_, select

from ..extensions import db
from ..ideas.assignment import overdue_clause, today
from ..ideas.models import Idea
from ..timestamps import STOCKHOLM


def followup_counts(units, org_id, year: int, *, now: datetime | None = None) -> dict:
    """Count, per direct sub-unit id (None: the unit's own) and in all (the key "all"):

    ``due``: ideas whose due date fell in the year and has come (or which were implemented
    before it), neither declined nor merged; ``implemented_by_due_date``: of those, the ones
    implemented on or before their due date (a day in Swedish time); ``overdue``: ideas open
    past their due date today, whatever the year. ``units`` is the subtree (id, child).
    Only ideas with a due date are read: few, and found by their index.
    """
    on = today(now)
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = and_(Idea.due_date >= start, Idea.due_date <= end)
    rows = db.session.execute(
        select(units.c.child, Idea.status, Idea.due_date, Idea.implemented_at)
        .select_from(Idea).join(units, Idea.unit_id == units.c.id)
        .where(Idea.org_id == org_id, Idea.due_date.is_not(None),
               or_(in_year, overdue_clause(Idea.status, Idea.due_date, on))))
    counts: dict = {}
    for child, status, due_date, implemented_at in rows:
        implemented = status == "implemented"
        on_time = implemented and implemented_at.astimezone(STOCKHOLM).date() <= due_date
        counted = (start <= due_date <= end and status not in ("declined", "merged")
                   and (due_date < on or on_time))
        late = status not in ("implemented", "declined", "merged") and due_date < on
        for key in (child, "all"):
            figures = counts.setdefault(key, {"due": 0, "implemented_by_due_date": 0,
                                              "overdue": 0})
            figures["due"] += counted
            figures["implemented_by_due_date"] += counted and on_time
            figures["overdue"] += late
    return counts
