"""Encode and decode the keyset cursors of every paged list, in one place.

A cursor comes back from the client, so each part is checked for its kind
and range here: a cursor the database cannot compare (a number beyond its
integer type, a time without a zone) is refused as invalid, not sent on.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from .errors import Invalid
from .inputs import check_text

# Counts are stored in 32-bit integer columns on PostgreSQL.
MAX_COUNT = 2**31 - 1
MAX_CURSOR_LENGTH = 1024
# Every time in a cursor is a row's or a page's time: nothing Gnista holds predates
# the epoch or lies days ahead. Outside that, arithmetic on it (a trending page's
# window) could overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
AHEAD = timedelta(days=1)


def count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ValueError("not a count")
    return value


def score(value: Any) -> float:
    """A search relevance: any finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("not a score")
    return float(value)


def moment(value: Any) -> datetime:
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError("a time without a zone")
    when = when.astimezone(timezone.utc)
    if not EARLIEST <= when <= datetime.now(timezone.utc) + AHEAD:
        raise ValueError("a time no row has")
    return when


def ident(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise TypeError("not an id")
    return uuid.UUID(hex=value)


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    check_text(value)
    return value


def encode(*parts: Any) -> str:
    """Encode a page's last position; datetimes and UUIDs are written as text."""
    plain = [p.isoformat() if isinstance(p, datetime) else p.hex if isinstance(p, uuid.UUID)
             else p for p in parts]
    raw = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, *kinds: Callable[[Any], Any]) -> list:
    """Decode a cursor whose parts are of ``kinds``, or refuse it with ``invalid_cursor``."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()).decode("utf-8"))
        if not isinstance(parts, list) or len(parts) != len(kinds):
            raise ValueError("wrong shape")
        return [kind(part) for kind, part in zip(kinds, parts)]
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error) as exc:
        # JSONDecodeError, UnicodeDecodeError and a bad text are ValueErrors too.
        raise Invalid("The cursor is not valid; start again from the first page.",
                      code="invalid_cursor") from exc
