"""Passkey registration, sign-in and management through the API, with a software authenticator."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from server.auth import challenges, services
from server.auth.models import Passkey, User
from server.extensions import db
from soft_authenticator import b64url, unb64url

API = "/api/v1"


def register(client, authenticator, *, name: str | None = None, **knobs):
    """Run the registration ceremony for the client's user; returns the final response."""
    options = client.post(f"{API}/passkeys/registration/options")
    assert options.status_code == 200, options.get_json()
    credential = authenticator.create(options.get_json(), **knobs)
    if name is not None:
        credential["name"] = name
    return client.post(f"{API}/passkeys", json=credential)


def start_sign_in(client) -> dict:
    response = client.post(f"{API}/session/options")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def sign_in_with(client, authenticator, **knobs):
    """Run the sign-in ceremony; returns the final response."""
    assertion = authenticator.get(start_sign_in(client), **knobs)
    return client.post(f"{API}/session", json=assertion)


def error_code(response) -> str:
    return response.get_json()["error"]["code"]


@pytest.fixture
def phone(soft_authenticator):
    """A phone with a platform authenticator, using Gnista at the test origin."""
    return soft_authenticator("http://localhost:5000")


@pytest.fixture
def with_passkey(as_user, phone):
    """A staff member who has registered a passkey on `phone`; returns their client."""
    client = as_user("staff", name="Anna Andersson")
    response = register(client, phone, name="Annas mobil")
    assert response.status_code == 201, response.get_json()
    client.passkey = response.get_json()
    return client


# Registration

def test_registration_options_ask_for_a_discoverable_verified_passkey(as_user):
    client = as_user("staff", name="Anna Andersson")
    options = client.post(f"{API}/passkeys/registration/options").get_json()
    assert options["rp"] == {"name": "Gnista", "id": "localhost"}
    assert unb64url(options["user"]["id"]) == client.user.id.bytes
    assert options["user"]["displayName"] == "Anna Andersson"
    assert options["user"]["name"] == "Anna Andersson (Hemtjänst Norr)"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert len(unb64url(options["challenge"])) >= 32


def test_a_registered_passkey_is_stored_for_its_owner(with_passkey, db_run):
    created = with_passkey.passkey
    assert created["name"] == "Annas mobil"
    assert created["last_used_at"] is None
    assert set(created) == {"id", "name", "created_at", "last_used_at"}
    owner = db_run(lambda s: s.get(Passkey, uuid.UUID(created["id"])).user_id)
    assert owner == with_passkey.user.id


def test_registration_options_exclude_the_users_existing_passkeys(with_passkey, phone):
    options = with_passkey.post(f"{API}/passkeys/registration/options").get_json()
    assert [c["id"] for c in options["excludeCredentials"]] == [b64url(phone.credentials[0].credential_id)]


def test_registration_without_options_first_is_refused(as_user, phone):
    client = as_user("staff")
    options = as_user("staff").post(f"{API}/passkeys/registration/options").get_json()
    response = client.post(f"{API}/passkeys", json=phone.create(options))
    assert response.status_code == 400
    assert error_code(response) == "passkey_challenge"


def test_registration_options_work_once(as_user, phone):
    client = as_user("staff")
    options = client.post(f"{API}/passkeys/registration/options").get_json()
    credential = phone.create(options)
    assert client.post(f"{API}/passkeys", json=credential).status_code == 201
    again = client.post(f"{API}/passkeys", json=credential)
    assert again.status_code == 400
    assert error_code(again) == "passkey_challenge"


def test_registration_from_another_site_is_refused(as_user, phone):
    response = register(as_user("staff"), phone, origin="https://gnista.evil.example")
    assert response.status_code == 400
    assert error_code(response) == "passkey_origin"


def test_registration_without_user_verification_is_refused(as_user, phone):
    response = register(as_user("staff"), phone, user_verified=False)
    assert response.status_code == 400
    assert error_code(response) == "passkey_user_verification"


