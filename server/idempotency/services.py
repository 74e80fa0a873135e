"""Remember the result of an unsafe request so that a replay returns it unchanged."""
from __future__ import annotations

import hashlib
import hmac
import json
import math
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..timestamps import utcnow
from .. import transactions
from .models import IdempotencyClaim, IdempotencyKey
from .sealing import ReplyKeys, key_hash

# A twin usually finishes within a second or two; the client asks again after this.
IN_FLIGHT_RETRY_SECONDS = 2
# Keys are kept at least this long, whatever the configuration says (DESIGN.md).
MIN_RETENTION_DAYS = 30


@dataclass(frozen=True)
class Attempt:
    """A request holding the claim `token` on its key; its fingerprint comes once the body is in."""

    user_id: uuid.UUID
    key: uuid.UUID
    method: str
    path: str
    token: uuid.UUID | None = None
    fingerprint: str = ""

    @property
    def key_hash(self) -> str:
        return key_hash(self.user_id, self.key)

    @property
    def reply_keys(self) -> ReplyKeys:
        return ReplyKeys.derive(user_id=self.user_id, key=self.key, method=self.method,
                                path=self.path)


@dataclass(frozen=True)
class InFlight:
    """Another request with this key is still running; ask again after `retry_after` seconds."""

    retry_after: int


class LostClaim(Exception):
    """The claim's lease ran out and another request took the key over."""


def fingerprint(method: str, path: str, *, json_body=None, form=None, files=None,
                raw: bytes = b"") -> str:
    """Hash what the request means, not its bytes: a multipart boundary may differ."""
    digest = hashlib.sha256()
    digest.update(f"{method} {path}\n".encode())
    if json_body is not None:
        digest.update(json.dumps(json_body, sort_keys=True, separators=(",", ":")).encode())
    elif form is not None or files is not None:
        # A malformed part may have no name (None): compare names as text.
        for name, value in sorted((form or {}).items(), key=lambda item: str(item[0])):
            digest.update(f"f:{name}={value}\n".encode())
        for name, content in sorted(files or [], key=lambda item: (str(item[0]), item[1])):
            digest.update(f"b:{name}={hashlib.sha256(content).hexdigest()}\n".encode())
    else:
        digest.update(raw)
    return digest.hexdigest()


def find(user_id: uuid.UUID, key: uuid.UUID) -> IdempotencyKey | None:
    """The stored result of this user's key; another user's key, or a wrong one, finds nothing."""
    return db.session.get(IdempotencyKey, (user_id, key_hash(user_id, key)))


def matches(record, attempt: Attempt) -> bool:
    if record.method != attempt.method or record.path != attempt.path:
        return False
    return hmac.compare_digest(record.fingerprint,
                               attempt.reply_keys.keyed_fingerprint(attempt.fingerprint))


def reply_body(record, attempt: Attempt) -> str:
    """Open the stored reply with the key the replay was sent with (it matched the record)."""
    return attempt.reply_keys.open_reply(record.status_code, record.sealed_body)


def claim(attempt: Attempt, *, lease_seconds: int):
    """Claim the key for this request in a short committed transaction.

    Returns the Attempt with its claim token, the stored result when a twin
    finished first, or InFlight when a twin holds a live claim.
    """
    try:
        with transactions.short_write() as connection:
            return _claim(connection, attempt, lease_seconds)
    except IntegrityError:
        # A twin inserted its claim between our look and our insert.
        return InFlight(retry_after=IN_FLIGHT_RETRY_SECONDS)


def _claim(connection: Connection, attempt: Attempt, lease_seconds: int):
    now = utcnow()
    token = uuid.uuid4()
    where = (IdempotencyClaim.user_id == attempt.user_id,
             IdempotencyClaim.key_hash == attempt.key_hash)
    held = connection.execute(select(IdempotencyClaim.token, IdempotencyClaim.expires_at)
                              .where(*where)).first()
    values = {"token": token, "expires_at": now + timedelta(seconds=lease_seconds)}
    if held is None:
        connection.execute(insert(IdempotencyClaim).values(user_id=attempt.user_id,
                                                            key_hash=attempt.key_hash, **values))
    elif held.expires_at > now:
        left = math.ceil((held.expires_at - now).total_seconds())
        return InFlight(retry_after=max(1, min(IN_FLIGHT_RETRY_SECONDS, left)))
    else:
        # A crashed request's claim: take it over, unless a twin took it first.
        taken = connection.execute(update(IdempotencyClaim)
                                   .where(*where, IdempotencyClaim.token == held.token)
                                   .values(**values))
        if taken.rowcount != 1:
            return InFlight(retry_after=IN_FLIGHT_RETRY_SECONDS)
    # A twin may have stored its result and let go of its claim just before ours.
    done = connection.execute(select(IdempotencyKey.__table__).where(
        IdempotencyKey.user_id == attempt.user_id,
        IdempotencyKey.key_hash == attempt.key_hash)).first()
    if done is not None:
        connection.execute(delete(IdempotencyClaim).where(*where, IdempotencyClaim.token == token))
        return done
    return Attempt(user_id=attempt.user_id, key=attempt.key, method=attempt.method,
                   path=attempt.path, token=token)


def release(attempt: Attempt) -> None:
    """Let go of the claim of a request that ended without storing a result."""
    with transactions.short_write() as connection:
        connection.execute(delete(IdempotencyClaim).where(
            IdempotencyClaim.user_id == attempt.user_id,
            IdempotencyClaim.key_hash == attempt.key_hash, IdempotencyClaim.token == attempt.token))


def remember(attempt: Attempt, *, status_code: int, body: str) -> None:
    """Store the result and end the claim in the request's own transaction."""
    ended = db.session.execute(delete(IdempotencyClaim).where(
        IdempotencyClaim.user_id == attempt.user_id,
        IdempotencyClaim.key_hash == attempt.key_hash, IdempotencyClaim.token == attempt.token))
    if ended.rowcount != 1:
        raise LostClaim()
    # The primary key still guards: of two requests that both think they hold the key,
    # only one can insert it.
    keys = attempt.reply_keys
    db.session.add(IdempotencyKey(user_id=attempt.user_id, key_hash=attempt.key_hash,
                                  fingerprint=keys.keyed_fingerprint(attempt.fingerprint),
                                  method=attempt.method, path=attempt.path,
                                  status_code=status_code,
                                  sealed_body=keys.seal_reply(status_code, body),
                                  created_at=utcnow()))
    db.session.flush()


def retention_days(config) -> int:
    """How many days a key is kept: what a queued request's age must stay under to replay safely."""
    return max(MIN_RETENTION_DAYS, int(config["GNISTA_IDEMPOTENCY_DAYS"]))


def purge(*, older_than_days: int) -> int:
    """Forget keys older than the retention, and claims long expired; returns how many keys."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    db.session.execute(delete(IdempotencyClaim).where(
        IdempotencyClaim.expires_at < utcnow() - timedelta(days=1)))
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return result.rowcount or 0
