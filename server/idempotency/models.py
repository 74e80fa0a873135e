"""Stored results of unsafe requests, keyed by the client's Idempotency-Key.

Neither the key nor the reply is stored readable: rows are found by the key's
hash and the reply is sealed under the key (see sealing.py).
"""
from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timestamps import UTCDateTime, utcnow


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"

    # The primary key is the guard: two racing requests cannot both insert it.
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # An HMAC of the request's fingerprint under a key derived from the Idempotency-Key.
    fingerprint: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(300))
    status_code: Mapped[int] = mapped_column(Integer)
    # The reply's body, AES-GCM under a key derived from the Idempotency-Key: nonce + ciphertext.
    sealed_body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at = mapped_column(UTCDateTime, default=utcnow, index=True)


class IdempotencyClaim(db.Model):
    """A key whose request is still running: a short committed row, not a held lock.

    The request that holds the claim deletes it in the commit that stores its
    result; a failed request deletes it at once; a crashed one's lease expires.
    """

    __tablename__ = "idempotency_claims"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[uuid.UUID] = mapped_column(Uuid)
    expires_at = mapped_column(UTCDateTime, index=True)