def test_registration_needs_a_signed_in_user(client):
    assert client.post(f"{API}/passkeys/registration/options").status_code == 401
    assert client.post(f"{API}/passkeys", json={}).status_code == 401


@pytest.mark.parametrize("body", [
    {},
    {"id": "x", "rawId": "x", "type": "public-key", "response": "not an object"},
    {"id": "AA", "rawId": "AA", "type": "public-key", "response": {"clientDataJSON": "!!"}},
    {"id": "AA", "rawId": "AB", "type": "public-key", "response": {}},
])
def test_a_malformed_credential_is_a_client_error(as_user, body):
    client = as_user("staff")
    client.post(f"{API}/passkeys/registration/options")
    response = client.post(f"{API}/passkeys", json=body)
    assert response.status_code in (400, 422)
    assert "error" in response.get_json()


def test_registration_right_after_redeeming_an_invitation(client, handler_invitation, phone):
    redeemed = client.post(f"{API}/invitations/{handler_invitation()}/redeem",
                           json={"display_name": "Bodil"})
    assert redeemed.status_code == 201
    assert register(client, phone, name="Jobbmobil").status_code == 201
    assert sign_in_with(client, phone).get_json()["display_name"] == "Bodil"


@pytest.fixture
def handler_invitation(as_user, org):
    handler = as_user("handler", unit=org["care"])

    def make(**fields):
        response = handler.post(f"{API}/invitations", json={"unit_id": str(org["north"].id), **fields})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["token"]
    make.handler = handler
    return make


# Signing in

def test_session_options_name_no_account(client):
    options = start_sign_in(client)
    assert options["rpId"] == "localhost"
    assert options["userVerification"] == "required"
    assert "allowCredentials" not in options


def test_a_passkey_signs_its_owner_in_without_a_user_name(with_passkey, phone, new_client, db_run):
    client = new_client()
    response = sign_in_with(client, phone)
    assert response.status_code == 200
    me = response.get_json()
    assert me["id"] == str(with_passkey.user.id)
    assert me["display_name"] == "Anna Andersson"
    assert me["unit"]["name"] == "Hemtjänst Norr"
    assert client.get(f"{API}/me").get_json()["id"] == str(with_passkey.user.id)
    stored = db_run(lambda s: s.get(Passkey, uuid.UUID(with_passkey.passkey["id"])))
    assert stored.sign_count == phone.credentials[0].sign_count
    assert stored.last_used_at is not None


def test_two_people_on_one_shared_phone_each_sign_in_as_themselves(as_user, soft_authenticator,
                                                                  new_client):
    shared = soft_authenticator()
    anna, bertil = as_user("staff", name="Anna"), as_user("staff", name="Bertil")
    assert register(anna, shared).status_code == 201
    assert register(bertil, shared).status_code == 201
    anna_key, bertil_key = (c.credential_id for c in shared.credentials)
    phone = new_client()
    assert sign_in_with(phone, shared, credential_id=bertil_key).get_json()["display_name"] == "Bertil"
    assert phone.get(f"{API}/me").get_json()["display_name"] == "Bertil"
    assert sign_in_with(phone, shared, credential_id=anna_key).get_json()["display_name"] == "Anna"
    assert phone.get(f"{API}/me").get_json()["display_name"] == "Anna"


def test_signing_in_starts_a_fresh_session(with_passkey, phone, new_client):
    client = new_client()
    with client.raw.session_transaction() as session:
        session["left_over"] = "from before"
    assert sign_in_with(client, phone).status_code == 200
    with client.raw.session_transaction() as session:
        assert "left_over" not in session
        assert session.permanent


