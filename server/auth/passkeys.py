"""WebAuthn ceremonies for passkey registration and sign-in, free of Flask.

Gnista signs people in with discoverable credentials only: the browser offers
the passkeys stored for this site, the person picks their account (several
people may share one work phone), and the assertion's user handle says whose
passkey it is. Every check here fails closed with a `PasskeyError`.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import re
from base64 import urlsafe_b64decode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import webauthn
from cryptography.exceptions import InvalidSignature
from webauthn.helpers import bytes_to_base64url, parse_attestation_object, parse_authenticator_data
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorData,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

__all__ = [
    "BadSignature",
    "ChallengeMismatch",
    "InvalidCredential",
    "MalformedCredential",
    "NewPasskey",
    "OriginMismatch",
    "PasskeyError",
    "RpIdMismatch",
    "SignCountRegression",
    "UserHandleMismatch",
    "UserNotVerified",
    "authentication_options",
    "credential_id_of",
    "registration_options",
    "user_handle_of",
    "verify_authentication",
    "verify_registration",
]

# A person may need time to find the phone, unlock it and pick an account.
TIMEOUT_MS: Final = 5 * 60 * 1000

# Order is preference: ES256 works on every platform authenticator.
ALGORITHMS: Final = [
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.EDDSA,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
]

# WebAuthn Level 3 caps credential ids at 1023 bytes; larger ones are not from a real authenticator.
MAX_CREDENTIAL_ID_BYTES: Final = 1023
MAX_USER_HANDLE_BYTES: Final = 64

_KNOWN_TRANSPORTS: Final = frozenset(t.value for t in AuthenticatorTransport)
_ATTESTATION_FIELDS: Final = ("clientDataJSON", "attestationObject")
_ASSERTION_FIELDS: Final = ("clientDataJSON", "authenticatorData", "signature")
_BASE64URL: Final = re.compile(r"[A-Za-z0-9_-]*")
_LIBRARY_ERRORS: Final = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)

T = TypeVar("T")


class PasskeyError(Exception):
    """Refuse a passkey ceremony; the message tells the person what to do."""

    code = "passkey_invalid"


class MalformedCredential(PasskeyError):
    """Refuse a credential that is not well-formed WebAuthn JSON."""

    code = "passkey_malformed"


class InvalidCredential(PasskeyError):
    """Refuse a well-formed credential that does not verify."""


class ChallengeMismatch(InvalidCredential):
    """Refuse a response to another, expired or already used challenge."""

    code = "passkey_challenge"


class OriginMismatch(InvalidCredential):
    """Refuse a response made on another web site."""

    code = "passkey_origin"


class RpIdMismatch(InvalidCredential):
    """Refuse a passkey that belongs to another relying party."""

    code = "passkey_rp_id"


class UserNotVerified(InvalidCredential):
    """Refuse a response where the device did not verify the person."""

    code = "passkey_user_verification"


class BadSignature(InvalidCredential):
    """Refuse an assertion whose signature does not match the stored public key."""

    code = "passkey_signature"


class SignCountRegression(InvalidCredential):
    """Refuse an assertion whose signature counter did not increase."""

    code = "passkey_sign_count"


class UserHandleMismatch(InvalidCredential):
    """Refuse an assertion whose user handle is not the passkey owner's."""

    code = "passkey_user_handle"


