"""Server-side session records: each signed-in device is a row the cookie names.

The cookie alone is signed but cannot be taken back; the row can. Every request
looks its session up by primary key together with the user (one query, which
loading the user cost before), so deleting the row signs that device out at once.
"""
from __future__ import annotations

import logging
import re
import uuid
from datetime import timedelta

from flask import has_request_context, request
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import UNSAFE_METHODS, db
from ..timestamps import utcnow
from .models import SESSION_IDLE, SESSION_LIFETIME, Passkey, User, UserSession

log = logging.getLogger(__name__)

# "Last used" is kept to within this, so that reading the feed does not write every time.
TOUCH_AFTER = timedelta(hours=1)

# Browser and system names, most specific first (Edge and Samsung Internet also say Chrome).
_BROWSERS = (("EdgA?/|Edg/", "Edge"), ("SamsungBrowser/", "Samsung Internet"),
             ("OPR/|Opera", "Opera"), ("Firefox/|FxiOS/", "Firefox"),
             ("Chrome/|CriOS/|Chromium/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("CrOS", "ChromeOS"), ("Macintosh|Mac OS X", "Mac"),
            ("Linux", "Linux"))


def describe_device(user_agent: str | None) -> str:
    """Name a device by browser and system ("Safari, iPhone"); empty when unknown."""
    agent = (user_agent or "")[:512]
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, agent)), None)
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, agent)), None)
    return ", ".join(part for part in (browser, system) if part)


def start(user: User, *, passkey: Passkey | None = None) -> UserSession:
    """Record a new signed-in session for the user on this device."""
    now = utcnow()
    record = UserSession(id=uuid.uuid4(), user_id=user.id,
                         passkey_id=passkey.id if passkey else None,
                         device=describe_device(request.headers.get("User-Agent")
                                                if has_request_context() else None),
                         created_at=now, last_used_at=now, expires_at=now + SESSION_LIFETIME)
    db.session.add(record)
    db.session.flush()
    user.current_session = record
    return record


def resolve(cookie_id: str) -> User | None:
    """Return the user of a live session named by the cookie, or None; notes its use."""
    user_part, _, session_part = cookie_id.partition(".")
    try:
        user_id, session_id = uuid.UUID(hex=user_part), uuid.UUID(hex=session_part)
    except ValueError:
        return None  # also a cookie from before sessions were recorded
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.id == session_id, UserSession.user_id == user_id)).first()
    if row is None:
        return None
    record, user = row
    now = utcnow()
    if not user.active or record.expires_at <= now or record.last_used_at + SESSION_IDLE <= now:
        return None
    if now - record.last_used_at >= TOUCH_AFTER:
        _touch(record, now)
    user.current_session = record
    return user


def _touch(record: UserSession, now) -> None:
    # Written on its own, briefly: a read is rolled back at its end, and a write must not
    # take the write lock before its body has arrived (server/transactions.py).
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == record.id)
                               .values(last_used_at=now))
    except SQLAlchemyError:
        log.warning("Could not note the use of a session; it is noted next time", exc_info=True)


def current(user: User) -> UserSession | None:
    return user.current_session


def list_for(user: User) -> list[UserSession]:
    """Return the user's live sessions, most recently used first."""
    now = utcnow()
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at > now,
                                  UserSession.last_used_at > now - SESSION_IDLE)
        .options(selectinload(UserSession.passkey))
        .order_by(UserSession.last_used_at.desc(), UserSession.id)))


def own(user: User, session_id: uuid.UUID) -> UserSession:
    """Return one of the user's sessions, or 404."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user.id:
        raise NotFound("This signed-in device does not exist, or has signed out already.")
    return record


def end(record: UserSession) -> None:
    """Sign one device out."""
    db.session.execute(delete(UserSession).where(UserSession.id == record.id)
                       .execution_options(synchronize_session=False))
    db.session.flush()


def end_others(user: User) -> None:
    """Sign out every device of the user but the one making this request."""
    keep = user.current_session.id if user.current_session is not None else None
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.id != keep)
                       .execution_options(synchronize_session=False))
    db.session.flush()


def end_for_passkey(passkey: Passkey) -> None:
    """End the sessions a passkey started or was created in."""
    db.session.execute(delete(UserSession).where(UserSession.passkey_id == passkey.id)
                       .execution_options(synchronize_session=False))


def purge_expired() -> int:
    """Delete sessions past their lifetime or idle limit; returns how many."""
    now = utcnow()
    result = db.session.execute(delete(UserSession).where(
        (UserSession.expires_at <= now) | (UserSession.last_used_at <= now - SESSION_IDLE))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0
