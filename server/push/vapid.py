"""VAPID keys (RFC 8292): load them from the configuration or the instance folder."""
from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

log = logging.getLogger(__name__)

KEY_FILENAME = "vapid_private.pem"

# An addr-spec without comments or quoted local parts: enough for an operator's address.
_MAILTO = re.compile(r"^mailto:[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")
_HOSTNAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")


class VapidError(Exception):
    """Base class for VAPID configuration problems."""


class InvalidVapidKey(VapidError):
    """The configured or stored VAPID key is not a usable P-256 key."""


class InvalidVapidSubject(VapidError):
    """The VAPID subject is not a mailto: or https: URI."""


@dataclass(frozen=True)
class VapidKeys:
    """The application server's key pair, in the forms pywebpush and browsers need."""

    vapid: Vapid
    public_key_b64url: str

    @property
    def private_key(self) -> Vapid:
        """Return the key as pywebpush's ``vapid_private_key`` accepts it."""
        return self.vapid


def b64url_encode(data: bytes) -> str:
    """Encode bytes as base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(value: str) -> bytes:
    """Decode base64url with or without padding, refusing other characters."""
    text = value.strip().rstrip("=")
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def validate_subject(subject: str) -> str:
    """Return the subject if it is a mailto: or https: URI, as Apple's push service demands."""
    if subject.isascii() and subject.isprintable() and " " not in subject:
        if _MAILTO.fullmatch(subject) or _is_https_url(subject):
            return subject
    raise InvalidVapidSubject(
        f"VAPID subject {subject!r} must be a mailto: address or an https: URL"
    )


def _is_https_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme == "https"
        and not parts.username
        and not parts.password
        and "." in host
        and _HOSTNAME.fullmatch(host) is not None
    )


def load_vapid_keys(
    key_file: str | os.PathLike[str],
    *,
    private_key: str | None = None,
    public_key: str | None = None,
) -> VapidKeys:
    """Return the keys given in the configuration, or those in ``key_file``, generated on first use."""
    if private_key:
        key = _key_from_raw(private_key)
    elif public_key:
        raise InvalidVapidKey("GNISTA_VAPID_PUBLIC_KEY is set without GNISTA_VAPID_PRIVATE_KEY")
    else:
        key = _read_or_create(Path(key_file))
    keys = _keys(key)
    # A mismatched pair would make every push service refuse every message.
    if public_key and public_key.strip().rstrip("=") != keys.public_key_b64url:
        raise InvalidVapidKey("GNISTA_VAPID_PUBLIC_KEY does not belong to GNISTA_VAPID_PRIVATE_KEY")
    return keys


def _keys(key: ec.EllipticCurvePrivateKey) -> VapidKeys:
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    # The subject is checked by validate_subject; py_vapid's strict check refuses https: URLs with a path.
    return VapidKeys(vapid=Vapid(key, conf={"no-strict": True}), public_key_b64url=b64url_encode(point))


def _key_from_raw(value: str) -> ec.EllipticCurvePrivateKey:
    try:
        raw = b64url_decode(value)
    except ValueError:
        raise InvalidVapidKey("GNISTA_VAPID_PRIVATE_KEY is not base64url") from None
    if len(raw) != 32:
        raise InvalidVapidKey("GNISTA_VAPID_PRIVATE_KEY must be a raw 32-byte P-256 key in base64url")
    try:
        return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except ValueError:
        raise InvalidVapidKey("GNISTA_VAPID_PRIVATE_KEY is not a valid P-256 key") from None


def _read_or_create(path: Path) -> ec.EllipticCurvePrivateKey:
    if not path.exists():
        _create(path)
    if path.stat().st_mode & 0o077:
        log.warning("VAPID key file %s is readable by other users; chmod 600 it", path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError:
        raise InvalidVapidKey(f"{path} is not an unencrypted PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise InvalidVapidKey(f"{path} does not hold a P-256 key")
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # mkstemp creates the file 0600; linking it into place fails if another
    # process won the race, and then everyone uses that process's key.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        else:
            log.info("Generated a VAPID key pair in %s", path)
    finally:
        os.unlink(tmp)
