"""The VAPID key and subscribing and unsubscribing a user's devices."""
from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from server.push.models import PushDelivery, PushSubscription
from server.push.vapid import KEY_FILENAME, b64url_encode, load_vapid_keys

SUBS = "/api/v1/push/subscriptions"


def subscriptions(db_run):
    return db_run(lambda s: {(row.endpoint, row.user_id) for row in s.scalars(select(PushSubscription))})


def test_the_public_key_is_generated_into_the_instance_folder_once(app, as_user):
    client = as_user()

    first = client.get("/api/v1/push/key").get_json()["public_key"]
    second = client.get("/api/v1/push/key").get_json()["public_key"]

    stored = load_vapid_keys(f"{app.instance_path}/{KEY_FILENAME}")
    assert first == second == stored.public_key_b64url
    assert len(first) == 87  # an uncompressed P-256 point in base64url


def test_the_key_pair_can_come_from_the_configuration(app, as_user):
    key = ec.generate_private_key(ec.SECP256R1())
    app.config["GNISTA_VAPID_PRIVATE_KEY"] = b64url_encode(key.private_numbers().private_value.to_bytes(32, "big"))
    public = b64url_encode(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))

    assert as_user().get("/api/v1/push/key").get_json() == {"public_key": public}


def test_push_needs_a_signed_in_user(client, push_service):
    sub = push_service.subscribe()
    assert client.get("/api/v1/push/key").status_code == 401
    assert client.post(SUBS, json=sub.to_json()).status_code == 401
    assert client.delete(SUBS, json={"endpoint": sub.endpoint}).status_code == 401


def test_a_device_subscribes_with_its_subscription_json(as_user, push_service, db_run):
    client = as_user()
    sub = push_service.subscribe()

    response = client.post(SUBS, json={**sub.to_json(), "expirationTime": 1893456000000})

    assert response.status_code == 201
    assert response.get_json()["endpoint"] == sub.endpoint
    assert response.get_json()["expires_at"].startswith("2030-01-01T00:00:00")
    assert subscriptions(db_run) == {(sub.endpoint, client.user.id)}


def test_one_user_may_have_several_devices(as_user, push_service, db_run):
    client = as_user()
    phone, tablet = push_service.subscribe(), push_service.subscribe()

    client.post(SUBS, json=phone.to_json())
    client.post(SUBS, json=tablet.to_json())
    again = client.post(SUBS, json=phone.to_json())

    assert again.status_code == 201
    assert subscriptions(db_run) == {(phone.endpoint, client.user.id), (tablet.endpoint, client.user.id)}


def _rows(db_run):
    return db_run(lambda s: {(r.endpoint, r.user_id, r.p256dh, r.auth)
                             for r in s.scalars(select(PushSubscription))})


def test_another_organisations_user_cannot_take_a_device_over(as_user, org, make_unit, device,
                                                               push_service, post_idea, db_run):
    handler = as_user("handler", unit=org["north"])
    shared = device(handler)
    post_idea(as_user())  # a notification for the handler, queued for their phone
    before, queued = _rows(db_run), db_run(lambda s: len(s.scalars(select(PushDelivery)).all()))
    assert queued == 1

    stranger = as_user("staff", unit=make_unit("Annan kommun"))
    own_keys = push_service.subscribe().to_json()["keys"]
    for body in (shared.to_json(), {**shared.to_json(), "keys": own_keys}):
        response = stranger.post(SUBS, json=body)
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "push_endpoint_taken" and error["message"]
        assert shared.endpoint not in str(response.get_json())

    assert _rows(db_run) == before
    assert db_run(lambda s: len(s.scalars(select(PushDelivery)).all())) == queued


def test_a_colleague_cannot_take_a_device_over_either(as_user, org, device, db_run):
    owner = as_user("staff", unit=org["north"])
    shared = device(owner)
    colleague = as_user("staff", unit=org["north"])
    assert colleague.post(SUBS, json=shared.to_json()).status_code == 409
    assert subscriptions(db_run) == {(shared.endpoint, owner.user.id)}


def test_a_shared_phone_passes_on_once_its_owner_unsubscribed(as_user, org, device, db_run):
    owner = as_user("handler", unit=org["north"])
    shared = device(owner)
    assert owner.delete(SUBS, json={"endpoint": shared.endpoint}).status_code == 204
    colleague = as_user()
    assert colleague.post(SUBS, json=shared.to_json()).status_code == 201
    assert subscriptions(db_run) == {(shared.endpoint, colleague.user.id)}


def test_an_expired_subscription_passes_on(as_user, push_service, org, post_idea, db_run):
    owner = as_user("handler", unit=org["north"])
    sub = push_service.subscribe()
    assert owner.post(SUBS, json={**sub.to_json(), "expirationTime": 946684800000}).status_code == 201
    post_idea(as_user())
    colleague = as_user()
    assert colleague.post(SUBS, json=sub.to_json()).status_code == 201
    assert subscriptions(db_run) == {(sub.endpoint, colleague.user.id)}
    # The last owner's message must not appear on a phone that is now someone else's.
    assert db_run(lambda s: s.scalars(select(PushDelivery)).all()) == []


