"""Server-side sessions: signing out, removing a passkey, listing and ending devices, lifetimes."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from server.auth import sessions
from server.auth.models import UserSession
from server.extensions import db
from server.timestamps import utcnow
from test_passkey_api import API, register, sign_in_with

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
ANDROID = ("Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Mobile Safari/537.36")


def _cookie(app, client) -> str:
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _copy(app, new_client, client):
    """A second client holding a copy of the client's session cookie (a stolen cookie)."""
    thief = new_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], _cookie(app, client), domain="localhost")
    return thief


def _rows(app, user_id) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(UserSession)
                                  .where(UserSession.user_id == user_id))
        db.session.remove()
    return count


def _age(app, user_id, **changes) -> None:
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user_id)
                           .values(**changes))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def phone(soft_authenticator):
    return soft_authenticator("http://localhost:5000")


# Signing out

def test_signing_out_ends_the_session_for_a_copied_cookie_too(app, as_user, new_client):
    client = as_user("staff")
    thief = _copy(app, new_client, client)
    assert thief.get(f"{API}/me").status_code == 200
    assert client.delete(f"{API}/session").status_code == 204
    assert client.get(f"{API}/me").status_code == 401
    assert thief.get(f"{API}/me").status_code == 401
    assert _rows(app, client.user.id) == 0


def test_a_cookie_from_before_sessions_were_recorded_signs_nobody_in(app, as_user, new_client):
    client = as_user("staff")
    legacy = new_client()
    with legacy.raw.session_transaction() as session:
        session["_user_id"] = f"{client.user.id.hex}.0123456789abcdef"
        session.permanent = True
    assert legacy.get(f"{API}/me").status_code == 401


# Passkeys

def test_removing_a_passkey_ends_the_sessions_it_started(app, as_user, new_client, sign_in,
                                                         phone):
    desk = as_user("staff")
    assert register(desk, phone, name="Jobbmobilen").status_code == 201
    on_phone = new_client()
    assert sign_in_with(on_phone, phone).status_code == 200
    copied = _copy(app, new_client, on_phone)
    other_device = sign_in(new_client(), desk.user)
    passkey_id = desk.get(f"{API}/passkeys").get_json()[0]["id"]
    assert other_device.delete(f"{API}/passkeys/{passkey_id}").status_code == 204
    assert on_phone.get(f"{API}/me").status_code == 401
    assert copied.get(f"{API}/me").status_code == 401
    # The device where the passkey was created holds it too; one that never had it stays.
    assert desk.get(f"{API}/me").status_code == 401
    assert other_device.get(f"{API}/me").status_code == 200


def test_a_session_names_the_passkey_it_signed_in_with(app, as_user, new_client, phone):
    desk = as_user("staff")
    register(desk, phone, name="Jobbmobilen")
    on_phone = new_client()
    on_phone.environ_base["HTTP_USER_AGENT"] = ANDROID
    sign_in_with(on_phone, phone)
    listed = {s["device"]: s for s in on_phone.get(f"{API}/sessions").get_json()}
    assert listed["Chrome, Android"]["passkey_name"] == "Jobbmobilen"
    assert listed["Chrome, Android"]["current"] is True


def test_signing_in_again_on_a_device_replaces_its_session(app, as_user, new_client, phone):
    desk = as_user("staff")
    register(desk, phone)
    on_phone = new_client()
    sign_in_with(on_phone, phone)
    before = _rows(app, desk.user.id)
    sign_in_with(on_phone, phone)
    assert _rows(app, desk.user.id) == before


# Listing and ending devices

def test_i_see_my_signed_in_devices_and_nobody_elses(app, as_user, new_client, sign_in):
    client = as_user("staff")
    client.environ_base["HTTP_USER_AGENT"] = IPHONE
    client.get(f"{API}/me")
    other = sign_in(new_client(), client.user)
    stranger = as_user("staff")
    listed = client.get(f"{API}/sessions").get_json()
    assert len(listed) == 2
    assert [s["current"] for s in listed].count(True) == 1
    for item in listed:
        assert set(item) == {"id", "device", "passkey_name", "created_at", "last_used_at",
                             "expires_at", "current"}
        assert None not in (item["id"], item["created_at"], item["last_used_at"],
                            item["expires_at"])
    assert len(other.get(f"{API}/sessions").get_json()) == 2
    assert len(stranger.get(f"{API}/sessions").get_json()) == 1
    ids = {s["id"] for s in listed}
    assert not ids & {s["id"] for s in stranger.get(f"{API}/sessions").get_json()}


def test_a_new_session_is_named_by_browser_and_system(as_user, new_client, phone):
    desk = as_user("staff")
    register(desk, phone)
    on_phone = new_client()
    on_phone.environ_base["HTTP_USER_AGENT"] = IPHONE
    sign_in_with(on_phone, phone)
    current = [s for s in on_phone.get(f"{API}/sessions").get_json() if s["current"]]
    assert current[0]["device"] == "Safari, iPhone"


