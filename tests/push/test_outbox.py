"""The outbox is written with the change that causes it, and the worker sends what it holds."""
from __future__ import annotations

import json

from sqlalchemy import select

from server import create_app
from server.extensions import db
from server.push.models import Notification, PushDelivery
from server.push.sender import MAX_PAYLOAD_BYTES, encode_payload, topic_for
from server.push.services import TTL
from server.push.worker import payload_for


def deliveries(db_run) -> list[PushDelivery]:
    return db_run(lambda s: s.scalars(select(PushDelivery).order_by(PushDelivery.created_at)).all())


def test_each_device_gets_an_outbox_row_in_the_same_transaction(as_user, org, device, post_idea, db_run):
    handler = as_user("handler", unit=org["north"])
    phone, tablet = device(handler), device(handler)
    without_devices = as_user("handler", unit=org["care"])

    post_idea(as_user(unit=org["north"]))

    rows = deliveries(db_run)
    assert len(rows) == 2
    assert {r.state for r in rows} == {"pending"}
    notifications = db_run(lambda s: s.scalars(select(Notification)).all())
    assert {n.user_id for n in notifications} == {handler.user.id, without_devices.user.id}
    assert {r.notification_id for r in rows} == {n.id for n in notifications if n.user_id == handler.user.id}
    assert phone.endpoint != tablet.endpoint


def test_a_rolled_back_change_queues_nothing(as_user, org, device, post_idea, db_run):
    staff = as_user(unit=org["north"])
    device(staff)
    idea = post_idea(staff).get_json()
    handler = as_user("handler", unit=org["north"])

    # A decline without a reason fails after nothing was flushed; a move that is
    # not allowed fails too: neither may leave a message behind.
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "declined"})
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "implemented"})

    assert deliveries(db_run) == []


def test_the_payload_arrives_decrypted_exactly_as_sent(as_user, org, device, post_idea, push_service,
                                                       run_worker, db_run, vapid_keys):
    staff = as_user(unit=org["north"])
    phone = device(staff)
    idea = post_idea(staff, title="Halkskydd vid entrén").get_json()
    handler = as_user("handler", unit=org["north"], name="Åsa")
    handler.post(f"/api/v1/ideas/{idea['id']}/status",
                 json={"status": "acknowledged", "note": "Tack! شكرا 👍"})

    tally = run_worker()

    assert tally.counts == {"sent": 1}
    [message] = push_service.messages(phone)
    notification = db_run(lambda s: s.scalar(select(Notification).where(
        Notification.user_id == staff.user.id)))
    assert message.payload == encode_payload(payload_for(notification, "sv"))
    assert message.json() == {
        "id": str(notification.id), "kind": "acknowledged", "title": "Din idé är mottagen",
        "body": "Åsa har tagit emot ”Halkskydd vid entrén”.\n”Tack! شكرا 👍”",
        "url": f"/ideas/{idea['id']}", "idea_id": idea["id"]}
    assert message.vapid_key == vapid_keys.public_key_b64url
    assert message.claims["aud"] == push_service.origin
    assert push_service.rejections == []
    [row] = deliveries(db_run)
    assert row.state == "sent" and row.sent_at is not None and row.last_status == 201


def test_messages_carry_ttl_urgency_and_one_topic_per_idea(as_user, org, device, post_idea,
                                                           push_service, run_worker):
    staff = as_user(unit=org["north"])
    phone = device(staff)
    idea = post_idea(staff).get_json()
    handler = as_user("handler", unit=org["north"])
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "acknowledged"})
    run_worker()
    as_user(unit=org["north"]).post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Ja!"})
    run_worker()

    acknowledged, commented = push_service.messages(phone)
    assert (acknowledged.json()["kind"], commented.json()["kind"]) == ("acknowledged", "commented")
    assert acknowledged.headers["urgency"] == "normal"
    assert commented.headers["urgency"] == "low"
    # A newer message about the same idea replaces one the phone has not fetched yet.
    assert acknowledged.headers["topic"] == commented.headers["topic"] == topic_for(f"idea:{idea['id']}")
    assert TTL["acknowledged"] - 60 < int(acknowledged.headers["ttl"]) <= TTL["acknowledged"]


def test_an_unsent_message_is_superseded_by_a_newer_one_about_the_same_idea(
        as_user, org, device, post_idea, push_service, run_worker, db_run):
    staff = as_user(unit=org["north"])
    phone = device(staff)
    idea = post_idea(staff).get_json()
    handler = as_user("handler", unit=org["north"])
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "acknowledged"})
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "in_review"})

    assert run_worker().counts == {"sent": 1, "superseded": 1}

    # Sent in either order, the older could replace the newer at the push service.
    [message] = push_service.messages(phone)
    assert message.json()["title"] == "Din idé: Utreds"
    assert sorted(r.state for r in deliveries(db_run)) == ["sent", "superseded"]


def test_a_push_is_written_in_the_recipients_language_when_it_is_sent(
        as_user, org, device, post_idea, push_service, run_worker):
    staff = as_user(unit=org["north"])
    phone = device(staff)
    idea = post_idea(staff, title="Halkskydd vid entrén").get_json()
    as_user("handler", unit=org["north"], name="Åsa").post(
        f"/api/v1/ideas/{idea['id']}/status", json={"status": "declined", "note": "Redan beställt."})
    # Queued while the reader spoke Swedish; they switch before the worker sends.
    assert staff.patch("/api/v1/me", json={"language": "en"}).status_code == 200

    assert run_worker().counts == {"sent": 1}

    [message] = push_service.messages(phone)
    assert message.json()["title"] == "Your idea: Declined"
    assert message.json()["body"] == "Åsa has moved “Halkskydd vid entrén” to Declined.\n“Redan beställt.”"


def test_a_long_note_still_fits_one_push_message(as_user, org, device, post_idea, push_service,
                                                 run_worker):
    staff = as_user(unit=org["north"])
    phone = device(staff)
    idea = post_idea(staff).get_json()
    # Control characters take six bytes each in JSON.
    note = "\x01" * 1000 + "👍" * 1000
    as_user("handler", unit=org["north"]).post(f"/api/v1/ideas/{idea['id']}/status",
                                               json={"status": "declined", "note": note})

    run_worker()

    [message] = push_service.messages(phone)
    assert len(message.payload) <= MAX_PAYLOAD_BYTES
    assert message.json()["title"] == "Din idé: Genomförs inte"
    assert push_service.rejections == []


def test_a_message_committed_while_no_worker_runs_is_sent_later(app_config, as_user, org, device,
                                                                 post_idea, push_service, vapid_keys):
    handler = as_user("handler", unit=org["north"])
    phone = device(handler)
    post_idea(as_user(unit=org["north"]), description="Skriven innan arbetaren startade")

    # Another process, started afterwards, finds the committed row and sends it.
    worker_app = create_app(dict(app_config))
    with worker_app.app_context():
        from server.push import worker
        assert worker.drain().counts == {"sent": 1}
        db.session.remove()
        db.engine.dispose()

    [message] = push_service.messages(phone)
    assert json.loads(message.payload)["body"] == "Skriven innan arbetaren startade"


def test_nothing_is_sent_to_people_without_devices(as_user, org, post_idea, push_service, run_worker):
    as_user("handler", unit=org["north"])
    post_idea(as_user(unit=org["north"]))

    assert run_worker().total == 0
    assert push_service.attempts() == []
