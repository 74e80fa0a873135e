"""Keep a signed-in phone signed in without rewriting the cookie on every answer.

The session is a signed cookie. If every response carried it again, an answer
to a request that started before the session changed (a passkey challenge
stored, a sign-in) could arrive last and put the older cookie back: the
browser fetches in parallel at start-up. So the cookie is only sent when the
session changes, and a signed-in session is renewed for its full lifetime at
most once every ROLL_AFTER.
"""
from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, Response, request, session

ROLL_AFTER = timedelta(hours=12)
_KEY = "_rolled"


def mark_rolled() -> None:
    """Note that the session's cookie was just sent with a fresh expiry."""
    session[_KEY] = int(time.time())


def roll(response: Response) -> Response:
    # Only the API reads the session; shell files must not touch it.
    if request.path.startswith("/api/") and session.permanent and "_user_id" in session:
        if time.time() - session.get(_KEY, 0) >= ROLL_AFTER.total_seconds():
            mark_rolled()
    return response


def register(app: Flask) -> None:
    app.after_request(roll)
