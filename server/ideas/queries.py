"""The idea feeds: scopes, filters, sorting and keyset pagination."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from ..admin.models import Unit
from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from .models import Idea, StatusChange


def encode_cursor(idea: Idea, sort: str) -> str:
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


def feed_query(viewer: User, *, scope: str, statuses: list[str], sort: str,
               cursor: str | None, limit: int):
    query = (select(Idea).where(Idea.org_id == viewer.org_id)
             .options(selectinload(Idea.photos)))
    if scope == "mine":
        query = query.where(Idea.submitter_id == viewer.id)
    elif scope == "unit":
        subtree = select(Unit.id).where(Unit.path.startswith(viewer.unit.path))
        query = query.where(Idea.unit_id.in_(subtree))
    if statuses:
        query = query.where(Idea.status.in_(statuses))
    if sort == "top":
        order = (Idea.vote_count.desc(), Idea.created_at.desc(), Idea.id.desc())
    else:
        order = (Idea.created_at.desc(), Idea.id.desc())
    if cursor:
        query = query.where(_after(decode_cursor(cursor, sort), sort))
    return query.order_by(*order).limit(limit + 1)


def latest_changes(idea_ids: list[uuid.UUID]) -> dict[uuid.UUID, StatusChange]:
    """Return each idea's latest status change after its submission, in one query."""
    if not idea_ids:
        return {}
    newest_first = func.row_number().over(
        partition_by=StatusChange.idea_id,
        order_by=(StatusChange.created_at.desc(), StatusChange.id.desc())).label("n")
    ranked = (select(StatusChange.id, newest_first)
              .where(StatusChange.idea_id.in_(idea_ids), StatusChange.from_status.is_not(None))
              .subquery())
    changes = db.session.scalars(select(StatusChange).join(ranked, ranked.c.id == StatusChange.id)
                                 .where(ranked.c.n == 1).options(lazyload(StatusChange.actor)))
    return {c.idea_id: c for c in changes}


def _after(position: list, sort: str):
    if sort == "top":
        votes, created, ident = position
        return or_(Idea.vote_count < votes,
                   and_(Idea.vote_count == votes, _after_time(created, ident)))
    created, ident = position
    return _after_time(created, ident)


def _after_time(created: datetime, ident: uuid.UUID):
    return or_(Idea.created_at < created, and_(Idea.created_at == created, Idea.id < ident))
