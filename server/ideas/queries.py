"""The idea feeds: scopes, filters, sorting and keyset pagination."""
from __future__ import annotations

import functools
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import Date, Float, and_, bindparam, case, cast, func, or_, select

from .. import cursors
from ..admin.models import Unit
from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from . import search
from ..timestamps import UTCDateTime, utcnow
from ..auth.scope import handled_path
from .access import handled_in, hidden_visible_in
from .assignment import overdue_clause, today
from .models import Comment, Idea, StatusChange, Vote


# Fider's trending: recent votes and comments, decaying with the idea's age in hours.
TREND_WINDOW = timedelta(days=30)
TREND_GRAVITY = 1.4


# Each sort's order as (key, descending), ending with the id so that it is total.
ORDERS = {
    "new": (("created_at", True), ("id", True)),
    "top": (("vote_count", True), ("created_at", True), ("id", True)),
    "relevance": (("rank", True), ("id", True)),
    "trending": (("trend", True), ("id", True)),
    # Oldest first of those without a first answer; the answered after them.
    "waiting": (("answered", False), ("created_at", False), ("id", False)),
}


def _keys(sort: str, *, dialect: str) -> list[tuple[str, object, bool]]:
    """The order of a feed as (name, expression over Idea, descending).

    Keys other than the model's columns are selected under their name, so that a
    page's rows carry what the cursor needs and the outer query orders by them.
    """
    computed = {
        "trend": lambda: _trend(dialect),
        "answered": lambda: case((Idea.first_response_at.is_(None), 0), else_=1),
    }
    return [(name, computed[name]() if name in computed else getattr(Idea, name), descending)
            for name, descending in ORDERS[sort]]


def _trend(dialect: str):
    """Fider's trending score at the page's reference time ``trend_at``."""
    at, since = bindparam("trend_at", type_=UTCDateTime), bindparam("trend_since", type_=UTCDateTime)
    votes = (select(func.count()).select_from(Vote)
             .where(Vote.idea_id == Idea.id, Vote.created_at >= since).scalar_subquery())
    comments = (select(func.count()).select_from(Comment)
                .where(Comment.idea_id == Idea.id, Comment.created_at >= since)
                .scalar_subquery())
    if dialect == "postgresql":
        hours = func.extract("epoch", at - Idea.created_at) / 3600.0
    else:
        hours = (func.julianday(at) - func.julianday(Idea.created_at)) * 24.0
    # A clock a little behind an idea's creation must not take a root of a negative.
    hours = case((hours > 0, hours), else_=0.0)
    activity = cast(votes * 5 + comments * 3 - 1, Float)
    return cast(activity / func.pow(cast(hours, Float) + 2.0, TREND_GRAVITY), Float)


_CURSOR_KINDS = {"created_at": cursors.moment, "id": cursors.ident, "vote_count": cursors.count,
                 "rank": cursors.score, "trend": cursors.score, "answered": cursors.count}


def _cursor_names(sort: str) -> list[str]:
    names = [name for name, _ in ORDERS[sort]]
    # A trending feed keeps its reference time, so its order holds still while paging.
    return ["trend_at", *names] if sort == "trending" else names


def encode_cursor(idea, sort: str, *, trend_at=None) -> str:
    """Encode where a page ended; ``idea`` is the last idea's row."""
    return cursors.encode(*(trend_at if name == "trend_at" else getattr(idea, name)
                            for name in _cursor_names(sort)))


def decode_cursor(cursor: str, sort: str) -> dict:
    names = _cursor_names(sort)
    kinds = [cursors.moment if name == "trend_at" else _CURSOR_KINDS[name] for name in names]
    return dict(zip(names, cursors.decode(cursor, *kinds)))


FEED_COLUMNS = ("id", "title", "description", "status", "anonymous", "submitter_id", "unit_id",
                "category_id", "vote_count", "comment_count", "created_at", "updated_at", "hidden",
                "hidden_reason", "assignee_id", "due_date")


