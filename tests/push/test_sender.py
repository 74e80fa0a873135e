"""Sending Web Push messages to a local push service, and which endpoints may receive them."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests
from fake_push_service import FakePushService, FakeSubscription
from pywebpush import WebPusher

from server.push.sender import (
    MAX_PAYLOAD_BYTES,
    InvalidPushHeader,
    InvalidSubscription,
    Outcome,
    PayloadTooLarge,
    PushSession,
    PushTarget,
    SendResult,
    encode_payload,
    endpoint_allowed,
    parse_retry_after,
    send,
    topic_for,
)
from server.push.vapid import InvalidVapidSubject, VapidKeys

SUBJECT = "mailto:gnista@boras.se"


def push(
    sub: FakeSubscription, vapid_keys: VapidKeys, payload: dict | None = None, **options: object
) -> SendResult:
    options = {"subject": SUBJECT, "ttl": 3600, **options}
    payload = payload if payload is not None else {"title": "Din idé är mottagen"}
    return send(PushTarget.from_json(sub.to_json()), payload, vapid=vapid_keys, **options)  # type: ignore[arg-type]


def test_payload_arrives_decrypted_exactly_as_sent(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe(application_server_key=vapid_keys.public_key_b64url)
    payload = {
        "title": "Din idé är mottagen",
        "body": "Åsa på Enhet Öst har läst din idé om halkskydd. شكرا",
        "url": "/ideas/6f1c2a4e-8d0b-4f43-9a57-0c3c1f1e2d3b",
        "idea_id": "6f1c2a4e-8d0b-4f43-9a57-0c3c1f1e2d3b",
    }

    result = push(sub, vapid_keys, payload)

    assert result == SendResult(Outcome.SENT, 201)
    [message] = push_service.messages(sub)
    assert message.payload == encode_payload(payload)
    assert message.json() == payload
    assert message.vapid_key == vapid_keys.public_key_b64url
    assert message.claims["sub"] == SUBJECT
    assert push_service.rejections == []


def test_ttl_urgency_and_topic_headers_arrive(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe()
    topic = topic_for("idea:6f1c2a4e-8d0b-4f43-9a57-0c3c1f1e2d3b")

    push(sub, vapid_keys, ttl=86400, urgency="high", topic=topic)

    [message] = push_service.messages(sub)
    assert message.headers["ttl"] == "86400"
    assert message.headers["urgency"] == "high"
    assert message.headers["topic"] == topic
    assert message.headers["content-encoding"] == "aes128gcm"
    assert push_service.rejections == []


def test_topic_is_short_url_safe_and_stable_per_idea() -> None:
    topic = topic_for("idea:6f1c2a4e-8d0b-4f43-9a57-0c3c1f1e2d3b")
    assert len(topic) == 32
    assert set(topic) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert topic == topic_for("idea:6f1c2a4e-8d0b-4f43-9a57-0c3c1f1e2d3b")
    assert topic != topic_for("idea:0b8e1f6c-2a4d-4c1e-8f3b-5d6e7f8a9b0c")


def test_a_session_can_carry_several_messages(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    subs = [push_service.subscribe() for _ in range(3)]
    with PushSession() as session:
        results = [push(sub, vapid_keys, {"n": i}, session=session) for i, sub in enumerate(subs)]
    assert {r.outcome for r in results} == {Outcome.SENT}
    assert [m.json() for m in push_service.messages()] == [{"n": 0}, {"n": 1}, {"n": 2}]


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_service_no_longer_knows_is_gone(
    push_service: FakePushService, vapid_keys: VapidKeys, status: int
) -> None:
    sub = push_service.subscribe()
    push_service.respond(sub, status)
    assert push(sub, vapid_keys).outcome is Outcome.GONE


def test_an_unsubscribed_browser_is_gone(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe()
    push_service.unsubscribe(sub)
    assert push(sub, vapid_keys) == SendResult(Outcome.GONE, 410)


def test_rate_limiting_is_retried_after_the_seconds_asked(
    push_service: FakePushService, vapid_keys: VapidKeys
) -> None:
    sub = push_service.subscribe()
    push_service.respond(sub, 429, retry_after=120)

    first = push(sub, vapid_keys)
    second = push(sub, vapid_keys)

    assert (first.outcome, first.status, first.retry_after) == (Outcome.RETRY, 429, 120)
    assert second.outcome is Outcome.SENT
    assert len(push_service.messages(sub)) == 1


def test_retry_after_as_an_http_date_becomes_seconds(
    push_service: FakePushService, vapid_keys: VapidKeys
) -> None:
    sub = push_service.subscribe()
    when = datetime.now(timezone.utc) + timedelta(minutes=5)
    push_service.respond(sub, 503, retry_after=format_datetime(when, usegmt=True))

    result = push(sub, vapid_keys)

    assert result.outcome is Outcome.RETRY
    assert result.retry_after is not None and 290 <= result.retry_after <= 300


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(push_service: FakePushService, vapid_keys: VapidKeys, status: int) -> None:
    sub = push_service.subscribe()
    push_service.respond(sub, status)
    assert push(sub, vapid_keys) == SendResult(Outcome.RETRY, status, None, "")


@pytest.mark.parametrize("status", [400, 403, 413])
def test_other_client_errors_fail_for_good(push_service: FakePushService, vapid_keys: VapidKeys, status: int) -> None:
    sub = push_service.subscribe()
    push_service.respond(sub, status)
    assert push(sub, vapid_keys).outcome is Outcome.FAILED


def test_a_redirect_is_not_followed(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe()
    with FakePushService() as elsewhere:
        target = elsewhere.subscribe()
        push_service.respond(sub, 307, headers={"Location": target.endpoint})

        result = push(sub, vapid_keys)

        assert (result.outcome, result.status) == (Outcome.FAILED, 307)
        assert elsewhere.attempts() == [] and elsewhere.rejections == []


def test_a_sender_in_another_thread_can_be_awaited(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe()
    worker = threading.Thread(target=push, args=(sub, vapid_keys, {"n": 1}))
    worker.start()
    [message] = push_service.wait_for_messages(1, timeout=5)
    worker.join()
    assert message.json() == {"n": 1}


def test_an_unreachable_push_service_is_retried(vapid_keys: VapidKeys) -> None:
    with FakePushService() as service:
        sub = service.subscribe()
    result = push(sub, vapid_keys, timeout=2)
    assert result.outcome is Outcome.RETRY
    assert result.status is None


def test_a_message_signed_with_another_key_is_refused_by_the_service(
    push_service: FakePushService, vapid_keys: VapidKeys, tmp_path
) -> None:
    from server.push.vapid import load_vapid_keys

    sub = push_service.subscribe(application_server_key=vapid_keys.public_key_b64url)
    other = load_vapid_keys(tmp_path / "other.pem")

    assert push(sub, other).outcome is Outcome.FAILED
    assert [r.status for r in push_service.rejections] == [403]


def _post_by_hand(
    service: FakePushService,
    vapid_keys: VapidKeys,
    claims: dict[str, object],
    tamper: Callable[[dict[str, str]], None],
) -> int:
    sub = service.subscribe()
    body = WebPusher(sub.to_json()).encode(b'{"title":"x"}')["body"]
    claims = {"aud": service.origin, "sub": SUBJECT, "exp": int(time.time()) + 3600, **claims}
    headers = {"TTL": "60", "Content-Encoding": "aes128gcm", **vapid_keys.vapid.sign(claims)}
    tamper(headers)
    with requests.Session() as session:
        return session.post(sub.endpoint, data=body, headers=headers, timeout=5).status_code


def _flip_signature(headers: dict[str, str]) -> None:
    token, _, key = headers["Authorization"].partition(",k=")
    headers["Authorization"] = f"{token[:-2]}{'A' if token[-2] != 'A' else 'B'}{token[-1]},k={key}"


@pytest.mark.parametrize(
    ("claims", "tamper", "status"),
    [
        ({}, lambda h: None, 201),
        ({"aud": "https://fcm.googleapis.com"}, lambda h: None, 403),
        ({"exp": int(time.time()) - 60}, lambda h: None, 403),
        ({"exp": int(time.time()) + 25 * 3600}, lambda h: None, 403),
        ({}, _flip_signature, 403),
        ({}, lambda h: h.pop("Authorization"), 401),
        ({}, lambda h: h.pop("TTL"), 400),
        ({}, lambda h: h.update({"Content-Encoding": "aesgcm"}), 415),
    ],
    ids=["valid", "wrong-aud", "expired", "exp-too-far", "bad-signature", "no-vapid", "no-ttl", "old-encoding"],
)
def test_the_fake_service_refuses_what_real_push_services_refuse(
    push_service: FakePushService,
    vapid_keys: VapidKeys,
    claims: dict[str, object],
    tamper: Callable[[dict[str, str]], None],
    status: int,
) -> None:
    assert _post_by_hand(push_service, vapid_keys, claims, tamper) == status
    assert [r.status for r in push_service.rejections] == ([] if status == 201 else [status])


def test_oversized_payload_is_rejected_before_sending(push_service: FakePushService, vapid_keys: VapidKeys) -> None:
    sub = push_service.subscribe()
    fits = {"body": "x" * (MAX_PAYLOAD_BYTES - len(encode_payload({"body": ""})))}
    too_big = {"body": "ö" * 2000}

    assert push(sub, vapid_keys, fits).outcome is Outcome.SENT
    with pytest.raises(PayloadTooLarge):
        push(sub, vapid_keys, too_big)
    assert len(push_service.attempts()) == 1
    assert push_service.rejections == []


@pytest.mark.parametrize(
    "options",
    [{"ttl": -1}, {"ttl": True}, {"urgency": "urgent"}, {"topic": "x" * 33}, {"topic": "idé"}, {"topic": ""}],
)
def test_invalid_push_headers_are_refused_before_sending(
    push_service: FakePushService, vapid_keys: VapidKeys, options: dict
) -> None:
    sub = push_service.subscribe()
    with pytest.raises(InvalidPushHeader):
        push(sub, vapid_keys, **options)
    assert push_service.attempts() == []


def test_an_invalid_vapid_subject_is_refused_before_sending(
    push_service: FakePushService, vapid_keys: VapidKeys
) -> None:
    sub = push_service.subscribe()
    with pytest.raises(InvalidVapidSubject):
        push(sub, vapid_keys, subject="gnista@boras.se")
    assert push_service.attempts() == []


@pytest.mark.parametrize(
    ("p256dh", "auth"),
    [
        ("BAAA", "AAAAAAAAAAAAAAAAAAAAAA"),
        ("B" + "A" * 86, "AAAAAAAAAAAAAAAAAAAAAA"),  # 65 bytes, not on the curve
        (None, "c2hvcnQ"),
        (None, "not base64!"),
    ],
)
def test_subscriptions_with_unusable_keys_are_refused(
    push_service: FakePushService, vapid_keys: VapidKeys, p256dh: str | None, auth: str
) -> None:
    sub = push_service.subscribe()
    target = PushTarget(sub.endpoint, p256dh or sub.p256dh, auth)
    with pytest.raises(InvalidSubscription):
        send(target, {"title": "x"}, vapid=vapid_keys, subject=SUBJECT, ttl=60)
    assert push_service.attempts() == []


def test_retry_after_parsing() -> None:
    now = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
    assert parse_retry_after("30", now=now) == 30
    assert parse_retry_after(" 0 ", now=now) == 0
    assert parse_retry_after("Mon, 02 Mar 2026 08:01:30 GMT", now=now) == 90
    assert parse_retry_after("Mon, 02 Mar 2026 07:00:00 GMT", now=now) == 0
    assert parse_retry_after(None, now=now) is None
    assert parse_retry_after("-5", now=now) is None
    assert parse_retry_after("soon", now=now) is None


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bH",
        "https://fcm.googleapis.com/wp/dGVzdA",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
        "https://web.push.apple.com/QGm0cR1uQ0lT",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",
        "https://FCM.googleapis.com:443/fcm/send/abc",
    ],
)
def test_browser_vendor_push_services_are_allowed(endpoint: str) -> None:
    assert endpoint_allowed(endpoint, (), allow_local=False)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com:8443/fcm/send/abc",
        "https://fcm.googleapis.com:/fcm/send/abc",
        "https://fcm.googleapis.com./fcm/send/abc",
        "https://fcm.googleapis.com.evil.example/fcm/send/abc",
        "https://evilfcm.googleapis.com/fcm/send/abc",
        "https://push.apple.com/abc",
        "https://a.b.push.apple.com/abc",
        "https://user@fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com@169.254.169.254/latest/meta-data",
        "https://fcm.googleapis.com\\@10.0.0.1/abc",
        "https://fcm.googleapis.com/fcm/send/abc#frag",
        "https://fcm.googleapis.com",
        "https://fcm.googleapis.com/",
        "https://10.0.0.1/push/abc",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/push/abc",
        "https://fcm.googleapis.com/fcm/send/a b",
        "https://fcm.googleapis.com/fcm/send/\nabc",
        "file:///etc/passwd",
        "gopher://fcm.googleapis.com/abc",
        "",
        "https://fcm.googleapis.com/" + "a" * 3000,
    ],
)
def test_other_endpoints_are_refused(endpoint: str) -> None:
    assert not endpoint_allowed(endpoint, (), allow_local=True)


@pytest.mark.parametrize(
    "endpoint",
    ["http://127.0.0.1:8123/push/abc", "http://localhost:5000/push/abc", "http://localhost/push/abc"],
)
def test_local_push_services_are_allowed_only_in_development(endpoint: str) -> None:
    assert endpoint_allowed(endpoint, (), allow_local=True)
    assert not endpoint_allowed(endpoint, (), allow_local=False)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.2:8123/push/abc",
        "http://0.0.0.0:8123/push/abc",
        "http://2130706433:8123/push/abc",
        "http://127.1:8123/push/abc",
        "http://[::1]:8123/push/abc",
        "http://localhost.evil.example/push/abc",
        "http://10.0.0.5:8123/push/abc",
    ],
)
def test_only_loopback_by_name_counts_as_local(endpoint: str) -> None:
    assert not endpoint_allowed(endpoint, (), allow_local=True)


def test_extra_hosts_extend_the_allowlist() -> None:
    extra = [" push.kommun.example.se", "*.push.region.example.se ", ""]
    assert endpoint_allowed("https://push.kommun.example.se/p/abc", extra, allow_local=False)
    assert endpoint_allowed("https://node1.push.region.example.se/p/abc", extra, allow_local=False)
    assert not endpoint_allowed("https://push.region.example.se/p/abc", extra, allow_local=False)
    assert not endpoint_allowed("http://push.kommun.example.se/p/abc", extra, allow_local=False)
    assert not endpoint_allowed("https://other.kommun.example.se/p/abc", extra, allow_local=False)


def test_the_fake_services_endpoints_are_admitted_as_local(push_service: FakePushService) -> None:
    endpoint = push_service.subscribe().endpoint
    assert endpoint_allowed(endpoint, (), allow_local=True)
    assert not endpoint_allowed(endpoint, (), allow_local=False)
