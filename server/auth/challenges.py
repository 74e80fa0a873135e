"""WebAuthn challenges kept in the signed session cookie: random, short-lived, single-use.

Nothing is kept in process memory or the database, so any app process can finish a
ceremony another one started. A challenge is popped before it is checked, so a
failed attempt uses it up as well as a successful one.
"""
from __future__ import annotations

import uuid
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final

from flask import session

from ..timestamps import utcnow
from .passkeys import ChallengeMismatch

REGISTRATION: Final = "registration"
AUTHENTICATION: Final = "authentication"
# Matches the timeout the browser is given (passkeys.TIMEOUT_MS).
LIFETIME: Final = timedelta(minutes=5)

_KEY_PREFIX: Final = "webauthn."


@dataclass(frozen=True, slots=True)
class Challenge:
    """A challenge taken from the session, with when it was issued and to whom."""

    value: bytes
    issued_at: datetime
    user_id: uuid.UUID | None


def issue(ceremony: str, value: bytes, *, user_id: uuid.UUID | None = None) -> None:
    """Keep a new challenge for the ceremony in the session, replacing any earlier one."""
    session[_KEY_PREFIX + ceremony] = {
        "value": urlsafe_b64encode(value).decode("ascii"),
        "issued_at": utcnow().timestamp(),
        "user_id": user_id.hex if user_id else None,
    }


def take(ceremony: str, *, now: datetime | None = None) -> Challenge:
    """Pop the ceremony's challenge from the session; refuse a missing or expired one."""
    stored = session.pop(_KEY_PREFIX + ceremony, None)
    if not isinstance(stored, dict):
        raise ChallengeMismatch("This passkey request has expired or was already used. Please start again.")
    try:
        value = urlsafe_b64decode(stored["value"])
        issued_at = datetime.fromtimestamp(float(stored["issued_at"]), timezone.utc)
        user_id = uuid.UUID(stored["user_id"]) if stored.get("user_id") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise ChallengeMismatch("This passkey request could not be read. Please start again.") from exc
    if (now or utcnow()) - issued_at > LIFETIME:
        raise ChallengeMismatch("This passkey request has expired. Please start again.")
    return Challenge(value=value, issued_at=issued_at, user_id=user_id)