def test_the_session_lasts_30_days_from_the_last_request(with_passkey, phone, new_client):
    client = new_client()
    sign_in_with(client, phone)
    lifetime = client.get_cookie("gnista_session").expires - datetime.now(timezone.utc)
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)
    # An answer that changes nothing sends no cookie: arriving late, it cannot undo a change.
    again = client.get(f"{API}/me")
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers
    # Half a day later the next request renews the session for 30 days more.
    with client.raw.session_transaction() as session:
        session["_rolled"] -= 12 * 3600
    renewed = client.get(f"{API}/me")
    assert "gnista_session=" in renewed.headers.get("Set-Cookie", "")
    lifetime = client.get_cookie("gnista_session").expires - datetime.now(timezone.utc)
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)
    assert "Set-Cookie" not in client.get(f"{API}/me").headers


def test_a_late_answer_cannot_undo_a_stored_challenge(with_passkey, phone, new_client):
    """At start-up the app fetches in parallel; an answer begun before a passkey
    ceremony started may arrive after it and must not restore the older cookie."""
    client = new_client()
    sign_in_with(client, phone)
    before = client.get_cookie("gnista_session").value
    assert client.post(f"{API}/passkeys/registration/options").status_code == 200
    after = client.get_cookie("gnista_session").value
    assert after != before
    late = new_client()
    late.raw.set_cookie("gnista_session", before, domain="localhost")
    answer = late.get(f"{API}/me")
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers


def test_a_tampered_signature_is_refused(with_passkey, phone, new_client):
    client = new_client()
    response = sign_in_with(client, phone, tamper_signature=True)
    assert response.status_code == 401
    assert error_code(response) == "passkey_signature"
    assert client.get(f"{API}/me").status_code == 401


def test_a_replayed_assertion_is_refused(with_passkey, phone, new_client):
    client = new_client()
    assertion = phone.get(start_sign_in(client))
    assert client.post(f"{API}/session", json=assertion).status_code == 200
    again = client.post(f"{API}/session", json=assertion)
    assert again.status_code == 401
    assert error_code(again) == "passkey_challenge"


def test_an_assertion_replayed_with_its_old_cookie_is_refused(with_passkey, soft_authenticator,
                                                             as_user, new_client):
    # A passkey without a counter (most synced passkeys) cannot be caught by its count.
    synced = soft_authenticator(counter_step=0, backed_up=True)
    owner = as_user("staff")
    assert register(owner, synced).status_code == 201
    client = new_client()
    assertion = synced.get(start_sign_in(client))
    copied_cookie = client.get_cookie("gnista_session").value
    assert client.post(f"{API}/session", json=assertion).status_code == 200
    thief = new_client()
    thief.set_cookie("gnista_session", copied_cookie)
    again = thief.post(f"{API}/session", json=assertion)
    assert again.status_code == 401
    assert error_code(again) == "passkey_challenge"
    assert thief.get(f"{API}/me").status_code == 401


def test_a_challenge_from_another_session_is_refused(with_passkey, phone, new_client):
    victim, attacker = new_client(), new_client()
    victims_options = start_sign_in(victim)
    start_sign_in(attacker)
    response = attacker.post(f"{API}/session", json=phone.get(victims_options))
    assert response.status_code == 401
    assert error_code(response) == "passkey_challenge"


def test_an_expired_challenge_is_refused(with_passkey, phone, new_client):
    client = new_client()
    options = start_sign_in(client)
    with client.raw.session_transaction() as session:
        stored = dict(session["webauthn.authentication"])
        stored["issued_at"] -= (challenges.LIFETIME + timedelta(seconds=1)).total_seconds()
        session["webauthn.authentication"] = stored
    response = client.post(f"{API}/session", json=phone.get(options))
    assert response.status_code == 401
    assert error_code(response) == "passkey_challenge"
    assert "expired" in response.get_json()["error"]["message"]


def test_a_challenge_is_used_up_by_a_failed_attempt(with_passkey, phone, new_client):
    client = new_client()
    options = start_sign_in(client)
    assert client.post(f"{API}/session", json=phone.get(options, tamper_signature=True)).status_code == 401
    response = client.post(f"{API}/session", json=phone.get(options))
    assert response.status_code == 401
    assert error_code(response) == "passkey_challenge"


