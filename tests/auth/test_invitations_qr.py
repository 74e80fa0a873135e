"""Invitations for many people, as QR codes and as a printable poster."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from server import create_app
from server.auth.models import Invitation
from server.auth.qr import qr_svg
from server.extensions import db
from server.timestamps import utcnow

API = "/api/v1"
ORIGIN = "http://localhost:5000"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def handler(as_user, org):
    return as_user("handler", unit=org["care"])


@pytest.fixture
def invite(handler, org):
    """Create an invitation through the API as a handler; returns the response body."""
    def make(**fields):
        response = handler.post(f"{API}/invitations",
                                json={"unit_id": str(org["north"].id), **fields})
        assert response.status_code == 201, response.get_json()
        return response.get_json()
    return make


def test_an_invitation_is_for_one_person_unless_told_otherwise(invite, new_client):
    created = invite()
    assert created["max_uses"] == 1
    assert new_client().post(f"{API}/invitations/{created['token']}/redeem",
                             json={"display_name": "Anna"}).status_code == 201
    assert new_client().post(f"{API}/invitations/{created['token']}/redeem",
                             json={"display_name": "Bertil"}).status_code == 410


def test_a_poster_invitation_admits_as_many_people_as_it_says(invite, new_client):
    created = invite(max_uses=3)
    assert created["max_uses"] == 3
    token = created["token"]
    for name in ("Anna", "Bertil", "Cecilia"):
        assert new_client().post(f"{API}/invitations/{token}/redeem",
                                 json={"display_name": name}).status_code == 201
    assert new_client().get(f"{API}/invitations/{token}").get_json()["valid"] is False
    assert new_client().post(f"{API}/invitations/{token}/redeem",
                             json={"display_name": "David"}).status_code == 410


def test_invitation_links_point_at_the_qr_code_and_poster(invite):
    created = invite(max_uses=40)
    token = created["token"]
    assert created["url"] == f"{ORIGIN}/join/{token}"
    assert created["qr_url"] == f"{ORIGIN}/api/v1/invitations/{token}/qr.svg"
    assert created["poster_url"] == f"{ORIGIN}/api/v1/invitations/{token}/poster"


@pytest.mark.parametrize("fields", [{"max_uses": 0}, {"max_uses": 501}, {"max_uses": "many"},
                                    {"max_uses": 20, "role": "handler"}])
def test_impossible_or_unsafe_use_counts_are_refused(handler, org, fields):
    response = handler.post(f"{API}/invitations", json={"unit_id": str(org["north"].id), **fields})
    assert response.status_code == 422


def test_a_recovery_invitation_works_only_once(handler, make_user, org):
    user = make_user("staff", unit=org["north"])
    response = handler.post(f"{API}/invitations", json={
        "unit_id": str(org["north"].id), "user_id": str(user.id), "max_uses": 5})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "max_uses_invalid"


# The QR code

def test_anyone_with_the_token_gets_the_qr_code(invite, client):
    token = invite()["token"]
    response = client.get(f"{API}/invitations/{token}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    root = ET.fromstring(response.get_data(as_text=True))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}path") is not None
    # The code encodes exactly the join link.
    expected = qr_svg(f"{ORIGIN}/join/{token}", label=root.get("aria-label"))
    assert response.get_data(as_text=True) == str(expected)


def test_an_unknown_token_has_no_qr_code(client):
    response = client.get(f"{API}/invitations/not-a-token/qr.svg")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_used_up_or_expired_invitation_has_no_qr_code_or_poster(invite, new_client, app):
    used = invite()["token"]
    new_client().post(f"{API}/invitations/{used}/redeem", json={"display_name": "Anna"})
    expired = invite()["token"]
    with app.app_context():
        for invitation in db.session.scalars(db.select(Invitation)):
            if invitation.use_count == 0:
                invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    client = new_client()
    for token in (used, expired):
        for page in ("qr.svg", "poster"):
            response = client.get(f"{API}/invitations/{token}/{page}")
            assert response.status_code == 410, (token, page)
            assert response.get_json()["error"]["code"] == "invitation_unusable"


# The printable poster

def test_the_poster_shows_the_unit_the_code_and_the_link(invite, client):
    created = invite(max_uses=200)
    response = client.get(f"{API}/invitations/{created['token']}/poster")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Skanna för att gå med i Gnista" in html
    assert '<p class="subtitle" lang="en">Scan to join Gnista</p>' in html
    assert html.index("Skanna för att gå med i Gnista") < html.index("Scan to join Gnista")
    assert "Hemtjänst Norr" in html
    assert f'<a href="{created["url"]}">{created["url"]}</a>' in html
    assert '<svg role="img" aria-label=' in html
    assert '<link rel="stylesheet" href="/poster.css">' in html


def test_the_poster_needs_no_inline_styles_or_scripts(invite, client):
    response = client.get(f"{API}/invitations/{invite()['token']}/poster")
    html = response.get_data(as_text=True)
    assert "<style" not in html and "<script" not in html
    assert not re.search(r"\sstyle=", html)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_poster_stylesheet_is_served(client):
    response = client.get("/poster.css")
    try:
        assert response.status_code == 200
        assert response.mimetype == "text/css"
        assert b"@media print" in response.data
    finally:
        response.close()


def test_the_poster_escapes_the_units_name(handler, make_unit, org, client):
    unit = make_unit("<script>alert(1)</script> & Co", parent=org["care"])
    token = handler.post(f"{API}/invitations", json={"unit_id": str(unit.id)}).get_json()["token"]
    html = client.get(f"{API}/invitations/{token}/poster").get_data(as_text=True)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


@pytest.fixture
def rate_limited(app_config):
    app_config["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("rate_limited")
def test_qr_and_poster_are_rate_limited(client):
    for _ in range(10):
        assert client.get(f"{API}/invitations/x/poster").status_code == 404
    response = client.get(f"{API}/invitations/x/poster")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


@pytest.fixture
def busy_staff_room(app_config, monkeypatch):
    monkeypatch.setenv("GNISTA_SIGN_IN_LIMIT", "30 per minute")
    app_config["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("busy_staff_room")
def test_the_sign_in_limit_is_a_setting_for_a_busy_staff_room(client):
    for _ in range(30):
        assert client.get(f"{API}/invitations/x/poster").status_code == 404
    assert client.get(f"{API}/invitations/x/poster").status_code == 429


def test_a_sign_in_limit_that_is_not_one_stops_the_start(app_config, monkeypatch):
    monkeypatch.setenv("GNISTA_SIGN_IN_LIMIT", "many")
    with pytest.raises(ValueError, match="GNISTA_SIGN_IN_LIMIT='many' is not a rate limit"):
        create_app(app_config)


# The command line

def test_the_invite_command_prints_a_poster_link_for_many_uses(runner, org):
    result = runner.invoke(args=["gnista", "invite", "--unit", "Lokalvård", "--uses", "60"])
    assert result.exit_code == 0, result.output
    assert "/join/" in result.output
    assert re.search(r"up to 60 people: http://localhost:5000/api/v1/invitations/[\w-]+/poster",
                     result.output)


def test_the_invite_command_refuses_many_uses_for_admins(runner, org):
    result = runner.invoke(args=["gnista", "invite", "--role", "admin", "--uses", "5"])
    assert result.exit_code != 0
    assert "Only invitations for new staff" in result.output


def test_the_openapi_document_describes_max_uses_and_the_qr_endpoints(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert "max_uses" in spec["components"]["schemas"]["InvitationArgs"]["properties"]
    created = spec["components"]["schemas"]["InvitationCreated"]["properties"]
    assert {"max_uses", "qr_url", "poster_url"} <= set(created)
    qr = spec["paths"]["/api/v1/invitations/{token}/qr.svg"]["get"]
    assert "image/svg+xml" in qr["responses"]["200"]["content"]
    assert "get" in spec["paths"]["/api/v1/invitations/{token}/poster"]
