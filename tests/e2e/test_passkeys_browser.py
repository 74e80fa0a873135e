"""Passkeys in Chromium with its virtual authenticator: joining, signing in, shared phones, recovery.

The ceremonies run through fetch() and navigator.credentials in the page, not through
the web app's screens, so that these tests check the server's WebAuthn contract with
a real browser and stay valid whatever the screens look like.
"""
from __future__ import annotations

import base64
import uuid

import pytest

pytestmark = pytest.mark.e2e

# A page of Gnista's own origin that runs none of the app's code.
NEUTRAL_PAGE = "/healthz"

API_JS = """
const api = async (path, method = 'GET', body) => {
  const res = await fetch(`/api/v1${path}`, {
    method, credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-Requested-With': 'gnista'},
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await res.text();
  return {status: res.status, body: text ? JSON.parse(text) : null};
};
"""

REDEEM = API_JS + """
async ([token, name]) => api(`/invitations/${token}/redeem`, 'POST',
                             name ? {display_name: name, language: 'sv'} : {})
"""

REGISTER = API_JS + """
async (name) => {
  const options = await api('/passkeys/registration/options', 'POST');
  if (options.status !== 200) return options;
  let credential;
  try {
    credential = await navigator.credentials.create(
      {publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.body)});
  } catch (e) {
    return {status: 0, error: e.name};  // the browser or authenticator refused
  }
  return api('/passkeys', 'POST', {...credential.toJSON(), name});
}
"""

SIGN_IN = API_JS + """
async () => {
  const options = await api('/session/options', 'POST');
  if (options.status !== 200) return options;
  let assertion;
  try {
    assertion = await navigator.credentials.get(
      {publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.body)});
  } catch (e) {
    return {status: 0, error: e.name};
  }
  return api('/session', 'POST', assertion.toJSON());
}
"""

CALL = API_JS + "async ([path, method]) => api(path, method)"


class Phone:
    """A page with Chromium's virtual platform authenticator: one phone, possibly shared."""

    def __init__(self, page, base_url: str):
        self.page = page
        page.goto(base_url + NEUTRAL_PAGE)
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")
        self.authenticator_id = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True,
            "automaticPresenceSimulation": True}})["authenticatorId"]

    def redeem(self, token: str, name: str | None = None) -> dict:
        return self.page.evaluate(REDEEM, [token, name])

    def register(self, name: str) -> dict:
        return self.page.evaluate(REGISTER, name)

    def sign_in(self) -> dict:
        return self.page.evaluate(SIGN_IN)

    def call(self, path: str, method: str = "GET") -> dict:
        return self.page.evaluate(CALL, [path, method])

    def sign_out(self) -> None:
        assert self.call("/session", "DELETE")["status"] == 204
        assert self.call("/me")["status"] == 401

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials",
                             {"authenticatorId": self.authenticator_id})["credentials"]

    def sign_in_choosing(self, user_id: str) -> dict:
        """Sign in as the person who picks their own account in the phone's account list."""
        # The virtual authenticator has no account picker; leaving only the chosen
        # person's passkey on it for the moment has the same effect.
        others = [c for c in self.credentials() if _user_id(c) != user_id]
        for credential in others:
            self.cdp.send("WebAuthn.removeCredential", {
                "authenticatorId": self.authenticator_id, "credentialId": credential["credentialId"]})
        try:
            return self.sign_in()
        finally:
            for credential in others:
                self.cdp.send("WebAuthn.addCredential", {
                    "authenticatorId": self.authenticator_id, "credential": credential})


def _user_id(credential: dict) -> str:
    """The user id a virtual credential was made for (its user handle, as a UUID string)."""
    raw = base64.b64decode(credential["userHandle"] + "=" * (-len(credential["userHandle"]) % 4))
    return str(uuid.UUID(bytes=raw))


@pytest.fixture
def phone(page, live_server):
    return Phone(page, live_server)