def test_sign_in_without_options_first_is_refused(with_passkey, phone, new_client):
    options = start_sign_in(new_client())
    response = new_client().post(f"{API}/session", json=phone.get(options))
    assert response.status_code == 401
    assert error_code(response) == "passkey_challenge"


def test_an_assertion_made_on_another_site_is_refused(with_passkey, phone, new_client):
    response = sign_in_with(new_client(), phone, origin="https://gnista.evil.example")
    assert response.status_code == 401
    assert error_code(response) == "passkey_origin"


def test_an_assertion_for_another_relying_party_is_refused(with_passkey, phone, new_client):
    response = sign_in_with(new_client(), phone, rp_id="evil.example")
    assert response.status_code == 401
    assert error_code(response) == "passkey_rp_id"


def test_an_assertion_without_user_verification_is_refused(with_passkey, phone, new_client):
    response = sign_in_with(new_client(), phone, user_verified=False)
    assert response.status_code == 401
    assert error_code(response) == "passkey_user_verification"


def test_a_counter_that_goes_back_is_refused(with_passkey, phone, new_client):
    assert sign_in_with(new_client(), phone, sign_count=5).status_code == 200
    response = sign_in_with(new_client(), phone, sign_count=3)
    assert response.status_code == 401
    assert error_code(response) == "passkey_sign_count"


def test_an_assertion_naming_another_user_is_refused(as_user, phone, new_client):
    anna, bertil = as_user("staff"), as_user("staff")
    register(anna, phone)
    register(bertil, phone)
    annas = phone.credentials[0]
    annas.user_handle = bertil.user.id.bytes  # a forged account picker entry
    response = sign_in_with(new_client(), phone, credential_id=annas.credential_id)
    assert response.status_code == 401
    assert error_code(response) == "passkey_user_handle"


def test_a_passkey_gnista_does_not_know_is_refused(with_passkey, soft_authenticator, new_client):
    stranger = soft_authenticator()
    stranger.create({"rp": {"id": "localhost"}, "user": {"id": b64url(b"someone"), "name": "x"},
                     "challenge": b64url(b"c" * 32), "pubKeyCredParams": [{"alg": -7, "type": "public-key"}]})
    response = sign_in_with(new_client(), stranger)
    assert response.status_code == 401
    assert error_code(response) == "passkey_unknown"


def test_a_deactivated_user_cannot_sign_in_and_their_sessions_end(with_passkey, phone, new_client,
                                                                   app):
    signed_in = new_client()
    assert sign_in_with(signed_in, phone).status_code == 200
    with app.app_context():
        services.deactivate_user(db.session.get(User, with_passkey.user.id))
        db.session.commit()
    assert signed_in.get(f"{API}/me").status_code == 401
    assert with_passkey.get(f"{API}/me").status_code == 401
    client = new_client()
    response = sign_in_with(client, phone)
    assert response.status_code == 403
    assert error_code(response) == "account_deactivated"
    assert client.get(f"{API}/me").status_code == 401


def test_a_reactivated_user_signs_in_with_the_same_passkey(with_passkey, phone, new_client, app):
    with app.app_context():
        user = db.session.get(User, with_passkey.user.id)
        services.deactivate_user(user)
        services.reactivate_user(user)
        db.session.commit()
    assert sign_in_with(new_client(), phone).status_code == 200


@pytest.mark.parametrize("body", [{}, [], {"id": "AA", "rawId": "AA", "type": "public-key",
                                           "response": {"clientDataJSON": "AA"}}])
def test_a_malformed_assertion_is_a_client_error(client, body):
    start_sign_in(client)
    response = client.post(f"{API}/session", json=body)
    assert response.status_code in (400, 422)
    assert "error" in response.get_json()


def test_sign_in_needs_the_csrf_header(with_passkey, phone, app):
    raw = app.test_client()
    options = raw.post(f"{API}/session/options", headers={"X-Requested-With": "gnista"}).get_json()
    response = raw.post(f"{API}/session", json=phone.get(options))
    assert response.status_code == 403


