"""Every response carries the security headers, whatever route or status."""
import pytest

PATHS = ["/", "/index.html", "/sw.js", "/ideas/6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11",
         "/api/v1/openapi.json", "/api/v1/me", "/api/v1/ideas", "/api/v1/nothing",
         "/missing.js", "/healthz"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("signed_in", [False, True])
def test_security_headers_everywhere(as_user, client, path, signed_in):
    response = (as_user() if signed_in else client).get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP on localhost


def test_every_registered_get_route_has_the_headers(app, as_user):
    client = as_user()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<{arg}>", "x").replace(
                f"<uuid:{arg}>", "6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11")
            for converter in ("string", "path", "uuid"):
                path = path.replace(f"<{converter}:{arg}>", "6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11")
        response = client.get(path)
        assert "Content-Security-Policy" in response.headers, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_hsts_and_secure_cookies_over_https(app_config, make_user):
    from server import create_app
    app = create_app({**app_config, "GNISTA_ORIGIN": "https://gnista.example.se"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz", base_url="https://gnista.example.se")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_lax(client, app, org):
    from server.auth.services import create_invitation
    from server.admin.models import Unit
    from server.extensions import db
    with app.app_context():
        _, token = create_invitation(db.session.get(Unit, org["north"].id))
        db.session.commit()
    response = client.post(f"/api/v1/invitations/{token}/redeem", json={"display_name": "Ali"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
