"""Send one Web Push message (RFC 8030, 8291, 8292) and classify the push service's answer."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, cast
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from pywebpush import WebPusher

from .vapid import VapidKeys, b64url_decode, validate_subject

log = logging.getLogger(__name__)

# Push services accept at most 4096 bytes of encrypted body (RFC 8030 7.2);
# aes128gcm adds an 86-byte header, a 1-byte delimiter and a 16-byte tag.
MAX_PAYLOAD_BYTES = 4096 - 86 - 1 - 16

URGENCIES = ("very-low", "low", "normal", "high")
# Signed JWTs may live at most 24 hours (RFC 8292 2); stay well inside that.
VAPID_TOKEN_LIFETIME = 12 * 60 * 60
MAX_ENDPOINT_LENGTH = 2048

# Hosts of the browsers' push services: Chrome, Edge on Android, Samsung
# Internet and Opera use FCM; Firefox uses Mozilla autopush; Safari uses
# Apple (which asks servers to allow *.push.apple.com); Edge on Windows uses WNS.
VENDOR_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "*.push.apple.com",
    "*.notify.windows.com",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})

_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
_HOSTNAME = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")


class PushError(Exception):
    """Base class for messages that cannot be sent as asked."""


class PayloadTooLarge(PushError):
    """The JSON payload does not fit in one push message."""


class InvalidSubscription(PushError):
    """The subscription's keys cannot be used to encrypt a message."""


class InvalidPushHeader(PushError):
    """A TTL, Urgency or Topic value that push services would refuse."""


class Outcome(StrEnum):
    """What the caller does with the message and the subscription next."""

    SENT = "sent"
    GONE = "gone"  # the subscription no longer exists: delete it
    RETRY = "retry"  # try again later, after retry_after seconds when given
    FAILED = "failed"  # this message will never be accepted


@dataclass(frozen=True)
class PushTarget:
    """One browser's subscription, as its PushSubscription.toJSON() gave it."""

    endpoint: str
    p256dh: str
    auth: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PushTarget:
        """Build a target from ``{endpoint, keys: {p256dh, auth}}``."""
        keys = data.get("keys") or {}
        return cls(endpoint=data["endpoint"], p256dh=keys["p256dh"], auth=keys["auth"])


@dataclass(frozen=True)
class SendResult:
    """What became of one message."""

    outcome: Outcome
    status: int | None = None
    retry_after: int | None = None
    reason: str = ""


class PushSession(requests.Session):
    """A requests session that never follows redirects."""

    # An allowed push host must not be able to bounce our POST to an internal address.
    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().request(method, url, *args, **kwargs)