@pytest.mark.parametrize("endpoint", [
    "https://push.attacker.example/push/abc",
    "https://169.254.169.254/latest/meta-data",
    "http://fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com.attacker.example/fcm/send/abc",
    "file:///etc/passwd",
])
def test_endpoints_outside_the_push_services_are_refused(as_user, push_service, endpoint):
    body = {**push_service.subscribe().to_json(), "endpoint": endpoint}

    response = as_user().post(SUBS, json=body)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "push_endpoint_not_allowed"
    assert "push service" in error["message"]


def test_a_vendor_push_service_is_accepted(as_user, push_service):
    body = {**push_service.subscribe().to_json(),
            "endpoint": "https://fcm.googleapis.com/fcm/send/dXJsOnRlc3Q:APA91bH"}
    assert as_user().post(SUBS, json=body).status_code == 201


def test_local_endpoints_are_refused_unless_allowed(app, as_user, push_service):
    app.config["GNISTA_ALLOW_LOCAL_PUSH"] = False

    response = as_user().post(SUBS, json=push_service.subscribe().to_json())

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "push_endpoint_not_allowed"


def test_gnista_push_hosts_extends_the_allowlist(app, as_user, push_service):
    app.config["GNISTA_PUSH_HOSTS"] = ["push.kommun.example"]
    body = {**push_service.subscribe().to_json(), "endpoint": "https://push.kommun.example/s/1"}
    assert as_user().post(SUBS, json=body).status_code == 201


@pytest.mark.parametrize("keys", [
    {"p256dh": "not-a-key", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
    {"p256dh": "BAAA", "auth": "short"},
])
def test_unusable_keys_are_refused(as_user, push_service, keys):
    body = {**push_service.subscribe().to_json(), "keys": keys}

    response = as_user().post(SUBS, json=body)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_subscription_keys"


def test_a_subscription_without_keys_is_refused(as_user, push_service):
    response = as_user().post(SUBS, json={"endpoint": push_service.subscribe().endpoint})
    assert response.status_code == 422
    assert "keys" in response.get_json()["error"]["fields"]


def test_unsubscribing_forgets_the_device(as_user, push_service, db_run):
    client = as_user()
    sub = push_service.subscribe()
    client.post(SUBS, json=sub.to_json())

    response = client.delete(SUBS, json={"endpoint": sub.endpoint})

    assert response.status_code == 204
    assert subscriptions(db_run) == set()
    assert client.delete(SUBS, json={"endpoint": sub.endpoint}).status_code == 204


def test_nobody_can_unsubscribe_someone_elses_device(as_user, push_service, db_run):
    owner, other = as_user(), as_user()
    sub = push_service.subscribe()
    owner.post(SUBS, json=sub.to_json())

    assert other.delete(SUBS, json={"endpoint": sub.endpoint}).status_code == 204

    assert subscriptions(db_run) == {(sub.endpoint, owner.user.id)}


def test_the_phone_holding_a_subscription_ends_it_whoever_made_it(as_user, org, post_idea,
                                                                  push_service, db_run):
    # A shared phone: the handler's session ended; the colleague now holding the
    # phone proves it with the subscription's own keys.
    handler = as_user("handler", unit=org["north"])
    shared = push_service.subscribe()
    handler.post(SUBS, json=shared.to_json())
    post_idea(as_user())  # a notification for the handler, queued for the shared phone
    colleague = as_user()

    response = colleague.delete(SUBS, json={"endpoint": shared.endpoint, "keys": shared.to_json()["keys"]})

    assert response.status_code == 204
    assert subscriptions(db_run) == set()
    assert db_run(lambda s: s.scalars(select(PushDelivery)).all()) == []


def test_wrong_keys_do_not_end_someone_elses_subscription(as_user, push_service, db_run):
    owner, other = as_user(), as_user()
    sub = push_service.subscribe()
    owner.post(SUBS, json=sub.to_json())
    guessed = push_service.subscribe().to_json()["keys"]

    for keys in (guessed, {**sub.to_json()["keys"], "auth": guessed["auth"]}):
        assert other.delete(SUBS, json={"endpoint": sub.endpoint, "keys": keys}).status_code == 204

    assert subscriptions(db_run) == {(sub.endpoint, owner.user.id)}


def test_unsubscribing_with_malformed_keys_is_refused(as_user, push_service):
    sub = push_service.subscribe()
    response = as_user().delete(SUBS, json={"endpoint": sub.endpoint, "keys": {"p256dh": 5}})
    assert response.status_code == 422
    assert "keys" in response.get_json()["error"]["fields"]


def test_a_user_keeps_the_ten_most_recently_subscribed_devices(as_user, push_service, db_run):
    client = as_user()
    devices = [push_service.subscribe() for _ in range(11)]
    for sub in devices:
        assert client.post(SUBS, json=sub.to_json()).status_code == 201

    assert subscriptions(db_run) == {(sub.endpoint, client.user.id) for sub in devices[1:]}
