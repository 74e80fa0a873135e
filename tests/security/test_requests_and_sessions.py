"""Cross-site requests, forged sessions, new endpoints and error bodies."""
from __future__ import annotations

import pytest

UNSAFE = {"post", "put", "patch", "delete"}


def _unsafe_operations(client) -> list[tuple[str, str]]:
    spec = client.get("/api/v1/openapi.json").get_json()
    zero = "00000000-0000-4000-8000-000000000000"
    return [(method.upper(), path.replace("{", "").replace("}", "")
             .replace("idea_id", zero).replace("user_id", zero).replace("unit_id", zero)
             .replace("passkey_id", zero).replace("session_id", zero).replace("token", "abc"))
            for path, item in spec["paths"].items() for method in item if method in UNSAFE]


def test_every_unsafe_operation_needs_the_custom_header(app, as_user):
    signed_in = as_user("admin")
    operations = _unsafe_operations(signed_in)
    assert len(operations) > 15
    name = app.config["SESSION_COOKIE_NAME"]
    without_header = app.test_client()
    without_header.set_cookie(name, signed_in.get_cookie(name).value, domain="localhost")
    assert without_header.get("/api/v1/me").status_code == 200
    for method, path in operations:
        # Signed in or not, public or not: a plain cross-site form is refused first.
        for client in (without_header, app.test_client()):
            response = client.open(path, method=method, json={})
            assert response.status_code == 403, (method, path, response.status_code)
            assert response.get_json()["error"]["code"] == "csrf_header_missing"


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "http://localhost:5001"},       # another port is another origin
    {"Origin": "https://localhost:5000"},      # and so is another scheme
    {"Origin": "null"},                        # sandboxed frames, data: URLs
    {"Sec-Fetch-Site": "same-site"},           # a sibling subdomain
    {"Sec-Fetch-Site": "cross-site"},
], ids=["other-site", "other-port", "other-scheme", "null", "same-site", "cross-site"])
def test_writes_from_elsewhere_are_refused_even_with_the_header(as_user, headers):
    client = as_user("admin")
    for method, path in _unsafe_operations(client):
        response = client.open(path, method=method, json={}, headers=headers)
        assert response.status_code == 403, (method, path, headers)
        assert response.get_json()["error"]["code"] == "cross_site"


def test_an_origin_matching_a_spoofed_host_is_still_cross_site(as_user):
    client = as_user("admin")
    # The Host header is the sender's to choose; only GNISTA_ORIGIN is this site.
    spoofed = {"Host": "evil.example", "Origin": "http://evil.example"}
    response = client.patch("/api/v1/me", json={"display_name": "Mallory"}, headers=spoofed)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "cross_site"
    assert client.get("/api/v1/me").get_json()["display_name"] != "Mallory"
    for method, path in _unsafe_operations(client):
        response = client.open(path, method=method, json={}, headers=spoofed)
        assert response.status_code == 403, (method, path)


def test_the_configured_origin_is_accepted_whatever_the_host(as_user):
    client = as_user("staff")
    headers = {"Host": "localhost:8000", "Origin": "http://LOCALHOST:5000"}
    response = client.patch("/api/v1/me", json={"display_name": "Anna"}, headers=headers)
    assert response.status_code == 200


def test_a_forged_or_tampered_session_cookie_signs_nobody_in(app, as_user):
    client = as_user("staff")
    name = app.config["SESSION_COOKIE_NAME"]
    value = client.get_cookie(name).value
    assert client.get("/api/v1/me").status_code == 200
    for forged in (value[:-2] + ("AA" if not value.endswith("AA") else "BB"), "e30.abc.def", ""):
        other = app.test_client()
        other.set_cookie(name, forged, domain="localhost")
        assert other.get("/api/v1/me").status_code == 401


def test_a_cookie_signed_with_another_installations_key_is_refused(app, app_config, as_user):
    from server import create_app
    client = as_user("staff")
    name = app.config["SESSION_COOKIE_NAME"]
    foreign = create_app({**app_config, "SECRET_KEY": "another-installation"})
    stranger = foreign.test_client()
    with client.raw.session_transaction() as session:
        cookie_id = session["_user_id"]
    with stranger.session_transaction() as session:
        session["_user_id"] = cookie_id
    cookie = stranger.get_cookie(name).value
    victim = app.test_client()
    victim.set_cookie(name, cookie, domain="localhost")
    assert victim.get("/api/v1/me").status_code == 401


def test_deactivation_ends_a_live_session(as_user):
    admin = as_user("admin")
    staff = as_user("staff")
    assert staff.get("/api/v1/me").status_code == 200
    assert admin.patch(f"/api/v1/users/{staff.user.id}", json={"active": False}).status_code == 200
    assert staff.get("/api/v1/me").status_code == 401


def test_a_new_endpoint_needs_sign_in_unless_listed_as_public(app, as_user):
    @app.get("/api/v1/unlisted")
    def unlisted():
        return {"secret": True}

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    assert app.test_client().get("/api/v1/unlisted").status_code == 401
    client = as_user("staff")
    assert client.get("/api/v1/unlisted").status_code == 200
    response = client.get("/api/v1/boom")
    # A crash says nothing about the server's inside.
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "hunter2" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert response.get_json()["error"]["code"] == "server_error"


def test_hardening_headers_are_on_api_answers_and_errors(client):
    for response in (client.get("/api/v1/openapi.json"), client.get("/api/v1/me"),
                     client.get("/api/v1/no-such-thing")):
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "geolocation=()" in headers["Permissions-Policy"]
