"""Remember the result of an unsafe request so that a replay returns it unchanged."""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from ..extensions import db
from ..timestamps import utcnow
from .models import IdempotencyKey


@dataclass(frozen=True)
class Attempt:
    user_id: uuid.UUID
    key: uuid.UUID
    fingerprint: str
    method: str
    path: str


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
    return db.session.get(IdempotencyKey, (user_id, key))


def matches(record: IdempotencyKey, attempt: Attempt) -> bool:
    return (record.fingerprint == attempt.fingerprint and record.method == attempt.method
            and record.path == attempt.path)


def remember(attempt: Attempt, *, status_code: int, body: str) -> None:
    """Store the result in the request's transaction; a racing twin fails on the primary key."""
    db.session.add(IdempotencyKey(user_id=attempt.user_id, key=attempt.key,
                                  fingerprint=attempt.fingerprint, method=attempt.method,
                                  path=attempt.path, status_code=status_code,
                                  response_body=body, created_at=utcnow()))
    db.session.flush()


def purge(*, older_than_days: int) -> int:
    """Forget keys older than the retention period; returns how many."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return result.rowcount or 0
