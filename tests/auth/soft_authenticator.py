"""A software passkey authenticator plus browser, for API tests without a browser.

It answers `navigator.credentials.create()` and `.get()` options the way a phone
with a platform authenticator does, and returns what `credential.toJSON()`
gives in a browser. Knobs let a test misbehave like a hostile or broken client.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

# An AAGUID of our own, so that tests can tell this authenticator's passkeys apart.
AAGUID: Final = bytes.fromhex("6a4e15a0c2d44b0e9a3f0d1e2c3b4a59")
ES256: Final = -7

FLAG_UP: Final = 0x01
FLAG_UV: Final = 0x04
FLAG_BE: Final = 0x08
FLAG_BS: Final = 0x10
FLAG_AT: Final = 0x40


class AuthenticatorError(Exception):
    """Refuse a request as a browser would (NotAllowedError, InvalidStateError, ...)."""


def b64url(data: bytes) -> str:
    """Encode bytes as unpadded base64url, as `toJSON()` does."""
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """Decode unpadded base64url."""
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class StoredCredential:
    """A resident credential: the key pair and the account it was made for."""

    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    user_name: str
    sign_count: int = 0

    def cose_public_key(self) -> bytes:
        """Return the public key as a COSE EC2 key (kty 2, ES256, P-256)."""
        numbers = self.private_key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: ES256, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")},
            canonical=True,
        )


class SoftAuthenticator:
    """One phone's passkey store, used from one web origin."""

    def __init__(
        self,
        origin: str,
        rp_id: str | None = None,
        *,
        user_verified: bool = True,
        backed_up: bool = False,
        counter_step: int = 1,
    ) -> None:
        self.origin = origin
        self.rp_id = rp_id or urlsplit(origin).hostname or ""
        # Knobs: False drops the UV flag; backed_up sets BE|BS like a synced passkey;
        # counter_step 0 freezes the counter, a negative step makes it go back.
        self.user_verified = user_verified
        self.backed_up = backed_up
        self.counter_step = counter_step
        self.credentials: list[StoredCredential] = []

    def create(
        self,
        options_json: dict[str, Any],
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        user_verified: bool | None = None,
    ) -> dict[str, Any]:
        """Make a resident credential for creation options; return the credential's `toJSON()`."""
        rp_id = self._rp_id(options_json.get("rp", {}).get("id"), rp_id)
        if ES256 not in [p.get("alg") for p in options_json.get("pubKeyCredParams", [])]:
            raise AuthenticatorError("NotSupportedError: no ES256 in pubKeyCredParams")
        excluded = {unb64url(c["id"]) for c in options_json.get("excludeCredentials", [])}
        if any(c.credential_id in excluded for c in self._for_rp(rp_id)):
            raise AuthenticatorError("InvalidStateError: a passkey for this account is already on this device")
        user = options_json["user"]
        user_handle = unb64url(user["id"])
        # A resident-key authenticator keeps one credential per account and site.
        self.credentials = [c for c in self.credentials if (c.rp_id, c.user_handle) != (rp_id, user_handle)]
        credential = StoredCredential(
            credential_id=os.urandom(16),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            rp_id=rp_id,
            user_handle=user_handle,
            user_name=user["name"],
        )
        self.credentials.append(credential)

        client_data = self._client_data("webauthn.create", options_json["challenge"], origin)
        attested = AAGUID + struct.pack(">H", len(credential.credential_id)) + credential.credential_id
        auth_data = self._authenticator_data(
            rp_id, FLAG_AT, credential.sign_count, user_verified, attested + credential.cose_public_key()
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data}, canonical=True)
        public_key_der = credential.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation_object),
                "authenticatorData": b64url(auth_data),
                "transports": ["hybrid", "internal"],
                "publicKeyAlgorithm": ES256,
                "publicKey": b64url(public_key_der),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get(
        self,
        options_json: dict[str, Any],
        *,
        credential_id: bytes | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
        user_verified: bool | None = None,
        sign_count: int | None = None,
        tamper_signature: bool = False,
    ) -> dict[str, Any]:
        """Sign request options with a chosen resident credential; return the assertion's `toJSON()`."""
        credential = self._choose(
            self._rp_id(options_json.get("rpId"), None), options_json.get("allowCredentials") or [], credential_id
        )
        credential.sign_count = (
            sign_count if sign_count is not None else max(0, credential.sign_count + self.counter_step)
        )
        client_data = self._client_data("webauthn.get", options_json["challenge"], origin)
        # An rp_id override signs the right passkey for the wrong site, like a forged client.
        auth_data = self._authenticator_data(rp_id or credential.rp_id, 0, credential.sign_count, user_verified)
        signature = credential.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        if tamper_signature:
            # The last byte belongs to the integer s, so the DER stays well-formed.
            signature = signature[:-1] + bytes([signature[-1] ^ 0x01])
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(credential.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def credential(self, credential_id: bytes) -> StoredCredential:
        """Return the stored credential with this id."""
        for credential in self.credentials:
            if credential.credential_id == credential_id:
                return credential
        raise KeyError(credential_id)

    def _rp_id(self, requested: str | None, override: str | None) -> str:
        # A browser refuses options whose rp id does not fit the page's origin.
        if requested not in (None, self.rp_id):
            raise AuthenticatorError(f"SecurityError: rp id {requested!r} is not valid on {self.origin}")
        return override or self.rp_id

    def _for_rp(self, rp_id: str) -> list[StoredCredential]:
        return [c for c in self.credentials if c.rp_id == rp_id]

    def _choose(self, rp_id: str, allowed: list[dict[str, Any]], credential_id: bytes | None) -> StoredCredential:
        # With no allowCredentials the phone shows an account picker; a test names its pick.
        allowed_ids = {unb64url(c["id"]) for c in allowed}
        candidates = [c for c in self._for_rp(rp_id) if not allowed_ids or c.credential_id in allowed_ids]
        if credential_id is not None:
            candidates = [c for c in candidates if c.credential_id == credential_id]
        if not candidates:
            raise AuthenticatorError("NotAllowedError: no passkey for this site on this device")
        if len(candidates) > 1:
            raise AuthenticatorError("several passkeys fit; pass credential_id= to pick one")
        return candidates[0]

    def _client_data(self, ceremony: str, challenge: str, origin: str | None) -> bytes:
        data = {"type": ceremony, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False}
        return json.dumps(data, separators=(",", ":")).encode()

    def _authenticator_data(
        self, rp_id: str, flags: int, sign_count: int, user_verified: bool | None, attested: bytes = b""
    ) -> bytes:
        flags |= FLAG_UP
        if self.user_verified if user_verified is None else user_verified:
            flags |= FLAG_UV
        if self.backed_up:
            flags |= FLAG_BE | FLAG_BS
        return hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", sign_count) + attested
