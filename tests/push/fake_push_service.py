"""A local stand-in for a browser vendor's push service, checking VAPID and decrypting like the real ones."""
from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_BODY = 4096
URGENCIES = {"very-low", "low", "normal", "high"}
_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class FakeSubscription:
    """One browser's subscription: the private half stays in the fake service."""

    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    application_server_key: str | None = None

    @property
    def p256dh(self) -> str:
        """Return the public key as the browser reports it."""
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return _b64url(point)

    @property
    def auth(self) -> str:
        """Return the auth secret as the browser reports it."""
        return _b64url(self.auth_secret)

    def to_json(self) -> dict[str, Any]:
        """Return what PushSubscription.toJSON() gives in a browser."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }


@dataclass(frozen=True)
class ReceivedMessage:
    """A message that passed every check, with the status it was answered."""

    subscription_id: str
    status: int
    payload: bytes
    headers: dict[str, str]
    claims: dict[str, Any]
    vapid_key: str

    def json(self) -> Any:
        """Return the decrypted payload parsed as JSON."""
        return json.loads(self.payload)


@dataclass(frozen=True)
class Rejection:
    """A request the service refused because the sender broke the protocol."""

    subscription_id: str | None
    status: int
    reason: str


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class FakePushService:
    """An HTTP push service on 127.0.0.1 in a thread; use it as a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._subscriptions: dict[str, FakeSubscription] = {}
        self._gone: set[str] = set()
        self._scripts: dict[str, deque[_Reply]] = {}
        self._attempts: list[ReceivedMessage] = []
        self._rejections: list[Rejection] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def origin(self) -> str:
        """Return the origin every endpoint shares, the VAPID audience."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakePushService:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> FakePushService:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def subscribe(self, application_server_key: str | None = None) -> FakeSubscription:
        """Create a subscription; given a key, accept only messages signed with it, as browsers bind them."""
        sub_id = secrets.token_urlsafe(16)
        sub = FakeSubscription(
            id=sub_id,
            endpoint=f"{self.origin}/push/{sub_id}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=secrets.token_bytes(16),
            application_server_key=application_server_key,
        )
        with self._lock:
            self._subscriptions[sub_id] = sub
        return sub

    def unsubscribe(self, sub: FakeSubscription) -> None:
        """Forget the subscription, so that later messages get 410 Gone."""
        with self._lock:
            self._gone.add(sub.id)

    def respond(
        self,
        sub: FakeSubscription,
        status: int,
        *,
        times: int = 1,
        retry_after: int | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` valid messages to ``sub`` with ``status`` instead of 201."""
        headers = dict(headers or {})
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        with self._lock:
            self._scripts.setdefault(sub.id, deque()).extend(_Reply(status, headers) for _ in range(times))

    def messages(self, sub: FakeSubscription | None = None) -> list[ReceivedMessage]:
        """Return the messages accepted with a 2xx, oldest first."""
        return [m for m in self.attempts(sub) if 200 <= m.status < 300]

    def attempts(self, sub: FakeSubscription | None = None) -> list[ReceivedMessage]:
        """Return every valid message, whatever it was answered."""
        with self._lock:
            return [m for m in self._attempts if sub is None or m.subscription_id == sub.id]

    @property
    def rejections(self) -> list[Rejection]:
        """Return the protocol violations seen so far."""
        with self._lock:
            return list(self._rejections)

    def wait_for_messages(self, count: int, *, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Wait until ``count`` messages were accepted, for senders running in another thread."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(accepted := [m for m in self._attempts if 200 <= m.status < 300]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(accepted)} of {count} push messages arrived")
                self._lock.wait(remaining)
            return accepted

    def _handle(self, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        match = re.fullmatch(r"/push/([A-Za-z0-9_-]+)", path)
        with self._lock:
            sub = self._subscriptions.get(match.group(1)) if match else None
            gone = sub is not None and sub.id in self._gone
        if sub is None:
            return _Reply(404)
        if gone:
            return _Reply(410)
        try:
            claims, key = _check_vapid(headers.get("authorization", ""), self.origin, sub)
            _check_headers(headers, body)
            payload = http_ece.decrypt(
                body, private_key=sub.private_key, auth_secret=sub.auth_secret, version="aes128gcm"
            )
        except _Refused as refused:
            return self._reject(sub, refused.status, str(refused))
        except Exception as exc:  # http_ece raises several types for a bad body
            return self._reject(sub, 400, f"cannot decrypt: {exc!r}")
        with self._lock:
            script = self._scripts.get(sub.id)
            reply = script.popleft() if script else _Reply(201, {"Location": f"/message/{uuid.uuid4()}"})
            self._attempts.append(ReceivedMessage(sub.id, reply.status, payload, headers, claims, key))
            self._lock.notify_all()
        return reply

    def _reject(self, sub: FakeSubscription, status: int, reason: str) -> _Reply:
        with self._lock:
            self._rejections.append(Rejection(sub.id, status, reason))
        return _Reply(status)


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _check_vapid(
    authorization: str, origin: str, sub: FakeSubscription
) -> tuple[dict[str, Any], str]:
    """Verify an RFC 8292 ``vapid t=<jwt>, k=<key>`` header and return its claims and key."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise _Refused(401, f"Authorization is not vapid: {authorization[:20]!r}")
    fields = dict(p.strip().partition("=")[::2] for p in params.split(","))
    token, key = fields.get("t", ""), fields.get("k", "")
    try:
        point = _unb64url(key)
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        signing_input, _, signature = token.rpartition(".")
        header_b64, _, claims_b64 = signing_input.partition(".")
        header = json.loads(_unb64url(header_b64))
        claims = json.loads(_unb64url(claims_b64))
        raw_sig = _unb64url(signature)
    except (ValueError, binascii.Error) as exc:
        raise _Refused(401, f"malformed VAPID header: {exc}") from None
    if header.get("alg") != "ES256" or len(raw_sig) != 64:
        raise _Refused(401, f"VAPID token is not ES256: {header}")
    der = encode_dss_signature(int.from_bytes(raw_sig[:32], "big"), int.from_bytes(raw_sig[32:], "big"))
    try:
        public_key.verify(der, signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise _Refused(403, "VAPID signature does not verify against k") from None
    if sub.application_server_key and key.rstrip("=") != sub.application_server_key.rstrip("="):
        raise _Refused(403, "k is not the applicationServerKey the subscription was made with")
    if claims.get("aud") != origin:
        raise _Refused(403, f"aud {claims.get('aud')!r} is not {origin!r}")
    exp, now = claims.get("exp"), time.time()
    if not isinstance(exp, int) or not now < exp <= now + 24 * 3600:
        raise _Refused(403, f"exp {exp!r} is not within the next 24 hours")
    sub_claim = claims.get("sub")
    if not isinstance(sub_claim, str) or not sub_claim.startswith(("mailto:", "https:")):
        raise _Refused(403, f"sub {sub_claim!r} is not a mailto: or https: URI")
    return claims, key


def _check_headers(headers: dict[str, str], body: bytes) -> None:
    """Refuse what RFC 8030 and RFC 8291 do not allow."""
    ttl = headers.get("ttl")
    if ttl is None or not re.fullmatch(r"[0-9]+", ttl):
        raise _Refused(400, f"TTL header missing or invalid: {ttl!r}")
    if "urgency" in headers and headers["urgency"] not in URGENCIES:
        raise _Refused(400, f"Urgency {headers['urgency']!r} is not allowed")
    if "topic" in headers and not _TOPIC.fullmatch(headers["topic"]):
        raise _Refused(400, f"Topic {headers['topic']!r} is not 1-32 base64url characters")
    if headers.get("content-encoding") != "aes128gcm":
        raise _Refused(415, f"Content-Encoding {headers.get('content-encoding')!r} is not aes128gcm")
    if len(body) > MAX_BODY:
        raise _Refused(413, f"body of {len(body)} bytes exceeds {MAX_BODY}")


def _handler_for(service: FakePushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # Each request closes its connection (HTTP/1.0), so no socket outlives a test.
        timeout = 5

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = service._handle(self.path, headers, body)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep pytest output clean

    return Handler