@functools.lru_cache(maxsize=64)
def feed_statement(*, scope: str, filtered: bool, sort: str, paged: bool, words: int = 0,
                   dialect: str = "sqlite", within: bool = False, categorised: bool = False,
                   overdue: bool = False, walk: bool = True):
    """Build, once per shape of feed, the select of a page plus one; ``feed_values`` binds it.

    Building a statement costs more than running it, so each shape is built
    once and its values are bound per request. ``words`` is the number of
    search words (0: no search); ``sort`` "relevance" needs some. ``within``
    narrows to one unit and its sub-units (with the ideas routed there by their
    category), ``categorised`` to one category, ``overdue`` to the ideas past their due
    date. ``walk`` tells how a relevance search finds its newest matches
    (``_relevance_statement``).
    """
    narrowing = {"scope": scope, "within": within, "categorised": categorised,
                 "filtered": filtered, "overdue": overdue}
    if sort == "relevance":
        return _relevance_statement(paged=paged, words=words, dialect=dialect, walk=walk,
                                    **narrowing)
    query = _narrowed(select(*(getattr(Idea, name) for name in FEED_COLUMNS)), **narrowing)
    if words:
        query = search.match(query, Idea.id, Idea.org_id, count=words, dialect=dialect)
    keys = _keys(sort, dialect=dialect)
    extra = [expression.label(name) for name, expression, _ in keys
             if name not in FEED_COLUMNS]
    if extra:
        query = query.add_columns(*extra)
    if paged:
        query = query.where(_after(keys))
    order = [expression.desc() if descending else expression.asc()
             for _, expression, descending in keys]
    return query.order_by(*order).limit(bindparam("limit"))


def _narrowed(query, *, scope: str, within: bool, categorised: bool, filtered: bool,
              overdue: bool):
    """Narrow a select of ideas to the organisation, scope and filters of a feed, and to
    what the viewer may see of the hidden ones (moderation)."""
    handled = select(Unit.id).where(Unit.path.startswith(bindparam("handled_path")))
    query = query.where(Idea.org_id == bindparam("org_id"),
                        hidden_visible_in(bindparam("viewer_id"), handled))
    if scope == "mine":
        query = query.where(Idea.submitter_id == bindparam("viewer_id"))
    elif scope == "assigned":
        query = query.where(Idea.assignee_id == bindparam("viewer_id"))
    elif scope == "unit":
        subtree = select(Unit.id).where(Unit.path.startswith(bindparam("unit_path")))
        query = query.where(handled_in(Idea.unit_id, Idea.category_id, subtree))
    if within:
        chosen = select(Unit.id).where(Unit.path.startswith(bindparam("within_path")))
        query = query.where(handled_in(Idea.unit_id, Idea.category_id, chosen))
    if categorised:
        query = query.where(Idea.category_id == bindparam("category_id"))
    if filtered:
        query = query.where(Idea.status.in_(bindparam("statuses", expanding=True)))
    if overdue:
        query = query.where(overdue_clause(Idea.status, Idea.due_date,
                                           bindparam("today", type_=Date)))
    return query


def _relevance_statement(*, paged: bool, words: int, dialect: str, walk: bool, **narrowing):
    """The best first of the newest ``ranked_matches`` matches of a search.

    Ranking reads every ranked idea's words, so a word found in a hundred thousand
    ideas cannot have them all ranked in a request: only the newest matches are (a
    search with more words, a filter or ``sort=new`` reaches older ones). They are
    found by walking the ideas newest first (``walk``, when the words are common)
    or by reading every match through the index; the two find the same ideas. Only
    the page's ideas are then joined whole.
    """
    matching = _narrowed(select(Idea.id, Idea.created_at, *search.rank_columns(dialect)),
                         **narrowing)
    matching = search.match(matching, Idea.id, Idea.org_id, count=words, dialect=dialect)
    if walk:
        matches = matching.order_by(Idea.created_at.desc(), Idea.id.desc())
    else:
        # OFFSET 0 keeps PostgreSQL from walking the ideas in order for the limit: this
        # subquery is planned for every match, read through the search indexes.
        every = matching.offset(0).subquery("matching")
        matches = select(every).order_by(every.c.created_at.desc(), every.c.id.desc())
    matches = matches.limit(bindparam("ranked_matches")).subquery("matches")
    ranked, rank = search.rank(select(matches.c.id), matches, count=words, dialect=dialect)
    ranked = ranked.add_columns(rank.label("rank"))
    if paged:
        ranked = ranked.where(_after([("rank", rank, True), ("id", matches.c.id, True)]))
    ranked = (ranked.order_by(rank.desc(), matches.c.id.desc())
              .limit(bindparam("limit")).subquery("ranked"))
    return (select(*(getattr(Idea, name) for name in FEED_COLUMNS), ranked.c.rank)
            .join(ranked, ranked.c.id == Idea.id)
            .order_by(ranked.c.rank.desc(), ranked.c.id.desc()))


