"""Name the person every API answer belongs to, for the web app's offline copies.

A shared work phone passes between colleagues. The service worker keeps each
person's answers in a cache of their own and must know whose an answer is
without trusting what the page last believed: the session cookie is HttpOnly,
so only the server can say. ``X-Gnista-User`` carries the signed-in user's id
on every API answer given to a signed-in session (none when signed out).
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user
from sqlalchemy import inspect

HEADER = "X-Gnista-User"


def name_owner(response: Response) -> Response:
    # is_anonymous, not is_authenticated: the latter reads `active`, loading the row again.
    if request.path.startswith("/api/") and not current_user.is_anonymous:
        response.headers[HEADER] = str(_user_id(current_user._get_current_object()))
    return response


def _user_id(user):
    # After a write's commit the user's attributes are expired: reading `id` would
    # load the row again, one more query and transaction per write. The identity
    # key holds the id without one.
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else user.id


def register(app: Flask) -> None:
    app.after_request(name_owner)