@pytest.fixture
def second_phone(new_context, live_server):
    """Another phone (a new browser profile with its own authenticator)."""
    return Phone(new_context().new_page(), live_server)


@pytest.fixture
def recovery_invite(app):
    """Make an invitation that re-admits an existing user (a lost phone)."""
    from server.auth.models import User
    from server.auth.services import create_invitation
    from server.extensions import db

    def make(user_id: str) -> str:
        with app.app_context():
            user = db.session.get(User, uuid.UUID(user_id))
            _, token = create_invitation(user.unit, user=user)
            db.session.commit()
            return token
    return make


def test_a_new_person_joins_creates_a_passkey_and_signs_in_with_it(phone, invite):
    joined = phone.redeem(invite("staff"), "Anna Andersson")
    assert joined["status"] == 201, joined
    created = phone.register("Annas jobbmobil")
    assert created["status"] == 201, created
    assert created["body"]["name"] == "Annas jobbmobil"

    [credential] = phone.credentials()
    assert credential["isResidentCredential"] is True
    assert _user_id(credential) == joined["body"]["id"]

    phone.sign_out()
    signed_in = phone.sign_in()
    assert signed_in["status"] == 200, signed_in
    assert signed_in["body"]["display_name"] == "Anna Andersson"
    me = phone.call("/me")
    assert me["status"] == 200
    assert me["body"]["display_name"] == "Anna Andersson"
    assert me["body"]["id"] == joined["body"]["id"]
    [listed] = phone.call("/passkeys")["body"]
    assert listed["name"] == "Annas jobbmobil" and listed["last_used_at"] is not None


def test_two_people_on_one_shared_phone_each_sign_in_as_themselves(phone, invite):
    anna = phone.redeem(invite("staff"), "Anna")["body"]
    assert phone.register("Skiftmobil 1")["status"] == 201
    phone.sign_out()
    bertil = phone.redeem(invite("staff"), "Bertil")["body"]
    assert phone.register("Skiftmobil 1")["status"] == 201
    phone.sign_out()
    assert sorted(_user_id(c) for c in phone.credentials()) == sorted([anna["id"], bertil["id"]])

    as_bertil = phone.sign_in_choosing(bertil["id"])
    assert as_bertil["status"] == 200, as_bertil
    assert phone.call("/me")["body"]["display_name"] == "Bertil"
    phone.sign_out()
    as_anna = phone.sign_in_choosing(anna["id"])
    assert as_anna["status"] == 200, as_anna
    assert phone.call("/me")["body"]["display_name"] == "Anna"
    # Each sees only their own passkey, though both live on this phone.
    assert len(phone.call("/passkeys")["body"]) == 1


def test_a_recovery_invitation_adds_a_new_passkey_for_the_same_person(phone, second_phone, invite,
                                                                      recovery_invite):
    anna = phone.redeem(invite("staff"), "Anna")["body"]
    assert phone.register("Gamla mobilen")["status"] == 201

    # The phone is lost; her manager gives her a recovery invitation for a new one.
    readmitted = second_phone.redeem(recovery_invite(anna["id"]))
    assert readmitted["status"] == 201, readmitted
    assert readmitted["body"]["id"] == anna["id"]
    assert phone.call("/me")["status"] == 401  # the lost phone's session has ended
    assert second_phone.register("Nya mobilen")["status"] == 201

    second_phone.sign_out()
    signed_in = second_phone.sign_in()
    assert signed_in["status"] == 200, signed_in
    assert signed_in["body"]["id"] == anna["id"]
    names = sorted(p["name"] for p in second_phone.call("/passkeys")["body"])
    assert names == ["Gamla mobilen", "Nya mobilen"]


def test_a_phone_cannot_make_a_second_passkey_for_the_same_person(phone, invite):
    phone.redeem(invite("staff"), "Anna")
    assert phone.register("Första")["status"] == 201
    # The server lists her passkeys as excluded, so the phone refuses a duplicate.
    assert phone.register("Andra") == {"status": 0, "error": "InvalidStateError"}
    assert len(phone.credentials()) == 1
