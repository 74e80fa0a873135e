"""Stored replies are readable only by the client that holds the Idempotency-Key.

The key itself is never stored: rows are found by a hash of the user and the key,
and the reply is encrypted (AES-GCM) under a key derived from the raw
Idempotency-Key with HKDF, bound to the user, the method and the path, so a row
cannot be read without the header, nor moved to another user or route. The
request's fingerprint is stored keyed the same way, so a guessable request body
(an e-mail address) cannot be confirmed from the database either.

Plain SHA-256, not an HMAC under SECRET_KEY, finds the row: the key is a random
UUID, so its hash reveals nothing, and a rotated SECRET_KEY must not make every
queued request look new and run twice. The secrecy rests on the client's key
being random (the web app uses crypto.randomUUID()).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_KEY_HASH_DOMAIN = b"gnista idempotency key v1\x00"
_HKDF_INFO = b"gnista idempotency reply v1\x00"
_NONCE_BYTES = 12


class UnreadableReply(Exception):
    """A stored reply that does not open under the key it was found by: it was altered."""


def key_hash(user_id: uuid.UUID, key: uuid.UUID) -> str:
    """What a row is found by: 64 hex digits that reveal neither the key nor the user."""
    return hashlib.sha256(_KEY_HASH_DOMAIN + user_id.bytes + key.bytes).hexdigest()


@dataclass(frozen=True)
class ReplyKeys:
    """The keys of one stored reply, derived from the raw Idempotency-Key; kept in memory only."""

    seal: bytes
    fingerprint: bytes

    @classmethod
    def derive(cls, *, user_id: uuid.UUID, key: uuid.UUID, method: str, path: str) -> ReplyKeys:
        material = HKDF(algorithm=hashes.SHA256(), length=64, salt=user_id.bytes,
                        info=_HKDF_INFO + method.encode() + b"\x00" + path.encode()
                        ).derive(key.bytes)
        return cls(seal=material[:32], fingerprint=material[32:])

    def keyed_fingerprint(self, fingerprint: str) -> str:
        return hmac.new(self.fingerprint, fingerprint.encode(), hashlib.sha256).hexdigest()

    def seal_reply(self, status_code: int, body: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + AESGCM(self.seal).encrypt(nonce, body.encode(), _aad(status_code))

    def open_reply(self, status_code: int, sealed: bytes) -> str:
        try:
            return AESGCM(self.seal).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:],
                                             _aad(status_code)).decode()
        except Exception as exc:  # InvalidTag, a truncated value, bad UTF-8
            raise UnreadableReply() from exc


def _aad(status_code: int) -> bytes:
    # The status is stored in the clear beside the reply; binding it here keeps it honest.
    return b"status=%d" % status_code
