"""The metrics, counted by the database: per unit subtree or organisation, per year."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import (Uuid, and_, case, cast, func, literal, literal_column, null, or_, select,
                        union_all)
from sqlalchemy.dialects.postgresql import array

from ..admin.models import Unit
from ..auth.models import User
from ..auth.scope import handles_unit
from ..errors import Forbidden, NotFound
from ..extensions import db
from ..timestamps import STOCKHOLM
from ..ideas.models import Idea
from .categories import category_figures
from .followup import followup_counts
from .rounding import rounded

# Years and months are those of the municipalities' calendar, not UTC.
ANSWER_WITHIN = timedelta(days=7)
_MS_PER_HOUR = 3_600_000
# percentile_disc at this fraction is the upper of the two middle values (for any count
# below 10**8), at 0.5 the lower.
_JUST_ABOVE_HALF = 0.5 + 1e-9


def current_year(now: datetime | None = None) -> int:
    return (now or datetime.now(timezone.utc)).astimezone(STOCKHOLM).year


def month_bounds(year: int) -> list[datetime]:
    """Return the 13 UTC instants where the year's months begin and the year ends."""
    local = [datetime(year, m, 1, tzinfo=STOCKHOLM) for m in range(1, 13)]
    local.append(datetime(year + 1, 1, 1, tzinfo=STOCKHOLM))
    return [moment.astimezone(timezone.utc) for moment in local]


def year_elapsed_share(year: int, now: datetime | None = None) -> float:
    """Return how much of the year has passed: 0 before it, 1 after it."""
    bounds = month_bounds(year)
    now = now or datetime.now(timezone.utc)
    if now <= bounds[0]:
        return 0.0
    if now >= bounds[-1]:
        return 1.0
    return (now - bounds[0]) / (bounds[-1] - bounds[0])


def scope_unit(viewer: User, unit_id: uuid.UUID | None) -> Unit:
    """Return the unit whose subtree the viewer asks about and may see."""
    if viewer.role not in ("handler", "admin"):
        raise Forbidden("Only handlers and administrators can see the statistics.")
    if unit_id is None:
        # A handler's own unit is their whole world; an admin's is the organisation.
        return db.session.get(Unit, viewer.org_id) if viewer.role == "admin" else viewer.unit
    unit = db.session.get(Unit, unit_id)
    if unit is None or not handles_unit(viewer, unit.path):
        raise NotFound("That unit does not exist or is not one of yours.")
    return unit


def _ratio(numerator, denominator) -> float | None:
    return numerator / denominator if denominator else None


