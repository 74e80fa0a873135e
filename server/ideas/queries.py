"""The idea feeds: scopes, filters, sorting and keyset pagination."""
from __future__ import annotations

import base64
import functools
import json
import uuid
from datetime import datetime

from sqlalchemy import and_, bindparam, func, or_, select

from ..admin.models import Unit
from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from .models import Idea, StatusChange


def encode_cursor(idea, sort: str) -> str:
    """Encode where a page ended; ``idea`` is the last idea or its row."""
    parts = [idea.created_at.isoformat(), idea.id.hex]
    if sort == "top":
        parts.insert(0, idea.vote_count)
    raw = json.dumps(parts, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if sort == "top":
            votes, created, ident = parts
            return [int(votes), datetime.fromisoformat(created), uuid.UUID(ident)]
        created, ident = parts
        return [datetime.fromisoformat(created), uuid.UUID(ident)]
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Invalid("The cursor is not valid; start again from the first page.",
                      code="invalid_cursor") from exc


FEED_COLUMNS = ("id", "title", "description", "status", "anonymous", "submitter_id", "unit_id",
                "vote_count", "comment_count", "created_at", "updated_at")


@functools.lru_cache(maxsize=64)
def feed_statement(*, scope: str, filtered: bool, sort: str, paged: bool):
    """Build, once per shape of feed, the select of a page plus one; ``feed_values`` binds it.

    Building a statement costs more than running it, so each shape is built
    once and its values are bound per request.
    """
    query = (select(*(getattr(Idea, name) for name in FEED_COLUMNS))
             .where(Idea.org_id == bindparam("org_id")))
    if scope == "mine":
        query = query.where(Idea.submitter_id == bindparam("viewer_id"))
    elif scope == "unit":
        subtree = select(Unit.id).where(Unit.path.startswith(bindparam("unit_path")))
        query = query.where(Idea.unit_id.in_(subtree))
    if filtered:
        query = query.where(Idea.status.in_(bindparam("statuses", expanding=True)))
    if paged:
        query = query.where(_after(sort))
    return query.order_by(*feed_order(Idea, sort)).limit(bindparam("limit"))


def feed_order(columns, sort: str) -> tuple:
    """The feed's order over ``columns`` (the Idea model or a page's ``.c``)."""
    newest = (columns.created_at.desc(), columns.id.desc())
    return (columns.vote_count.desc(), *newest) if sort == "top" else newest


def feed_values(viewer: User, *, statuses: list[str], sort: str, cursor: str | None,
                limit: int) -> dict:
    """Return the values ``feed_statement`` binds for this viewer and page."""
    values = {"org_id": viewer.org_id, "viewer_id": viewer.id, "unit_path": viewer.unit.path,
              "statuses": statuses, "limit": limit + 1}
    if cursor:
        position = decode_cursor(cursor, sort)
        if sort == "top":
            values["after_votes"] = position.pop(0)
        values["after_created"], values["after_id"] = position
    return values


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


def _after(sort: str):
    created, ident = bindparam("after_created"), bindparam("after_id")
    after_time = or_(Idea.created_at < created, and_(Idea.created_at == created, Idea.id < ident))
    if sort == "top":
        votes = bindparam("after_votes")
        return or_(Idea.vote_count < votes, and_(Idea.vote_count == votes, after_time))
    return after_time