def encode_payload(payload: dict[str, Any]) -> bytes:
    """Serialise a payload exactly as it is encrypted and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def topic_for(key: str) -> str:
    """Return a Topic header value for ``key``, so that a newer message replaces an undelivered older one."""
    digest = hashlib.sha256(key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:32]


def validate_target(target: PushTarget) -> None:
    """Raise InvalidSubscription unless the keys are a P-256 point and a 16-byte secret."""
    try:
        point = b64url_decode(target.p256dh)
        auth = b64url_decode(target.auth)
    except ValueError:
        raise InvalidSubscription("subscription keys are not base64url") from None
    if len(auth) != 16:
        raise InvalidSubscription("auth secret must be 16 bytes")
    if len(point) != 65 or point[0] != 4:
        raise InvalidSubscription("p256dh must be an uncompressed P-256 point")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidSubscription("p256dh is not a point on P-256") from None


def send(
    subscription: PushTarget,
    payload: dict[str, Any],
    *,
    vapid: VapidKeys,
    subject: str,
    ttl: int,
    urgency: str = "normal",
    topic: str | None = None,
    timeout: float = 10.0,
    session: PushSession | None = None,
) -> SendResult:
    """Encrypt ``payload`` for one subscription, post it, and classify the answer.

    The caller admits endpoints with ``endpoint_allowed`` before storing them.
    """
    data = encode_payload(payload)
    if len(data) > MAX_PAYLOAD_BYTES:
        raise PayloadTooLarge(f"payload is {len(data)} bytes; at most {MAX_PAYLOAD_BYTES} fit")
    headers = _headers(subscription.endpoint, vapid, subject, ttl, urgency, topic)
    validate_target(subscription)
    owned = session is None
    http = PushSession() if session is None else session
    pusher = WebPusher(
        {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
        requests_session=http,
    )
    # Exception texts carry the endpoint, a bearer capability: keep only the type.
    try:
        response = pusher.send(data, headers, ttl=ttl, content_encoding="aes128gcm", timeout=timeout)
    except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema) as exc:
        return SendResult(Outcome.FAILED, reason=f"unusable endpoint: {type(exc).__name__}")
    except requests.RequestException as exc:
        log.info("Push to %s failed in transit: %s", _host(subscription.endpoint), type(exc).__name__)
        return SendResult(Outcome.RETRY, reason=f"network error: {type(exc).__name__}")
    finally:
        if owned:
            http.close()
    response = cast(requests.Response, response)
    return classify(response.status_code, response.headers.get("Retry-After"), response.text[:200])


def classify(status: int, retry_after: str | None = None, reason: str = "") -> SendResult:
    """Turn a push service's status code into what the sender should do next."""
    if 200 <= status < 300:
        return SendResult(Outcome.SENT, status)
    if status in (404, 410):
        return SendResult(Outcome.GONE, status, reason=reason)
    if status == 429 or 500 <= status < 600:
        return SendResult(Outcome.RETRY, status, parse_retry_after(retry_after), reason)
    return SendResult(Outcome.FAILED, status, reason=reason)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> int | None:
    """Return the seconds a Retry-After header asks for (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0, math.ceil((when - now).total_seconds()))


def endpoint_allowed(endpoint: str, extra_hosts: Iterable[str] = (), allow_local: bool = False) -> bool:
    """Return whether the server may post to ``endpoint``: a known push service, or a local one in development."""
    if len(endpoint) > MAX_ENDPOINT_LENGTH or not endpoint.isascii() or not endpoint.isprintable():
        return False
    if any(c in endpoint for c in " \\#"):
        return False
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    host = parts.hostname or ""
    # Comparing the whole authority refuses userinfo, empty ports and other
    # spellings that URL parsers disagree about.
    authority = host if port is None else f"{host}:{port}"
    if parts.netloc.lower() != authority or not _HOSTNAME.fullmatch(host):
        return False
    if len(parts.path) < 2:
        return False
    if host in LOCAL_HOSTS:
        return allow_local and parts.scheme in ("http", "https")
    if parts.scheme != "https" or port not in (None, 443):
        return False
    patterns = [*VENDOR_PUSH_HOSTS, *(h.strip().lower() for h in extra_hosts)]
    return any(_host_matches(host, pattern) for pattern in patterns if pattern)


def _host_matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        label, _, rest = host.partition(".")
        return bool(label) and rest == pattern[2:]
    return host == pattern


def _headers(
    endpoint: str, vapid: VapidKeys, subject: str, ttl: int, urgency: str, topic: str | None
) -> dict[str, str]:
    if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0:
        raise InvalidPushHeader(f"TTL must be a non-negative number of seconds, not {ttl!r}")
    if urgency not in URGENCIES:
        raise InvalidPushHeader(f"Urgency must be one of {', '.join(URGENCIES)}, not {urgency!r}")
    if topic is not None and not _TOPIC.fullmatch(topic):
        raise InvalidPushHeader("Topic must be 1-32 characters of the base64url alphabet")
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}",
        "exp": int(time.time()) + VAPID_TOKEN_LIFETIME,
        "sub": validate_subject(subject),
    }
    headers = {"Urgency": urgency, **vapid.vapid.sign(claims)}
    if topic is not None:
        headers["Topic"] = topic
    return headers


def _host(endpoint: str) -> str:
    # Endpoints are bearer capabilities: log only where they point.
    return urlsplit(endpoint).hostname or "?"