def feed_order(columns, sort: str) -> tuple:
    """The feed's order over a page's columns (``.c``), which carry every key by name."""
    return tuple(getattr(columns, name).desc() if descending else getattr(columns, name).asc()
                 for name, descending in ORDERS[sort])


def feed_values(viewer: User, *, statuses: list[str], sort: str, cursor: str | None,
                limit: int, words: list[str] = (), dialect: str = "sqlite",
                within: str | None = None, category_id: uuid.UUID | None = None) -> dict:
    """Return the values ``feed_statement`` binds for this viewer and page."""
    # Staff handle nothing: a path no unit has stands in for none.
    values = {"org_id": viewer.org_id, "viewer_id": viewer.id, "unit_path": viewer.unit.path,
              "handled_path": handled_path(viewer) or "-",
              "today": today(),
              "statuses": statuses, "limit": limit + 1, "within_path": within,
              "category_id": category_id,
              "ranked_matches": current_app.config["SEARCH_RANKED_MATCHES"],
              **search.values(list(words), dialect=dialect)}
    position = decode_cursor(cursor, sort) if cursor else {}
    values.update({f"after_{name}": value for name, value in position.items()})
    if sort == "trending":
        values["trend_at"] = position.get("trend_at") or utcnow()
        values["trend_since"] = values["trend_at"] - TREND_WINDOW
    return values


def _after(keys):
    """Rows after the cursor's position in the order of ``keys``."""
    later = []
    for i, (name, expression, descending) in enumerate(keys):
        bound = bindparam(f"after_{name}", type_=expression.type)
        step = expression < bound if descending else expression > bound
        same = [e == bindparam(f"after_{n}", type_=e.type) for n, e, _ in keys[:i]]
        later.append(and_(*same, step))
    return or_(*later)


def unit_path_of(viewer: User, unit_id: uuid.UUID) -> str:
    """Return the path of a unit of the viewer's organisation, or refuse the filter."""
    unit = db.session.get(Unit, unit_id)
    # Another organisation's unit is refused like one that does not exist.
    if unit is None or unit.org_id != viewer.org_id:
        raise Invalid("This unit does not exist or you cannot see it.", code="unknown_unit")
    return unit.path


def latest_changes(idea_ids: list[uuid.UUID]) -> dict:
    """Return each idea's latest status change after its submission, as rows, in one query."""
    if not idea_ids:
        return {}
    return {c.idea_id: c for c in db.session.connection().execute(
        _latest_changes_statement(), {"idea_ids": idea_ids})}


@functools.cache
def _latest_changes_statement():
    newest_first = func.row_number().over(
        partition_by=StatusChange.idea_id,
        order_by=(StatusChange.created_at.desc(), StatusChange.id.desc())).label("n")
    ranked = (select(StatusChange.id, newest_first)
              .where(StatusChange.idea_id.in_(bindparam("idea_ids", expanding=True)),
                     StatusChange.from_status.is_not(None))
              .subquery())
    return (select(StatusChange.idea_id, StatusChange.to_status, StatusChange.note,
                   StatusChange.created_at)
            .join(ranked, ranked.c.id == StatusChange.id).where(ranked.c.n == 1))
