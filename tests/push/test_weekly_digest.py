"""The handlers' weekly digest: what it counts, once per ISO week, and who can turn it off."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from server.digest import services as digest
from server.digest.models import WeeklyDigest
from server.extensions import db
from server.ideas.assignment import today
from server.ideas.models import Idea
from server.push.models import Notification
from server.push import worker
from server.timestamps import utcnow

# Monday 7 December 2026, 07:00 in Stockholm (UTC+1): the week's digests are due from here.
MONDAY_7 = datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)


def _send(app, now):
    with app.app_context():
        try:
            return digest.send_digests(now)
        finally:
            db.session.remove()


def _digests(app, user=None):
    with app.app_context():
        query = select(Notification).where(Notification.kind == "digest")
        if user is not None:
            query = query.where(Notification.user_id == user.id)
        found = db.session.scalars(query).all()
        db.session.remove()
        return found


def _inbox(client):
    return [n for n in client.get("/api/v1/notifications").json["items"] if n["kind"] == "digest"]


@pytest.fixture
def desk(as_user, org, post_idea, app):
    """North's handler: two ideas waiting, one answered and overdue; South's: nothing."""
    north = as_user("handler", unit=org["north"], name="Hanna")
    south = as_user("handler", unit=org["south"], name="Sune")
    staff = as_user("staff", unit=org["north"])
    waiting = [post_idea(staff, description=f"Väntar {n}").get_json() for n in range(2)]
    late = post_idea(staff, description="Försenad").get_json()
    north.post(f"/api/v1/ideas/{late['id']}/status", json={"status": "acknowledged"})
    with app.app_context():
        db.session.get(Idea, uuid.UUID(late["id"])).due_date = today() - timedelta(days=2)
        db.session.commit()
    return {"north": north, "south": south, "staff": staff, "waiting": waiting, "late": late}


def test_the_digest_counts_waiting_and_overdue_ideas_and_arrives_by_push(
        desk, app, device, push_service, run_worker):
    north = desk["north"]
    phone = device(north)
    # The week's digest is not due before Monday 07:00 in Stockholm.
    assert _send(app, MONDAY_7 - timedelta(minutes=1)) == 0
    assert _send(app, MONDAY_7) == 1  # North's handler; South's has nothing to hear of

    [entry] = _inbox(north)
    assert entry["kind"] == "digest" and entry["url"] == "/inbox" and entry["idea_id"] is None
    assert entry["title"] == "Veckans idéer att ta hand om"
    assert entry["body"] == "Nya idéer som väntar på första svar: 2. Försenade idéer: 1."
    assert _inbox(desk["south"]) == [] and _inbox(desk["staff"]) == []

    assert run_worker().counts == {"sent": 1}
    [message] = push_service.messages(phone)
    assert message.json()["kind"] == "digest"
    assert message.json()["body"] == entry["body"]
    assert message.json()["url"] == "/inbox"


def test_the_digest_is_sent_once_per_week_however_often_it_runs(desk, app, runner):
    north = desk["north"]
    assert _send(app, MONDAY_7) == 1
    assert _send(app, MONDAY_7 + timedelta(hours=1)) == 0
    assert _send(app, MONDAY_7 + timedelta(days=6, hours=16)) == 0  # Sunday 23:00, same week
    result = runner.invoke(args=["gnista", "digest"])
    assert result.exit_code == 0, result.output
    # Today's week is another week than the fixed Monday's: one more, still one per week
    # (none on a Monday before 07:00).
    due_now = int(digest.digest_week(utcnow()) is not None)
    assert result.output.strip() == f"Weekly digests sent: {due_now}"
    assert runner.invoke(args=["gnista", "digest"]).output.strip() == "Weekly digests sent: 0"
    assert len(_digests(app, north.user)) == 1 + due_now
    # The next week sends again.
    assert _send(app, MONDAY_7 + timedelta(days=7)) == 1
    with app.app_context():
        weeks = sorted(db.session.scalars(select(WeeklyDigest.week).where(
            WeeklyDigest.user_id == north.user.id, WeeklyDigest.notification_id.is_not(None))))
    assert "2026-W50" in weeks and "2026-W51" in weeks


def test_a_second_worker_in_the_same_week_sends_nothing(desk, app):
    """The week's row is the lock: whoever writes it second sends nothing."""
    north = desk["north"]
    with app.app_context():
        user = db.session.get(type(north.user), north.user.id)
        assert digest.send_digest(user, "2026-W50", now=MONDAY_7) is True
        db.session.commit()
        user = db.session.get(type(north.user), north.user.id)
        assert digest.send_digest(user, "2026-W50", now=MONDAY_7) is False
        db.session.commit()
        db.session.remove()
    assert len(_digests(app, north.user)) == 1


def test_a_handler_turns_the_digest_off_and_on(desk, app):
    north = desk["north"]
    assert north.get("/api/v1/me").json["weekly_digest"] is True
    turned = north.patch("/api/v1/me", json={"weekly_digest": False})
    assert turned.status_code == 200 and turned.json["weekly_digest"] is False
    assert north.patch("/api/v1/me", json={"weekly_digest": "sometimes"}).status_code == 422
    assert _send(app, MONDAY_7) == 0
    assert _digests(app) == []
    assert north.patch("/api/v1/me", json={"weekly_digest": True}).json["weekly_digest"] is True
    assert _send(app, MONDAY_7 + timedelta(days=7)) == 1


def test_nothing_to_say_sends_nothing_and_english_readers_read_english(desk, app, as_user, org):
    quiet = as_user("handler", unit=org["cleaning"])
    admin = as_user("admin", unit=org["root"])
    assert admin.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    assert _send(app, MONDAY_7) == 2  # North's handler and the administrator (everything)
    assert _digests(app, quiet.user) == []
    [entry] = _inbox(admin)
    assert entry["body"] == "New ideas waiting for a first answer: 2. Overdue ideas: 1."


def test_the_running_worker_sends_the_digest_as_a_periodic_job(desk, app):
    assert any(name == "weekly_digest" for name, _, _ in worker.PERIODIC)
    with app.app_context():
        last: dict = {}
        worker.run_periodic(last)
        worker.run_periodic(last)  # within the hour: not run again
        db.session.remove()
    assert len(_digests(app, desk["north"].user)) == int(digest.digest_week(utcnow()) is not None)
    assert "weekly_digest" in last