@dataclass(frozen=True, slots=True)
class NewPasskey:
    """A verified new passkey, ready to be stored with its owner."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    transports: list[str]
    aaguid: str
    backed_up: bool
    backup_eligible: bool


def registration_options(
    *,
    rp_id: str,
    rp_name: str,
    user_id: bytes,
    user_name: str,
    display_name: str,
    exclude_credential_ids: list[bytes],
) -> tuple[dict[str, Any], bytes]:
    """Return creation options as browser JSON, and the challenge to keep for verification."""
    if not user_id or len(user_id) > MAX_USER_HANDLE_BYTES:
        raise ValueError(f"user_id must be 1 to {MAX_USER_HANDLE_BYTES} bytes")
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name=rp_name,
        user_id=user_id,
        user_name=user_name,
        user_display_name=display_name,
        timeout=TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        # Stops a phone from creating a second passkey for the same person.
        exclude_credentials=[PublicKeyCredentialDescriptor(id=cid) for cid in exclude_credential_ids],
        supported_pub_key_algs=ALGORITHMS,
    )
    return json.loads(webauthn.options_to_json(options)), options.challenge


def authentication_options(*, rp_id: str) -> tuple[dict[str, Any], bytes]:
    """Return request options for a discoverable sign-in, and the challenge to keep."""
    options = webauthn.generate_authentication_options(
        rp_id=rp_id,
        timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    options_json = json.loads(webauthn.options_to_json(options))
    # No user name is typed, so the browser must offer every passkey it holds for this site.
    options_json.pop("allowCredentials", None)
    return options_json, options.challenge


def verify_registration(
    *,
    credential_json: dict[str, Any] | str,
    challenge: bytes,
    rp_id: str,
    origin: str,
) -> NewPasskey:
    """Verify a browser's `credential.toJSON()` from registration and return the new passkey."""
    credential = _credential(credential_json, _ATTESTATION_FIELDS)
    _check_client_data(credential, "webauthn.create", challenge, origin)
    attestation = _guarded(
        parse_attestation_object, _b64(credential["response"], "attestationObject"), "attestationObject"
    )
    _check_authenticator_data(attestation.auth_data, rp_id)
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
            supported_pub_key_algs=ALGORITHMS,
        )
    except _LIBRARY_ERRORS as exc:
        raise _translated(exc) from exc
    if len(verified.credential_id) > MAX_CREDENTIAL_ID_BYTES:
        raise MalformedCredential("The passkey's id is too long to be a real passkey.")
    transports = credential["response"].get("transports")
    return NewPasskey(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=sorted({t for t in transports if t in _KNOWN_TRANSPORTS}) if isinstance(transports, list) else [],
        aaguid=verified.aaguid,
        backed_up=verified.credential_backed_up,
        backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
    )


def credential_id_of(assertion_json: dict[str, Any] | str) -> bytes:
    """Return the credential id of an assertion, unverified, to find the stored passkey."""
    return _b64(_credential(assertion_json, _ASSERTION_FIELDS), "rawId")


def user_handle_of(assertion_json: dict[str, Any] | str) -> bytes | None:
    """Return the user handle of an assertion, unverified, or None when the browser sent none."""
    response = _credential(assertion_json, _ASSERTION_FIELDS)["response"]
    if response.get("userHandle") in (None, ""):
        return None
    return _b64(response, "userHandle")


def verify_authentication(
    *,
    assertion_json: dict[str, Any] | str,
    challenge: bytes,
    rp_id: str,
    origin: str,
    public_key: bytes,
    stored_sign_count: int,
    user_handle: bytes | None = None,
) -> int:
    """Verify a browser's assertion `toJSON()` against a stored passkey and return the new sign count.

    Pass the owner's `user_handle` to also require that the assertion names that owner.
    """
    credential = _credential(assertion_json, _ASSERTION_FIELDS)
    _check_client_data(credential, "webauthn.get", challenge, origin)
    auth_data = _guarded(
        parse_authenticator_data, _b64(credential["response"], "authenticatorData"), "authenticatorData"
    )
    _check_authenticator_data(auth_data, rp_id)
    if user_handle is not None and user_handle_of(credential) != user_handle:
        raise UserHandleMismatch("This passkey belongs to another account. Choose your own account's passkey.")
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=public_key,
            # The counter is checked below, after the signature, so a regression is
            # only reported for an authentic assertion: a sign of a cloned passkey.
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except _LIBRARY_ERRORS as exc:
        raise _translated(exc) from exc
    new_count = verified.new_sign_count
    # Authenticators that keep no counter (most synced passkeys) always report 0.
    if (new_count or stored_sign_count) and new_count <= stored_sign_count:
        raise SignCountRegression(
            f"This passkey's counter went back from {stored_sign_count} to {new_count}, "
            "so it may have been copied. Remove this passkey and register a new one."
        )
    return new_count


