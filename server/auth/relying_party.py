"""The relying party: the origin and rp id passkeys are bound to, from GNISTA_ORIGIN."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .passkeys import PasskeyError


class InvalidOrigin(PasskeyError, ValueError):
    """Refuse a configured origin that browsers would not accept for passkeys."""

    code = "passkey_origin_config"


def origin_and_rp_id(gnista_origin: str) -> tuple[str, str]:
    """Return the expected origin and the relying-party id for a configured origin."""
    try:
        parts = urlsplit(gnista_origin.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidOrigin(f"{gnista_origin!r} is not an origin such as https://gnista.example.se.") from exc
    try:
        # Browsers put the ASCII (punycode) form of a Swedish host name in the origin.
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidOrigin(f"{gnista_origin!r} has a host name that is not valid.") from exc
    only_origin = parts.path in ("", "/") and not parts.query and not parts.fragment
    if parts.scheme not in ("http", "https") or not host or not only_origin:
        raise InvalidOrigin(
            f"{gnista_origin!r} is not an origin; write only scheme and host, like https://gnista.example.se."
        )
    if parts.username or parts.password:
        raise InvalidOrigin(f"{gnista_origin!r} must not contain a user name or password.")
    if _is_ip_address(host):
        raise InvalidOrigin(
            f"Passkeys need a domain name, not the address {host}; use http://localhost for development."
        )
    # Browsers offer passkeys only in a secure context, and plain HTTP is one only on localhost.
    if parts.scheme == "http" and host != "localhost" and not host.endswith(".localhost"):
        raise InvalidOrigin(f"Passkeys need HTTPS on {host}; set the origin to https://{host}.")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    return f"{parts.scheme}://{netloc}", host


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
