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

HEADER = "X-Gnista-User"


def name_owner(response: Response) -> Response:
    if request.path.startswith("/api/") and current_user.is_authenticated:
        response.headers[HEADER] = str(current_user.id)
    return response


def register(app: Flask) -> None:
    app.after_request(name_owner)