class _Counter:
    """Build the queries for one unit's subtree; each figure is counted in SQL.

    Two passes over the ideas count the whole year: one over the year's submissions, one
    over the year's decisions. Each is aggregated per direct sub-unit and in all at once,
    the months as running filtered counts: `GROUP BY ROLLUP` on PostgreSQL, and on SQLite,
    which has no ROLLUP, the two groupings joined with UNION ALL.
    """

    def __init__(self, unit: Unit, year: int):
        self.unit = unit
        self.bounds = month_bounds(year)
        self.start, self.end = self.bounds[0], self.bounds[-1]
        self.postgresql = db.session.get_bind().dialect.name == "postgresql"
        # The subtree's units, each with the id of the direct sub-unit it lies in: the path
        # segment after ours (NULL for the unit itself). Ideas are grouped by that id, found
        # by joining the subtree's few units (by the path index), never by matching paths.
        depth = len(unit.path)
        child = case((func.length(Unit.path) > depth,
                      cast(func.substr(Unit.path, depth + 1, 32), Uuid)), else_=None)
        self.units = (select(Unit.id, child.label("child"), Unit.headcount, Unit.archived_at)
                      .where(Unit.path.startswith(unit.path)).subquery("subtree"))

    def in_year(self, column):
        return and_(column >= self.start, column < self.end)

    def answer(self):
        """Return the time from submission to the first response.

        On PostgreSQL the interval itself: comparing and sorting it is exact and cheaper than
        its numeric epoch. On SQLite milliseconds: julianday keeps them, and rounding removes
        the floating-point noise.
        """
        if self.postgresql:
            return Idea.first_response_at - Idea.created_at
        return func.round((func.julianday(Idea.first_response_at)
                           - func.julianday(Idea.created_at)) * 86_400_000)

    def answered_in_time(self):
        within = ANSWER_WITHIN if self.postgresql else ANSWER_WITHIN / timedelta(milliseconds=1)
        return case((self.answer() <= within, 1), else_=0)

    def median(self, answers):
        """Return the aggregate whose result _median_ms() turns into the median in ms."""
        if not self.postgresql:
            return null()  # computed by _sqlite_medians()
        # The two middle answers (the same one when their number is odd): the median is
        # then computed exactly as percentile_cont(0.5) over the milliseconds would.
        return func.percentile_disc(array([0.5, _JUST_ABOVE_HALF])).within_group(answers)

    def submissions(self):
        """Return the year's submitted ideas: sub-unit, time, submitter, answer."""
        return (select(self.units.c.child, Idea.created_at.label("at"),
                       Idea.submitter_id.label("submitter_id"), self.answer().label("answer"),
                       self.answered_in_time().label("in_time"))
                .select_from(Idea).join(self.units, Idea.unit_id == self.units.c.id)
                .where(Idea.org_id == self.unit.org_id, self.in_year(Idea.created_at)))

    def decisions(self):
        """Return the year's decisions counted per unit, with the unit's direct sub-unit."""
        # Two branches rather than an OR: each is an index-only scan of its partial index
        # (server/stats/models.py), whose predicate needs the status as a literal.
        branches = [
            select(Idea.unit_id.label("unit_id"), column.label("at"),
                   literal_column(flag).label("implemented"))
            .where(Idea.org_id == self.unit.org_id, Idea.status == literal_column(f"'{status}'"),
                   self.in_year(column))
            for status, column, flag in (("implemented", Idea.implemented_at, "1"),
                                         ("declined", Idea.declined_at, "0"))]
        decided = union_all(*branches).subquery("decided")
        # Counted per unit first (hashed), so that only a row per unit is joined with the
        # subtree and grouped by sub-unit. Below the organisation, the decisions outside the
        # subtree are left out before they are counted.
        per_unit = (select(decided.c.unit_id,
                           func.sum(decided.c.implemented).label("implemented"),
                           func.count().label("decided"),
                           *(count.label(f"before_{m}") for m, count in enumerate(
                               self.before_months(decided.c.at, decided.c.implemented == 1), 1)))
                    .group_by(decided.c.unit_id))
        if self.unit.parent_id is not None:
            per_unit = per_unit.where(decided.c.unit_id.in_(select(self.units.c.id)))
        per_unit = per_unit.subquery("per_unit")
        return (select(self.units.c.child, *(c for c in per_unit.c if c.name != "unit_id"))
                .select_from(per_unit).join(self.units, per_unit.c.unit_id == self.units.c.id))

    def before_months(self, at, condition=None) -> list:
        """Count the rows before the end of each month but the last: eleven filtered counts."""
        # Running counts take one comparison a row and month; the months are their differences.
        return [func.count().filter(and_(at < self.bounds[m],
                                         *([] if condition is None else [condition])))
                for m in range(1, 12)]

    def rollup(self, rows, aggregates) -> list:
        """Aggregate the rows per direct sub-unit and in all, in one statement.

        Each result row is: 1 if it is the row over all sub-units, the sub-unit, the aggregates.
        """
        if self.postgresql:
            rows = rows.subquery("rows")
            query = (select(func.grouping(rows.c.child), rows.c.child, *aggregates(rows))
                     .group_by(func.rollup(rows.c.child)))
        else:
            rows = rows.cte("rows")  # used twice: SQLite materialises it once
            query = union_all(
                select(literal(0), rows.c.child, *aggregates(rows)).group_by(rows.c.child),
                select(literal(1), null(), *aggregates(rows)))
        return db.session.execute(query).all()

    def count(self) -> tuple[dict, dict, list[dict]]:
        """Return the year's figures: in all, per direct sub-unit id, and per month."""
        totals: dict = {}
        groups: dict = {}
        months = [{"month": m, "submitted": 0, "implemented": 0} for m in range(1, 13)]

        def submitted(rows):
            return (func.count(), func.sum(rows.c.in_time),
                    func.count(func.distinct(rows.c.submitter_id)), self.median(rows.c.answer),
                    *self.before_months(rows.c.at))

        def decided(rows):
            return (func.sum(rows.c.implemented),
                    func.sum(rows.c.decided) - func.sum(rows.c.implemented),
                    *(func.sum(rows.c[f"before_{m}"]) for m in range(1, 12)))

        for rows, aggregates, names in (
                (self.submissions(), submitted,
                 ("submitted", "answered_in_time", "participants", "median_ms")),
                (self.decisions(), decided, ("implemented", "declined"))):
            for in_all, child, *values in self.rollup(rows, aggregates):
                figures = dict(zip(names, values))
                if not in_all:
                    groups.setdefault(child, {}).update(figures)
                    continue
                totals.update(figures)
                running = [0, *(int(n or 0) for n in values[len(names):]),
                           int(figures[names[0]] or 0)]
                for month, before, through in zip(months, running, running[1:]):
                    month[names[0]] = through - before
        if self.postgresql:
            for figures in (totals, *groups.values()):
                figures["median_ms"] = _median_ms(figures.get("median_ms"))
        else:
            self._sqlite_medians(totals, groups)
        for figures in (totals, *groups.values()):
            figures["median_hours_to_acknowledge"] = _hours(figures.pop("median_ms", None))
        return totals, groups, months

    def _sqlite_medians(self, totals: dict, groups: dict) -> None:
        # SQLite has no percentile: number the answers in order, in each sub-unit and in
        # all, and fetch only the one or two in the middle of each.
        answers = self.submissions().subquery("answers")
        ranked = select(
            answers.c.child, answers.c.answer,
            func.row_number().over(partition_by=answers.c.child,
                                   order_by=answers.c.answer).label("in_child"),
            func.count().over(partition_by=answers.c.child).label("of_child"),
            func.row_number().over(order_by=answers.c.answer).label("in_all"),
            func.count().over().label("of_all"),
        ).where(answers.c.answer.is_not(None)).subquery("ranked")
        r = ranked.c

        def middle(position, count):
            # The middle one when the count is odd, both middle ones when it is even.
            return position.in_(((count + 1) // 2, (count + 2) // 2))

        query = select(r.child, r.answer, middle(r.in_child, r.of_child),
                       middle(r.in_all, r.of_all)).where(or_(middle(r.in_child, r.of_child),
                                                             middle(r.in_all, r.of_all)))
        per_group: dict = {}
        overall: list = []
        for child, answer, in_child, in_all in db.session.execute(
                query.order_by(r.answer)).all():
            if in_child:
                per_group.setdefault(child, []).append(answer)
            if in_all:
                overall.append(answer)
        totals["median_ms"] = _middle(overall)
        for child, values in per_group.items():
            groups.setdefault(child, {})["median_ms"] = _middle(values)

    def headcounts(self) -> dict:
        """Return the headcount per direct sub-unit id (None: the unit's own)."""
        # A unit archived before the year began had no employees in it.
        units = self.units.c
        query = (select(units.child, func.sum(units.headcount))
                 .where(or_(units.archived_at.is_(None), units.archived_at >= self.start))
                 .group_by(units.child))
        return {key: int(total or 0) for key, total in db.session.execute(query)}


def _median_ms(middle: list[timedelta] | None) -> float | None:
    """Return the median in ms from the two middle answers, as percentile_cont(0.5) would."""
    if not middle:
        return None
    # Whole microseconds divided once: the same float as PostgreSQL's numeric epoch * 1000.
    low, high = (answer // timedelta(microseconds=1) / 1000 for answer in middle)
    return low + (high - low) * 0.5


def _hours(milliseconds) -> float | None:
    return None if milliseconds is None else float(milliseconds) / _MS_PER_HOUR


def _middle(ordered: list) -> float | None:
    """Return the median of an already sorted list."""
    if not ordered:
        return None
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _figures(counts: dict, headcount: int, target: float | None) -> dict:
    submitted = int(counts.get("submitted") or 0)
    implemented = int(counts.get("implemented") or 0)
    declined = int(counts.get("declined") or 0)
    return {
        "submitted": submitted,
        "headcount": headcount,
        "per_employee": _ratio(submitted, headcount),
        "target_per_employee": target,
        "target_ideas": target * headcount if target is not None else None,
        "implemented": implemented,
        "declined": declined,
        "implemented_share": _ratio(implemented, implemented + declined),
        "median_hours_to_acknowledge": counts.get("median_hours_to_acknowledge"),
        "acknowledged_within_7_days": int(counts.get("answered_in_time") or 0),
        "acknowledged_within_7_days_share": _ratio(int(counts.get("answered_in_time") or 0),
                                                   submitted),
        "participants": int(counts.get("participants") or 0),
        "participation": _ratio(int(counts.get("participants") or 0), headcount),
        "due": int(counts.get("due") or 0),
        "implemented_by_due_date": int(counts.get("implemented_by_due_date") or 0),
        "implemented_by_due_date_share": _ratio(int(counts.get("implemented_by_due_date") or 0),
                                                int(counts.get("due") or 0)),
        "overdue": int(counts.get("overdue") or 0),
    }


def unit_statistics(unit: Unit, year: int, *, now: datetime | None = None,
                    language: str | None = None) -> dict:
    """Count the year's figures for a unit with its sub-units, and for each direct sub-unit."""
    counter = _Counter(unit, year)
    totals, groups, months = counter.count()
    followup = followup_counts(counter.units, unit.org_id, year, now=now)
    totals.update(followup.pop("all", {}))
    for child, figures in followup.items():
        groups.setdefault(child, {}).update(figures)
    headcounts = counter.headcounts()
    target = unit.effective_target()

    children = db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)).all()
    units = []
    for child in children:
        counts = groups.get(child.id, {})
        archived_before = child.archived_at is not None and child.archived_at < counter.start
        if archived_before and not any(counts.get(k) for k in ("submitted", "implemented",
                                                                "declined", "due", "overdue")):
            continue
        own = child.target_per_employee
        units.append({"id": child.id, "name": child.name,
                      "archived": child.archived_at is not None,
                      **_figures(counts, headcounts.get(child.id, 0),
                                 own if own is not None else target)})
    units.sort(key=lambda u: (u["name"].casefold(), u["id"].hex))
    return rounded({"unit": {"id": unit.id, "name": unit.name},
                    "organisation": unit.parent_id is None,
                    "year": year, "year_elapsed_share": year_elapsed_share(year, now),
                    **_figures(totals, sum(headcounts.values()), target),
                    "monthly": months, "units": units,
                    "categories": category_figures(unit, counter.start, counter.end,
                                                   language=language)})