def test_signing_out_ends_the_session(with_passkey, phone, new_client):
    client = new_client()
    sign_in_with(client, phone)
    assert client.delete(f"{API}/session").status_code == 204
    assert client.get(f"{API}/me").status_code == 401


def test_a_misconfigured_origin_is_reported_not_crashed(app_config):
    from server import create_app
    app = create_app({**app_config, "GNISTA_ORIGIN": "http://192.168.1.20:5000"})
    client = app.test_client()
    response = client.post(f"{API}/session/options", headers={"X-Requested-With": "gnista"})
    assert response.status_code == 503
    assert error_code(response) == "passkey_origin_config"


# Listing, renaming and removing my passkeys

def test_i_list_my_passkeys_and_no_one_elses(with_passkey, as_user, soft_authenticator):
    other = as_user("staff")
    register(other, soft_authenticator())
    listed = with_passkey.get(f"{API}/passkeys").get_json()
    assert [p["id"] for p in listed] == [with_passkey.passkey["id"]]
    assert listed[0]["name"] == "Annas mobil"


def test_last_used_shows_after_signing_in(with_passkey, phone, new_client):
    client = new_client()
    sign_in_with(client, phone)
    assert client.get(f"{API}/passkeys").get_json()[0]["last_used_at"] is not None


def test_i_rename_my_passkey(with_passkey):
    url = f"{API}/passkeys/{with_passkey.passkey['id']}"
    response = with_passkey.patch(url, json={"name": "  Jobbmobilen skift 2 "})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Jobbmobilen skift 2"
    assert with_passkey.get(f"{API}/passkeys").get_json()[0]["name"] == "Jobbmobilen skift 2"
    assert with_passkey.patch(url, json={"name": ""}).status_code == 422
    assert with_passkey.patch(url, json={"name": "x" * 81}).status_code == 422


def test_i_cannot_rename_or_remove_someone_elses_passkey(with_passkey, as_user):
    url = f"{API}/passkeys/{with_passkey.passkey['id']}"
    other = as_user("admin")
    assert other.patch(url, json={"name": "mine now"}).status_code == 404
    assert other.delete(url).status_code == 404
    assert len(with_passkey.get(f"{API}/passkeys").get_json()) == 1


def test_a_removed_passkey_no_longer_signs_in(with_passkey, phone, new_client, sign_in):
    elsewhere = sign_in(new_client(), with_passkey.user)
    response = with_passkey.delete(f"{API}/passkeys/{with_passkey.passkey['id']}")
    assert response.status_code == 204
    assert elsewhere.get(f"{API}/passkeys").get_json() == []
    refused = sign_in_with(new_client(), phone)
    assert refused.status_code == 401
    assert error_code(refused) == "passkey_unknown"


def test_a_removed_passkey_can_be_registered_again_on_the_same_phone(with_passkey, phone,
                                                                     new_client, sign_in):
    with_passkey.delete(f"{API}/passkeys/{with_passkey.passkey['id']}")
    # Removing the passkey signed its phone out; an invitation brings the person back.
    again = sign_in(new_client(), with_passkey.user)
    assert register(again, phone).status_code == 201


# An administrator removes someone's passkeys (a lost phone)

def test_an_admin_removes_a_users_passkeys_and_ends_their_sessions(with_passkey, phone, as_user,
                                                                   new_client):
    signed_in = new_client()
    sign_in_with(signed_in, phone)
    admin = as_user("admin")
    response = admin.delete(f"{API}/users/{with_passkey.user.id}/passkeys")
    assert response.status_code == 204
    assert signed_in.get(f"{API}/me").status_code == 401
    assert with_passkey.get(f"{API}/me").status_code == 401
    assert error_code(sign_in_with(new_client(), phone)) == "passkey_unknown"