@pytest.mark.parametrize("agent, expected", [
    (IPHONE, "Safari, iPhone"),
    (ANDROID, "Chrome, Android"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge, Windows"),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet, Android"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Firefox, Mac"),
    ("curl/8.5.0", ""), ("", ""), (None, ""),
])
def test_devices_are_described_without_keeping_the_user_agent(agent, expected):
    assert sessions.describe_device(agent) == expected


def test_i_sign_out_another_device(app, as_user, new_client, sign_in):
    client = as_user("staff")
    other = sign_in(new_client(), client.user)
    copied = _copy(app, new_client, other)
    other_id = next(s["id"] for s in client.get(f"{API}/sessions").get_json() if not s["current"])
    assert client.delete(f"{API}/sessions/{other_id}").status_code == 204
    assert other.get(f"{API}/me").status_code == 401
    assert copied.get(f"{API}/me").status_code == 401
    assert client.get(f"{API}/me").status_code == 200
    assert client.delete(f"{API}/sessions/{other_id}").status_code == 404


def test_naming_this_device_signs_it_out(app, as_user):
    client = as_user("staff")
    mine = client.get(f"{API}/sessions").get_json()[0]["id"]
    assert client.delete(f"{API}/sessions/{mine}").status_code == 204
    assert client.get(f"{API}/me").status_code == 401


def test_i_cannot_end_someone_elses_session(app, as_user):
    victim = as_user("staff")
    admin = as_user("admin")
    theirs = victim.get(f"{API}/sessions").get_json()[0]["id"]
    for bad in (theirs, str(uuid.uuid4())):
        response = admin.delete(f"{API}/sessions/{bad}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    malformed = admin.delete(f"{API}/sessions/not-a-uuid")
    assert malformed.status_code in (404, 405) and "error" in malformed.get_json()
    assert victim.get(f"{API}/me").status_code == 200


def test_signing_out_everywhere_else_keeps_this_device(app, as_user, new_client, sign_in):
    client = as_user("staff")
    others = [sign_in(new_client(), client.user) for _ in range(3)]
    bystander = as_user("staff")
    assert client.delete(f"{API}/sessions").status_code == 204
    assert all(o.get(f"{API}/me").status_code == 401 for o in others)
    assert client.get(f"{API}/me").status_code == 200
    assert [s["current"] for s in client.get(f"{API}/sessions").get_json()] == [True]
    assert bystander.get(f"{API}/me").status_code == 200


# Lifetimes

def test_a_session_ends_ninety_days_after_signing_in_however_much_it_is_used(app, as_user):
    client = as_user("staff")
    _age(app, client.user.id, created_at=utcnow() - timedelta(days=91),
         expires_at=utcnow() - timedelta(days=1))
    assert client.get(f"{API}/me").status_code == 401


def test_a_new_session_expires_after_ninety_days(app, as_user, new_client, phone):
    desk = as_user("staff")
    register(desk, phone)
    on_phone = new_client()
    sign_in_with(on_phone, phone)
    item = next(s for s in on_phone.get(f"{API}/sessions").get_json() if s["current"])
    span = datetime.fromisoformat(item["expires_at"]) - datetime.fromisoformat(item["created_at"])
    assert span == timedelta(days=90)


def test_a_session_unused_for_thirty_days_ends_on_the_server(app, as_user):
    client = as_user("staff")
    _age(app, client.user.id, last_used_at=utcnow() - timedelta(days=30, minutes=1))
    assert client.get(f"{API}/me").status_code == 401


def test_reading_notes_when_a_session_was_last_used_at_most_hourly(app, as_user):
    client = as_user("staff")
    two_hours_ago = utcnow() - timedelta(hours=2)
    _age(app, client.user.id, last_used_at=two_hours_ago)
    assert client.get(f"{API}/ideas").status_code == 200
    first = client.get(f"{API}/sessions").get_json()[0]["last_used_at"]
    assert datetime.fromisoformat(first) > two_hours_ago + timedelta(minutes=110)
    client.get(f"{API}/me")
    assert client.get(f"{API}/sessions").get_json()[0]["last_used_at"] == first


def test_expired_sessions_are_purged(app, as_user):
    old = as_user("staff")
    fresh = as_user("staff")
    _age(app, old.user.id, last_used_at=utcnow() - timedelta(days=31))
    with app.app_context():
        assert sessions.purge_expired() == 1
        db.session.commit()
        db.session.remove()
    assert _rows(app, old.user.id) == 0
    assert _rows(app, fresh.user.id) == 1


# Other ways a person's sessions end

def test_deactivation_deletes_every_session(app, as_user, new_client, sign_in):
    admin = as_user("admin")
    staff = as_user("staff")
    sign_in(new_client(), staff.user)
    assert admin.patch(f"{API}/users/{staff.user.id}", json={"active": False}).status_code == 200
    assert _rows(app, staff.user.id) == 0
    assert admin.patch(f"{API}/users/{staff.user.id}", json={"active": True}).status_code == 200
    assert staff.get(f"{API}/me").status_code == 401


def test_erasure_deletes_every_session(app, as_user, new_client, sign_in):
    admin = as_user("admin")
    staff = as_user("staff")
    copied = _copy(app, new_client, staff)
    assert admin.delete(f"{API}/users/{staff.user.id}").status_code == 204
    assert _rows(app, staff.user.id) == 0
    assert copied.get(f"{API}/me").status_code == 401
