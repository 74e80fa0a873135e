"""Gnista with the signed-in user and every feed page kept in process memory: a ceiling.

The server benchmark serves this beside the app to show how far a cache could
lift the feed's rate at most. Gunicorn serves it exactly as it serves
`wsgi:app`; the only change is that each worker remembers, for good, the user
behind each session and the JSON of each feed page it has answered, so a
repeated request reads neither the database nor any idea. Gnista does not run
like this: votes would never show, and a deactivated account would keep its
session.
"""
from __future__ import annotations

from flask import Response, request

from server.auth import services as auth_services
from server.extensions import db
from server.ideas import routes as idea_routes

_users: dict = {}
_pages: dict = {}
_load_user = auth_services.load_user
_feed_response = idea_routes.feed_response


def remembered_user(session_id: str):
    if session_id not in _users:
        user = _load_user(session_id)
        if user is not None:
            db.session.expunge(user)
        _users[session_id] = user
    user = _users[session_id]
    # Attached to this request's session without a query, so handlers can use it.
    return None if user is None else db.session.merge(user, load=False)


def remembered_page(viewer, **query) -> Response:
    key = (viewer.id, request.query_string)
    if key not in _pages:
        _pages[key] = _feed_response(viewer, **query).get_data()
    return Response(_pages[key], mimetype="application/json")


# Before the app is made: create_app() registers whatever load_user is then.
auth_services.load_user = remembered_user
idea_routes.feed_response = remembered_page

from server import create_app  # noqa: E402

app = create_app()
