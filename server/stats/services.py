"""The metrics, counted by the database: per unit subtree or organisation, per year."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Float, and_, case, cast, extract, func, literal_column, or_, select

from ..admin.models import Unit
from ..auth.models import User
from ..errors import Forbidden, NotFound
from ..extensions import db
from ..ideas.models import Idea

# Years and months are those of the municipalities' calendar, not UTC.
STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANSWER_WITHIN = timedelta(days=7)
_MS_PER_HOUR = 3_600_000


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
    allowed = viewer.role == "admin" and unit is not None and unit.org_id == viewer.org_id
    if unit is None or not (allowed or viewer.unit.contains(unit)):
        raise NotFound("That unit does not exist or is not one of yours.")
    return unit


def _ratio(numerator, denominator) -> float | None:
    return numerator / denominator if denominator else None


class _Counter:
    """Build the queries for one unit's subtree; each figure is counted in SQL."""

    def __init__(self, unit: Unit, year: int):
        self.unit = unit
        self.bounds = month_bounds(year)
        self.start, self.end = self.bounds[0], self.bounds[-1]
        self.dialect = db.session.get_bind().dialect.name
        # Which direct sub-unit an idea falls in: the first segment of its path after ours.
        # Ideas of the unit itself get our own path as their key.
        # A literal length, not a parameter: PostgreSQL must see the grouped expression and
        # the selected one as the same.
        self.child_key = func.substr(Unit.path, 1, literal_column(str(len(unit.path) + 33)))

    def ideas(self, *columns, grouped: bool):
        query = (select(*([self.child_key] if grouped else []), *columns)
                 .select_from(Idea).join(Unit, Idea.unit_id == Unit.id)
                 .where(Idea.org_id == self.unit.org_id))
        if self.unit.parent_id is not None:
            query = query.where(Unit.path.startswith(self.unit.path))
        return query.group_by(self.child_key) if grouped else query

    def in_year(self, column):
        return and_(column >= self.start, column < self.end)

    def answer_ms(self):
        """Milliseconds from submission to the first response, as an exact-enough number."""
        if self.dialect == "postgresql":
            return cast(extract("epoch", Idea.first_response_at - Idea.created_at) * 1000, Float)
        # julianday keeps milliseconds; rounding removes the floating-point noise.
        return func.round((func.julianday(Idea.first_response_at)
                           - func.julianday(Idea.created_at)) * 86_400_000)

    def submitted(self, *, grouped: bool) -> dict:
        within = ANSWER_WITHIN / timedelta(milliseconds=1)
        answered_in_time = case((self.answer_ms() <= within, 1), else_=0)
        query = self.ideas(func.count(Idea.id), func.sum(answered_in_time),
                           func.count(func.distinct(Idea.submitter_id)),
                           grouped=grouped).where(self.in_year(Idea.created_at))
        return self._rows(query, grouped, ("submitted", "answered_in_time", "participants"))

    def decided(self, *, grouped: bool) -> dict:
        implemented = and_(Idea.status == "implemented", self.in_year(Idea.implemented_at))
        declined = and_(Idea.status == "declined", self.in_year(Idea.declined_at))
        query = self.ideas(func.sum(case((implemented, 1), else_=0)),
                           func.sum(case((declined, 1), else_=0)),
                           grouped=grouped).where(or_(implemented, declined))
        return self._rows(query, grouped, ("implemented", "declined"))

    def medians(self) -> tuple[dict, dict]:
        """Return the median hours to the first response: overall, and per sub-unit."""
        answered = and_(self.in_year(Idea.created_at), Idea.first_response_at.is_not(None))
        if self.dialect == "postgresql":
            median = func.percentile_cont(0.5).within_group(self.answer_ms())
            overall = db.session.scalar(self.ideas(median, grouped=False).where(answered))
            grouped = dict(db.session.execute(self.ideas(median, grouped=True).where(answered)).all())
        else:
            # SQLite has no percentile: fetch only the durations, sorted by the database,
            # and pick the middle of the whole list and of each sub-unit's share of it.
            ms = self.answer_ms().label("ms")
            rows = db.session.execute(self.ideas(ms, grouped=False)
                                      .add_columns(self.child_key).where(answered)
                                      .order_by(ms)).all()
            overall = _middle([row[0] for row in rows])
            per_group: dict = {}
            for value, key in rows:
                per_group.setdefault(key, []).append(value)
            grouped = {key: _middle(values) for key, values in per_group.items()}
        return ({"median_hours_to_acknowledge": _hours(overall)},
                {key: {"median_hours_to_acknowledge": _hours(value)}
                 for key, value in grouped.items()})

    def monthly(self) -> list[dict]:
        months = [{"month": m, "submitted": 0, "implemented": 0} for m in range(1, 13)]
        for column, name, extra in ((Idea.created_at, "submitted", None),
                                    (Idea.implemented_at, "implemented",
                                     Idea.status == "implemented")):
            month = case(*[(column < self.bounds[m], m) for m in range(1, 13)])
            inner = self.ideas(month.label("month"), grouped=False).where(self.in_year(column))
            if extra is not None:
                inner = inner.where(extra)
            # Grouped outside: the month expression carries parameters, which PostgreSQL
            # would not match between SELECT and GROUP BY.
            inner = inner.subquery()
            query = select(inner.c.month, func.count()).group_by(inner.c.month)
            for number, count in db.session.execute(query):
                months[int(number) - 1][name] = count
        return months

    def headcounts(self) -> dict:
        # A unit archived before the year began had no employees in it.
        query = (select(self.child_key, func.sum(Unit.headcount))
                 .where(Unit.path.startswith(self.unit.path),
                        or_(Unit.archived_at.is_(None), Unit.archived_at >= self.start))
                 .group_by(self.child_key))
        return {key: int(total or 0) for key, total in db.session.execute(query)}

    def _rows(self, query, grouped: bool, names: tuple[str, ...]) -> dict:
        result = {}
        for row in db.session.execute(query):
            key = row[0] if grouped else None
            values = row[1:] if grouped else row
            result[key] = dict(zip(names, values))
        return result


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
    }


def unit_statistics(unit: Unit, year: int, *, now: datetime | None = None) -> dict:
    """Count the year's figures for a unit with its sub-units, and for each direct sub-unit."""
    counter = _Counter(unit, year)
    totals: dict = {}
    groups: dict = {}
    for part in ("submitted", "decided"):
        for values in getattr(counter, part)(grouped=False).values():
            totals.update(values)
        for key, values in getattr(counter, part)(grouped=True).items():
            groups.setdefault(key, {}).update(values)
    overall, per_group = counter.medians()
    totals.update(overall)
    for key, values in per_group.items():
        groups.setdefault(key, {}).update(values)
    headcounts = counter.headcounts()
    target = unit.effective_target()

    children = db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)).all()
    units = []
    for child in children:
        counts = groups.get(child.path, {})
        archived_before = child.archived_at is not None and child.archived_at < counter.start
        if archived_before and not any(counts.get(k) for k in ("submitted", "implemented",
                                                                "declined")):
            continue
        own = child.target_per_employee
        units.append({"id": child.id, "name": child.name,
                      "archived": child.archived_at is not None,
                      **_figures(counts, headcounts.get(child.path, 0),
                                 own if own is not None else target)})
    units.sort(key=lambda u: (u["name"].casefold(), u["id"].hex))
    return {"unit": {"id": unit.id, "name": unit.name}, "organisation": unit.parent_id is None,
            "year": year, "year_elapsed_share": year_elapsed_share(year, now),
            **_figures(totals, sum(headcounts.values()), target),
            "monthly": counter.monthly(), "units": units}
