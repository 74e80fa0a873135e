"""The feed page, built from plain rows.

The feed is the most requested resource: colleagues scroll it in their
breaks. Loading ORM objects and dumping them through marshmallow cost about
three quarters of a request, so the page is selected as columns in three
queries (the page's ideas, then joined with their unit, submitter and my
vote; their photos; their latest answers) and written as JSON directly.
``IdeaPageSchema`` still documents the shape, and a test holds each item
equal to the idea's detail.
"""
from __future__ import annotations

import functools
import json
import uuid
from collections import defaultdict

from flask import Response, url_for
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import aliased

from ..admin.models import Unit
from ..auth.models import User
from ..categories import services as categories
from ..categories.models import Category, label
from ..extensions import db
from . import queries, search, similar
from .access import can_vote, submitter_visible
from .assignment import is_overdue, today
from .models import Photo, Vote

_PHOTO_ID = "00000000000000000000000000000000"


def feed_response(viewer: User, *, scope: str, statuses: list[str], sort: str,
                  cursor: str | None, limit: int, query: str | None = None,
                  unit_id: uuid.UUID | None = None,
                  category_id: uuid.UUID | None = None, overdue: bool = False) -> Response:
    """Answer one page of the feed for ``viewer`` (a User, not the proxy) as JSON.

    With a search ``query``, only ideas with all its words; one without any
    word (only punctuation) finds nothing. ``unit_id`` narrows to that unit
    and its sub-units, ``category_id`` to one category; a unit or category of another
    organisation is refused like an unknown one. ``overdue``: only the ideas past their due date.
    """
    unit_path = queries.unit_path_of(viewer, unit_id) if unit_id is not None else None
    if category_id is not None:
        categories.known_category(viewer, category_id)
    words = search.words(query) if query is not None else []
    if query is not None and not words:
        return _json({"items": [], "next_cursor": None})
    connection = db.session.connection()
    dialect = connection.dialect.name
    values = queries.feed_values(viewer, statuses=statuses, sort=sort, cursor=cursor,
                                 limit=limit, words=words, dialect=dialect, within=unit_path,
                                 category_id=category_id)
    if words and dialect == "postgresql":
        search.settle(connection)
    walk = (sort != "relevance" or dialect != "postgresql"
            or search.many_matches(connection, viewer.org_id, words,
                                   ranked=values["ranked_matches"]))
    statement = _statement(scope=scope, filtered=bool(statuses), sort=sort, paged=bool(cursor),
                           words=len(words), dialect=dialect, within=unit_path is not None,
                           categorised=category_id is not None, overdue=overdue,
                           walk=walk)
    rows = connection.execute(statement, values).all()
    page, more = rows[:limit], len(rows) > limit
    ids = [row.id for row in page]
    photos, changes = _photos(ids), queries.latest_changes(ids)
    on = today()
    items = [_item(row, viewer, photos[row.id], changes.get(row.id), on) for row in page]
    after = (queries.encode_cursor(page[-1], sort, trend_at=values.get("trend_at"))
             if more else None)
    return _json({"items": items, "next_cursor": after})


def _json(body: dict) -> Response:
    return Response(json.dumps(body, separators=(",", ":"), ensure_ascii=False),
                    mimetype="application/json")


@functools.lru_cache(maxsize=64)
def _statement(**shape):
    # The page is chosen first and only its rows are joined with their unit,
    # submitter and my vote, whatever the planner guesses about the tables.
    page = queries.feed_statement(**shape).subquery("page")
    voted = exists().where(Vote.idea_id == page.c.id, Vote.user_id == bindparam("viewer_id"))
    assignee = aliased(User)
    return (select(page, Unit.name.label("unit_name"), Unit.path.label("unit_path"),
                   User.display_name.label("submitter_name"), voted.label("my_vote"),
                   Category.name.label("category_name"), Category.name_en.label("category_en"),
                   assignee.display_name.label("assignee_name"))
            .join(Unit, Unit.id == page.c.unit_id)
            .outerjoin(User, User.id == page.c.submitter_id)
            .outerjoin(assignee, assignee.id == page.c.assignee_id)
            .outerjoin(Category, Category.id == page.c.category_id)
            .order_by(*queries.feed_order(page.c, shape["sort"])))


@functools.cache
def _photos_statement():
    return (select(Photo.idea_id, Photo.id, Photo.width, Photo.height)
            .where(Photo.idea_id.in_(bindparam("idea_ids", expanding=True)))
            .order_by(Photo.idea_id, Photo.position))


def _item(row, viewer: User, photos: list[dict], change, on) -> dict:
    mine = row.submitter_id == viewer.id
    # The feed's rows are of the viewer's organisation, so only the anonymity rule is left.
    shown = submitter_visible(viewer, anonymous=row.anonymous, submitter_id=row.submitter_id,
                              unit_path=row.unit_path)
    # An assignee who is the anonymous submitter is named only to those who may know them.
    assignee_shown = row.assignee_id is not None and (row.assignee_id != row.submitter_id
                                                      or shown)
    return {
        "id": str(row.id), "title": row.title, "description": row.description,
        "status": row.status, "anonymous": row.anonymous, "is_mine": mine,
        "unit": {"id": str(row.unit_id), "name": row.unit_name},
        "category": None if row.category_id is None else {
            "id": str(row.category_id),
            "name": label(row.category_name, row.category_en, viewer.language)},
        "submitter": ({"id": str(row.submitter_id), "display_name": row.submitter_name}
                      if shown and row.submitter_id is not None else None),
        "vote_count": row.vote_count, "my_vote": bool(row.my_vote),
        "comment_count": row.comment_count, "photos": photos,
        "can_vote": can_vote(viewer, submitter_id=row.submitter_id, status=row.status),
        "stems": similar.stems(row.title, row.description),
        "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
        "last_change": None if change is None else {
            "to_status": change.to_status, "note": change.note,
            "created_at": change.created_at.isoformat()},
        "hidden": row.hidden, "hidden_reason": row.hidden_reason,
        "assignee": ({"id": str(row.assignee_id), "display_name": row.assignee_name}
                     if assignee_shown else None),
        "due_date": None if row.due_date is None else row.due_date.isoformat(),
        "overdue": is_overdue(status=row.status, due_date=row.due_date, on=on),
    }


def _photos(idea_ids: list) -> dict:
    found = defaultdict(list)
    if not idea_ids:
        return found
    # One url_for per page: the route's URL with the id swapped in.
    full = url_for("ideas.get_photo", photo_id=_PHOTO_ID, size="full")
    thumb = url_for("ideas.get_photo", photo_id=_PHOTO_ID, size="thumb")
    rows = db.session.connection().execute(_photos_statement(), {"idea_ids": idea_ids})
    for row in rows:
        ident = str(row.id)
        found[row.idea_id].append({
            "id": ident, "width": row.width, "height": row.height,
            "url": full.replace(_PHOTO_ID, ident), "thumb_url": thumb.replace(_PHOTO_ID, ident)})
    return found
