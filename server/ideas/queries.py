"""The idea feeds: scopes, filters, sorting and keyset pagination."""
from __future__ import annotations

import functools
import uuid

from sqlalchemy import Float, and_, bindparam, func, or_, select

from .. import cursors
from ..admin.models import Unit
from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from . import search
from .models import Idea, StatusChange


def encode_cursor(idea, sort: str) -> str:
    """Encode where a page ended; ``idea`` is the last idea or its row."""
    if sort == "relevance":
        return cursors.encode(idea.rank, idea.id)
    if sort == "top":
        return cursors.encode(idea.vote_count, idea.created_at, idea.id)
    return cursors.encode(idea.created_at, idea.id)


def decode_cursor(cursor: str, sort: str) -> list:
    if sort == "relevance":
        return cursors.decode(cursor, cursors.score, cursors.ident)
    if sort == "top":
        return cursors.decode(cursor, cursors.count, cursors.moment, cursors.ident)
    return cursors.decode(cursor, cursors.moment, cursors.ident)


FEED_COLUMNS = ("id", "title", "description", "status", "anonymous", "submitter_id", "unit_id",
                "vote_count", "comment_count", "created_at", "updated_at")


@functools.lru_cache(maxsize=64)
def feed_statement(*, scope: str, filtered: bool, sort: str, paged: bool, words: int = 0,
                   dialect: str = "sqlite", within: bool = False):
    """Build, once per shape of feed, the select of a page plus one; ``feed_values`` binds it.

    Building a statement costs more than running it, so each shape is built
    once and its values are bound per request. ``words`` is the number of
    search words (0: no search); ``sort`` "relevance" needs some. ``within``
    narrows to one unit and its sub-units.
    """
    query = (select(*(getattr(Idea, name) for name in FEED_COLUMNS))
             .where(Idea.org_id == bindparam("org_id")))
    rank = None
    if words:
        query, rank = search.match(query, Idea.id, count=words, dialect=dialect,
                                   ranked=sort == "relevance")
        if rank is not None:
            query = query.add_columns(rank.label("rank"))
    if scope == "mine":
        query = query.where(Idea.submitter_id == bindparam("viewer_id"))
    elif scope == "unit":
        subtree = select(Unit.id).where(Unit.path.startswith(bindparam("unit_path")))
        query = query.where(Idea.unit_id.in_(subtree))
    if within:
        chosen = select(Unit.id).where(Unit.path.startswith(bindparam("within_path")))
        query = query.where(Idea.unit_id.in_(chosen))
    if filtered:
        query = query.where(Idea.status.in_(bindparam("statuses", expanding=True)))
    if paged:
        query = query.where(_after(sort, rank))
    return query.order_by(*feed_order(Idea, sort, rank)).limit(bindparam("limit"))


def feed_order(columns, sort: str, rank=None) -> tuple:
    """The feed's order over ``columns`` (the Idea model or a page's ``.c``).

    Sorting by relevance needs the ``rank``: an expression, or a page's column.
    """
    if sort == "relevance":
        return ((columns.rank if rank is None else rank).desc(), columns.id.desc())
    newest = (columns.created_at.desc(), columns.id.desc())
    return (columns.vote_count.desc(), *newest) if sort == "top" else newest


def feed_values(viewer: User, *, statuses: list[str], sort: str, cursor: str | None,
                limit: int, words: list[str] = (), dialect: str = "sqlite",
                within: str | None = None) -> dict:
    """Return the values ``feed_statement`` binds for this viewer and page."""
    values = {"org_id": viewer.org_id, "viewer_id": viewer.id, "unit_path": viewer.unit.path,
              "statuses": statuses, "limit": limit + 1, "within_path": within,
              **search.values(list(words), dialect=dialect)}
    if cursor:
        position = decode_cursor(cursor, sort)
        if sort == "relevance":
            values["after_rank"], values["after_id"] = position
            return values
        if sort == "top":
            values["after_votes"] = position.pop(0)
        values["after_created"], values["after_id"] = position
    return values


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


def _after(sort: str, rank=None):
    if sort == "relevance":
        after, ident = bindparam("after_rank", type_=Float), bindparam("after_id")
        return or_(rank < after, and_(rank == after, Idea.id < ident))
    created, ident = bindparam("after_created"), bindparam("after_id")
    after_time = or_(Idea.created_at < created, and_(Idea.created_at == created, Idea.id < ident))
    if sort == "top":
        votes = bindparam("after_votes")
        return or_(Idea.vote_count < votes, and_(Idea.vote_count == votes, after_time))
    return after_time