def _credential(credential_json: dict[str, Any] | str, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the credential as a dict after checking its shape and base64url fields."""
    if isinstance(credential_json, (str, bytes)):
        try:
            credential_json = json.loads(credential_json)
        except (ValueError, RecursionError) as exc:
            raise MalformedCredential("The passkey response is not valid JSON.") from exc
    if not isinstance(credential_json, dict):
        raise MalformedCredential("The passkey response must be a JSON object.")
    if credential_json.get("type") != "public-key":
        raise MalformedCredential('The passkey response must have type "public-key".')
    if not isinstance(credential_json.get("response"), dict):
        raise MalformedCredential("The passkey response has no response object.")
    raw_id = _b64(credential_json, "rawId")
    # Both must be the one canonical unpadded encoding, as browsers send them.
    if not raw_id or not (credential_json["rawId"] == credential_json.get("id") == bytes_to_base64url(raw_id)):
        raise MalformedCredential("The passkey response's id and rawId do not match.")
    response = credential_json["response"]
    for field in fields:
        _b64(response, field)
    if response.get("userHandle") not in (None, ""):
        _b64(response, "userHandle")
    return credential_json


def _b64(container: dict[str, Any], field: str) -> bytes:
    """Decode a base64url field strictly: the library's decoder skips stray characters."""
    value = container.get(field)
    if not isinstance(value, str):
        raise MalformedCredential(f"The passkey response lacks {field}.")
    unpadded = value.rstrip("=")
    if not _BASE64URL.fullmatch(unpadded) or len(unpadded) % 4 == 1:
        raise MalformedCredential(f"The passkey response's {field} is not base64url.")
    try:
        return urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MalformedCredential(f"The passkey response's {field} is not base64url.") from exc


def _check_client_data(credential: dict[str, Any], ceremony: str, challenge: bytes, origin: str) -> None:
    """Check what the browser says it was asked, by whom: type, challenge and origin."""
    try:
        client_data = json.loads(_b64(credential["response"], "clientDataJSON"))
    except (ValueError, RecursionError) as exc:
        raise MalformedCredential("The passkey response's clientDataJSON is not JSON.") from exc
    if not isinstance(client_data, dict) or not all(
        isinstance(client_data.get(key), str) for key in ("type", "challenge", "origin")
    ):
        raise MalformedCredential("The passkey response's clientDataJSON lacks type, challenge or origin.")
    if client_data["type"] != ceremony:
        raise InvalidCredential(f"This passkey response is for {client_data['type']!r}, not {ceremony!r}.")
    # An empty expected challenge means the caller lost it (no ceremony started): refuse.
    if not challenge or not hmac.compare_digest(_b64(client_data, "challenge"), challenge):
        raise ChallengeMismatch("This passkey request has expired or was already used. Please start again.")
    if client_data["origin"] != origin:
        raise OriginMismatch(
            f"The passkey was used on {client_data['origin']}, but Gnista runs on {origin}. Open Gnista at {origin}."
        )


def _check_authenticator_data(auth_data: AuthenticatorData, rp_id: str) -> None:
    """Check for whom the authenticator signed and that it saw and verified the person."""
    if auth_data.rp_id_hash != hashlib.sha256(rp_id.encode()).digest():
        raise RpIdMismatch(f"This passkey is not for {rp_id}. Use a passkey made for this Gnista site.")
    if not auth_data.flags.up or not auth_data.flags.uv:
        raise UserNotVerified(
            "Your device did not confirm it was you. Unlock with Face ID, fingerprint or the phone's PIN and try again."
        )


def _guarded(parse: Callable[[bytes], T], data: bytes, field: str) -> T:
    """Run a library parser, turning its errors into MalformedCredential."""
    try:
        return parse(data)
    except _LIBRARY_ERRORS as exc:
        raise MalformedCredential(f"The passkey response's {field} could not be read.") from exc


def _translated(exc: Exception) -> PasskeyError:
    """Map a library error that passed our own checks to one of ours."""
    # The library raises its own error while handling cryptography's InvalidSignature.
    if isinstance(exc.__context__, InvalidSignature):
        return BadSignature("The passkey's signature does not match. Try again, or register this passkey anew.")
    # The library's wording is for developers; it stays in __cause__ for the log.
    return InvalidCredential("The passkey response could not be verified. Try again, or register this passkey anew.")
