"""The per-address limit on passkey ceremonies, joining and invitation look-ups.

Ten a minute stops guessing and hammering yet lets a shared phone serve a
shift change. A staff room where everyone scans the poster at once behind
one Wi-Fi address may need more: ``GNISTA_SIGN_IN_LIMIT`` sets it.
"""
from __future__ import annotations

from flask import current_app


def sign_in_limit() -> str:
    return current_app.config["GNISTA_SIGN_IN_LIMIT"]