@pytest.mark.parametrize("role", ["staff", "handler"])
def test_only_an_admin_removes_someone_elses_passkeys(with_passkey, as_user, role):
    response = as_user(role).delete(f"{API}/users/{with_passkey.user.id}/passkeys")
    assert response.status_code == 403
    assert len(with_passkey.get(f"{API}/passkeys").get_json()) == 1


def test_removing_passkeys_of_an_unknown_user_is_404(as_user):
    assert as_user("admin").delete(f"{API}/users/{uuid.uuid4()}/passkeys").status_code == 404


def test_an_admin_cannot_touch_another_organisations_users(with_passkey, make_unit, as_user):
    other_org = make_unit("Grannkommun")
    response = as_user("admin", unit=other_org).delete(f"{API}/users/{with_passkey.user.id}/passkeys")
    assert response.status_code == 404


# Recovery: a new phone through an invitation for the same person

def test_a_recovery_invitation_adds_a_passkey_for_the_same_user(with_passkey, phone,
                                                                handler_invitation, new_client,
                                                                soft_authenticator):
    old_phone_session = new_client()
    sign_in_with(old_phone_session, phone)
    token = handler_invitation(user_id=str(with_passkey.user.id))
    new_phone, new_authenticator = new_client(), soft_authenticator()
    redeemed = new_phone.post(f"{API}/invitations/{token}/redeem", json={})
    assert redeemed.status_code == 201
    assert redeemed.get_json()["id"] == str(with_passkey.user.id)
    # The lost phone's session ends when the person is re-admitted.
    assert old_phone_session.get(f"{API}/me").status_code == 401
    assert register(new_phone, new_authenticator).status_code == 201
    assert len(new_phone.get(f"{API}/passkeys").get_json()) == 2
    fresh = new_client()
    assert sign_in_with(fresh, new_authenticator).get_json()["id"] == str(with_passkey.user.id)


# Rate limits

@pytest.fixture
def rate_limited(app_config):
    app_config["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("rate_limited")
@pytest.mark.parametrize("path", ["/session/options", "/session"])
def test_sign_in_attempts_are_rate_limited(client, path):
    for _ in range(10):
        assert client.post(f"{API}{path}", json={}).status_code != 429
    response = client.post(f"{API}{path}", json={})
    assert response.status_code == 429
    assert error_code(response) == "rate_limited"
    assert "Wait a minute" in response.get_json()["error"]["message"]
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.usefixtures("rate_limited")
def test_registration_attempts_are_rate_limited(as_user):
    client = as_user("staff")
    for _ in range(10):
        assert client.post(f"{API}/passkeys/registration/options").status_code == 200
    assert client.post(f"{API}/passkeys/registration/options").status_code == 429


@pytest.mark.usefixtures("rate_limited")
def test_the_limit_is_per_address(client, new_client):
    for _ in range(10):
        client.post(f"{API}/session/options")
    assert client.post(f"{API}/session/options").status_code == 429
    elsewhere = new_client()
    response = elsewhere.post(f"{API}/session/options", environ_base={"REMOTE_ADDR": "10.1.2.3",
                                                                      "HTTP_X_REQUESTED_WITH": "x"})
    assert response.status_code == 200


# The API document

def test_the_openapi_document_describes_the_passkey_endpoints(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    paths = spec["paths"]
    for path, method in [("/api/v1/passkeys/registration/options", "post"),
                         ("/api/v1/passkeys", "post"), ("/api/v1/passkeys", "get"),
                         ("/api/v1/passkeys/{passkey_id}", "patch"),
                         ("/api/v1/passkeys/{passkey_id}", "delete"),
                         ("/api/v1/users/{user_id}/passkeys", "delete"),
                         ("/api/v1/session/options", "post"), ("/api/v1/session", "post")]:
        assert method in paths[path], (path, method)
    schemas = spec["components"]["schemas"]
    assert set(schemas["Passkey"]["properties"]) == {"id", "name", "created_at", "last_used_at"}
    assert "name" in schemas["PasskeyRegistrationArgs"]["properties"]
