"""Deny by default, and refuse cross-site writes: both checked here, in one place."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask_login import current_user

from ..errors import ApiError
from ..extensions import UNSAFE_METHODS

# The only endpoints open without signing in.
PUBLIC_ENDPOINTS = frozenset({
    "api-docs.openapi_json",
    "auth.lookup_invitation",
    "auth.redeem_invitation",
    "auth.invitation_qr",
    "auth.invitation_poster",
    "auth.session_options",
    "auth.create_session",
    "shell.index",
    "shell.asset",
    "health",
})


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_of(url: str) -> str | None:
    """Serialise an origin as browsers send it: lower case, no default port; None if unusable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + ("" if port in (None, _DEFAULT_PORTS[parts.scheme])
                                         else f":{port}")


def _same_origin(origin: str) -> bool:
    # Only the configured origin counts. The request's Host header is chosen by
    # whoever sends the request (or a proxy passes it on), so comparing with it
    # would let a page on any host that reaches this server pass as same-origin.
    expected = _origin_of(current_app.config["GNISTA_ORIGIN"])
    return expected is not None and _origin_of(origin) == expected


def check_csrf() -> None:
    """Refuse unsafe requests a cross-site page could send (no tokens that could expire)."""
    if request.method not in UNSAFE_METHODS:
        return
    if not request.headers.get("X-Requested-With"):
        raise ApiError("Unsafe requests must carry the X-Requested-With header.",
                       code="csrf_header_missing", status=403)
    origin = request.headers.get("Origin")
    if origin == "null":
        raise ApiError("Requests from an opaque origin are not accepted.", code="cross_site",
                       status=403)
    if origin is not None:
        if not _same_origin(origin):
            raise ApiError("Requests from another site are not accepted.", code="cross_site",
                           status=403)
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise ApiError("Requests from another site are not accepted.", code="cross_site",
                       status=403)


def require_sign_in() -> None:
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return  # unknown routes fall through to 404/405
    if not current_user.is_authenticated:
        raise ApiError("Please sign in to continue.", code="unauthenticated", status=401)


def before_request() -> None:
    check_csrf()
    require_sign_in()
