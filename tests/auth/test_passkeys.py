"""The WebAuthn ceremonies, driven by a software authenticator."""

from __future__ import annotations

import json
from base64 import urlsafe_b64encode
from typing import Any

import pytest

from server.auth import passkeys
from server.auth.relying_party import InvalidOrigin, origin_and_rp_id
from server.auth.passkeys import (
    BadSignature,
    ChallengeMismatch,
    InvalidCredential,
    MalformedCredential,
    NewPasskey,
    OriginMismatch,
    PasskeyError,
    RpIdMismatch,
    SignCountRegression,
    UserHandleMismatch,
    UserNotVerified,
)

ORIGIN = "http://localhost:5000"
RP_ID = "localhost"


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def register(phone: Any, user_id: bytes = b"user-anna", **create_knobs: Any) -> NewPasskey:
    """Run the whole registration ceremony for one account on a phone."""
    options, challenge = passkeys.registration_options(
        rp_id=RP_ID,
        rp_name="Gnista",
        user_id=user_id,
        user_name=user_id.decode(),
        display_name=user_id.decode().title(),
        exclude_credential_ids=[],
    )
    credential = phone.create(options, **create_knobs)
    return passkeys.verify_registration(credential_json=credential, challenge=challenge, rp_id=RP_ID, origin=ORIGIN)


def sign_in(phone: Any, passkey: NewPasskey, stored_sign_count: int | None = None, **get_knobs: Any) -> int:
    """Run the whole sign-in ceremony with a registered passkey and return the new count."""
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options, credential_id=passkey.credential_id, **get_knobs)
    return passkeys.verify_authentication(
        assertion_json=assertion,
        challenge=challenge,
        rp_id=RP_ID,
        origin=ORIGIN,
        public_key=passkey.public_key,
        stored_sign_count=passkey.sign_count if stored_sign_count is None else stored_sign_count,
    )


@pytest.fixture
def phone(soft_authenticator):
    return soft_authenticator(ORIGIN)


def test_registration_options_ask_for_a_discoverable_user_verified_passkey():
    options, challenge = passkeys.registration_options(
        rp_id=RP_ID,
        rp_name="Gnista",
        user_id=b"user-anna",
        user_name="anna",
        display_name="Anna Berg",
        exclude_credential_ids=[b"old-passkey"],
    )

    assert json.loads(json.dumps(options)) == options
    assert options["challenge"] == b64url(challenge) and len(challenge) >= 16
    assert options["rp"] == {"id": RP_ID, "name": "Gnista"}
    assert options["user"] == {"id": b64url(b"user-anna"), "name": "anna", "displayName": "Anna Berg"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert [p["alg"] for p in options["pubKeyCredParams"]] == [-7, -8, -257]
    assert options["attestation"] == "none"
    assert options["timeout"] == 300_000
    assert options["excludeCredentials"] == [{"id": b64url(b"old-passkey"), "type": "public-key"}]


def test_authentication_options_let_the_browser_offer_every_passkey():
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)

    assert "allowCredentials" not in options
    assert options["rpId"] == RP_ID
    assert options["userVerification"] == "required"
    assert options["challenge"] == b64url(challenge)
    assert options["timeout"] == 300_000


def test_each_ceremony_gets_a_fresh_challenge():
    assert passkeys.authentication_options(rp_id=RP_ID)[1] != passkeys.authentication_options(rp_id=RP_ID)[1]


def test_registration_returns_the_new_passkey(phone):
    passkey = register(phone)

    stored = phone.credentials[0]
    assert passkey.credential_id == stored.credential_id
    assert passkey.public_key == stored.cose_public_key()
    assert passkey.sign_count == 0
    assert passkey.transports == ["hybrid", "internal"]
    assert passkey.aaguid == "6a4e15a0-c2d4-4b0e-9a3f-0d1e2c3b4a59"
    assert passkey.backed_up is False and passkey.backup_eligible is False


def test_synced_passkey_is_reported_as_backed_up(soft_authenticator):
    passkey = register(soft_authenticator(ORIGIN, backed_up=True))

    assert passkey.backed_up is True and passkey.backup_eligible is True


def test_registration_accepts_the_credential_as_a_json_string(phone):
    options, challenge = passkeys.registration_options(
        rp_id=RP_ID, rp_name="Gnista", user_id=b"u1", user_name="u1", display_name="U1", exclude_credential_ids=[]
    )
    credential = json.dumps(phone.create(options))

    passkey = passkeys.verify_registration(credential_json=credential, challenge=challenge, rp_id=RP_ID, origin=ORIGIN)

    assert passkey.credential_id == phone.credentials[0].credential_id


def test_sign_in_succeeds_and_counts_up(phone):
    passkey = register(phone)

    assert sign_in(phone, passkey) == 1
    assert sign_in(phone, passkey, stored_sign_count=1) == 2


def test_sign_in_reads_credential_id_and_user_handle_before_verifying(phone):
    passkey = register(phone, user_id=b"user-anna")
    options, _ = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)

    assert passkeys.credential_id_of(assertion) == passkey.credential_id
    assert passkeys.user_handle_of(assertion) == b"user-anna"
    assert passkeys.user_handle_of(json.dumps(assertion)) == b"user-anna"


def test_assertion_without_user_handle_has_none(phone):
    register(phone)
    options, _ = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)
    assertion["response"]["userHandle"] = None

    assert passkeys.user_handle_of(assertion) is None


def test_two_passkeys_on_a_shared_phone_resolve_to_their_own_accounts(phone):
    anna = register(phone, user_id=b"user-anna")
    bo = register(phone, user_id=b"user-bo")
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)

    for passkey, user_id in ((anna, b"user-anna"), (bo, b"user-bo")):
        assertion = phone.get(options, credential_id=passkey.credential_id)
        assert passkeys.credential_id_of(assertion) == passkey.credential_id
        assert passkeys.user_handle_of(assertion) == user_id
        new_count = passkeys.verify_authentication(
            assertion_json=assertion,
            challenge=challenge,
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=passkey.public_key,
            stored_sign_count=0,
            user_handle=user_id,
        )
        assert new_count == 1
    assert anna.credential_id != bo.credential_id


def test_assertion_naming_another_account_is_refused(phone):
    anna = register(phone, user_id=b"user-anna")
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)

    with pytest.raises(UserHandleMismatch):
        passkeys.verify_authentication(
            assertion_json=assertion,
            challenge=challenge,
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=anna.public_key,
            stored_sign_count=0,
            user_handle=b"user-bo",
        )


def test_tampered_signature_is_refused(phone):
    passkey = register(phone)

    with pytest.raises(BadSignature):
        sign_in(phone, passkey, tamper_signature=True)


def test_assertion_checked_against_another_passkeys_key_is_refused(phone):
    anna = register(phone, user_id=b"user-anna")
    bo = register(phone, user_id=b"user-bo")
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options, credential_id=anna.credential_id)

    with pytest.raises(BadSignature):
        passkeys.verify_authentication(
            assertion_json=assertion,
            challenge=challenge,
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=bo.public_key,
            stored_sign_count=0,
        )


def test_replayed_assertion_for_an_earlier_challenge_is_refused(phone):
    passkey = register(phone)
    old_options, old_challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(old_options)
    verify = dict(assertion_json=assertion, rp_id=RP_ID, origin=ORIGIN, public_key=passkey.public_key)
    assert passkeys.verify_authentication(challenge=old_challenge, stored_sign_count=0, **verify) == 1

    _, new_challenge = passkeys.authentication_options(rp_id=RP_ID)
    with pytest.raises(ChallengeMismatch):
        passkeys.verify_authentication(challenge=new_challenge, stored_sign_count=1, **verify)


def test_a_lost_challenge_is_never_a_match(phone):
    passkey = register(phone)
    assertion = phone.get({"challenge": "", "rpId": RP_ID})

    with pytest.raises(ChallengeMismatch):
        passkeys.verify_authentication(
            assertion_json=assertion,
            challenge=b"",
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=passkey.public_key,
            stored_sign_count=0,
        )


def test_registration_with_another_challenge_is_refused(phone):
    options, _ = passkeys.registration_options(
        rp_id=RP_ID, rp_name="Gnista", user_id=b"u1", user_name="u1", display_name="U1", exclude_credential_ids=[]
    )
    credential = phone.create(options)
    _, other_challenge = passkeys.authentication_options(rp_id=RP_ID)

    with pytest.raises(ChallengeMismatch):
        passkeys.verify_registration(
            credential_json=credential, challenge=other_challenge, rp_id=RP_ID, origin=ORIGIN
        )


def test_registration_from_another_origin_is_refused(phone):
    with pytest.raises(OriginMismatch, match="https://evil.example"):
        register(phone, origin="https://evil.example")


def test_sign_in_from_another_origin_is_refused(phone):
    passkey = register(phone)

    with pytest.raises(OriginMismatch):
        sign_in(phone, passkey, origin="http://localhost:5001")


def test_registration_for_another_rp_id_is_refused(phone):
    with pytest.raises(RpIdMismatch):
        register(phone, rp_id="evil.example")


def test_sign_in_for_another_rp_id_is_refused(phone):
    passkey = register(phone)

    with pytest.raises(RpIdMismatch):
        sign_in(phone, passkey, rp_id="evil.example")


def test_registration_without_user_verification_is_refused(phone):
    with pytest.raises(UserNotVerified):
        register(phone, user_verified=False)


def test_sign_in_without_user_verification_is_refused(phone):
    passkey = register(phone)

    with pytest.raises(UserNotVerified):
        sign_in(phone, passkey, user_verified=False)


@pytest.mark.parametrize("counter_step", [0, -1], ids=["frozen", "going-back"])
def test_sign_count_that_does_not_increase_is_refused(phone, counter_step):
    passkey = register(phone)
    assert sign_in(phone, passkey, stored_sign_count=0) == 1
    assert sign_in(phone, passkey, stored_sign_count=1) == 2
    phone.counter_step = counter_step

    with pytest.raises(SignCountRegression, match="from 2 to"):
        sign_in(phone, passkey, stored_sign_count=2)


def test_sign_count_lower_than_stored_is_refused_even_when_it_restarts_from_one(phone):
    passkey = register(phone)

    with pytest.raises(SignCountRegression):
        sign_in(phone, passkey, stored_sign_count=7, sign_count=1)


def test_passkey_without_a_counter_is_accepted(soft_authenticator):
    phone = soft_authenticator(ORIGIN, counter_step=0)
    passkey = register(phone)

    assert sign_in(phone, passkey, stored_sign_count=0) == 0
    assert sign_in(phone, passkey, stored_sign_count=0) == 0


def test_registration_response_is_not_accepted_as_a_sign_in(phone):
    options, challenge = passkeys.registration_options(
        rp_id=RP_ID, rp_name="Gnista", user_id=b"u1", user_name="u1", display_name="U1", exclude_credential_ids=[]
    )
    credential = phone.create(options)
    passkey = passkeys.verify_registration(credential_json=credential, challenge=challenge, rp_id=RP_ID, origin=ORIGIN)
    credential["response"]["signature"] = credential["response"]["clientDataJSON"]

    with pytest.raises(InvalidCredential, match="webauthn.create"):
        passkeys.verify_authentication(
            assertion_json=credential,
            challenge=challenge,
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=passkey.public_key,
            stored_sign_count=0,
        )


def _broken_assertions(assertion: dict[str, Any]) -> dict[str, Any]:
    """Return named ways to break a well-formed assertion."""

    def changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
        broken = json.loads(json.dumps(assertion))
        target = broken
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return broken

    return {
        "not-json": "{not json",
        "json-array": "[]",
        "json-null": "null",
        "empty-object": {},
        "wrong-type": changed(("type",), "password"),
        "no-response": changed(("response",), _DELETE),
        "response-not-object": changed(("response",), "x"),
        "raw-id-not-base64url": changed(("rawId",), "!!!!"),
        "raw-id-padded": changed(("rawId",), assertion["rawId"] + "=="),
        "id-differs-from-raw-id": changed(("id",), b64url(b"another id")),
        "raw-id-number": changed(("rawId",), 12),
        "client-data-missing": changed(("response", "clientDataJSON"), _DELETE),
        "client-data-not-base64url": changed(("response", "clientDataJSON"), "e30*"),
        "client-data-impossible-length": changed(("response", "clientDataJSON"), "abcde"),
        "client-data-not-json": changed(("response", "clientDataJSON"), b64url(b"\xff\xfe")),
        "client-data-without-challenge": changed(
            ("response", "clientDataJSON"), b64url(json.dumps({"type": "webauthn.get", "origin": ORIGIN}).encode())
        ),
        "authenticator-data-short": changed(("response", "authenticatorData"), b64url(b"short")),
        "authenticator-data-missing": changed(("response", "authenticatorData"), _DELETE),
        "signature-missing": changed(("response", "signature"), _DELETE),
        "signature-not-base64url": changed(("response", "signature"), "a b c"),
        "user-handle-number": changed(("response", "userHandle"), 5),
        "user-handle-not-base64url": changed(("response", "userHandle"), "?"),
    }


_DELETE = object()


def test_malformed_assertions_are_refused_with_a_passkey_error(phone):
    passkey = register(phone)
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)

    for name, broken in _broken_assertions(assertion).items():
        with pytest.raises(PasskeyError) as verify_error:
            passkeys.verify_authentication(
                assertion_json=broken,
                challenge=challenge,
                rp_id=RP_ID,
                origin=ORIGIN,
                public_key=passkey.public_key,
                stored_sign_count=0,
            )
        assert isinstance(verify_error.value, MalformedCredential), name
        assert str(verify_error.value), name


def test_malformed_assertions_are_refused_when_looking_up_the_passkey(phone):
    register(phone)
    options, _ = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)

    read_only_when_verifying = {"client-data-not-json", "client-data-without-challenge", "authenticator-data-short"}
    for name, broken in _broken_assertions(assertion).items():
        if name in read_only_when_verifying:
            continue
        for lookup in (passkeys.credential_id_of, passkeys.user_handle_of):
            with pytest.raises(MalformedCredential):
                lookup(broken)


@pytest.mark.parametrize(
    "field, value",
    [
        ("attestationObject", b64url(b"\xff not cbor")),
        ("attestationObject", b64url(b"\xa0")),
        ("attestationObject", "#"),
        ("clientDataJSON", b64url(b"[1, 2]")),
        ("clientDataJSON", _DELETE),
    ],
)
def test_malformed_registrations_are_refused(phone, field, value):
    options, challenge = passkeys.registration_options(
        rp_id=RP_ID, rp_name="Gnista", user_id=b"u1", user_name="u1", display_name="U1", exclude_credential_ids=[]
    )
    credential = phone.create(options)
    if value is _DELETE:
        del credential["response"][field]
    else:
        credential["response"][field] = value

    with pytest.raises(MalformedCredential):
        passkeys.verify_registration(credential_json=credential, challenge=challenge, rp_id=RP_ID, origin=ORIGIN)


def test_a_corrupt_stored_public_key_is_a_passkey_error(phone):
    register(phone)
    options, challenge = passkeys.authentication_options(rp_id=RP_ID)
    assertion = phone.get(options)

    with pytest.raises(PasskeyError):
        passkeys.verify_authentication(
            assertion_json=assertion,
            challenge=challenge,
            rp_id=RP_ID,
            origin=ORIGIN,
            public_key=b"\xa1\x01\x02",
            stored_sign_count=0,
        )


@pytest.mark.parametrize(
    "configured, expected",
    [
        ("http://localhost:5000", ("http://localhost:5000", "localhost")),
        ("http://localhost:5000/", ("http://localhost:5000", "localhost")),
        ("https://gnista.boras.se", ("https://gnista.boras.se", "gnista.boras.se")),
        ("https://Gnista.Motala.se:443/", ("https://gnista.motala.se", "gnista.motala.se")),
        ("https://idéer.piteå.se:8443", ("https://xn--ider-cpa.xn--pite-toa.se:8443", "xn--ider-cpa.xn--pite-toa.se")),
        ("http://app.localhost:8000", ("http://app.localhost:8000", "app.localhost")),
    ],
)
def test_origin_and_rp_id_come_from_the_configured_origin(configured, expected):
    assert origin_and_rp_id(configured) == expected


@pytest.mark.parametrize(
    "configured",
    [
        "",
        "localhost:5000",
        "ftp://gnista.boras.se",
        "https://gnista.boras.se/app",
        "https://gnista.boras.se?x=1",
        "https://user:pw@gnista.boras.se",
        "http://127.0.0.1:5000",
        "https://[::1]:5000",
        "http://gnista.boras.se",
        "https://gnista.boras.se:99999",
    ],
)
def test_origins_browsers_refuse_for_passkeys_are_rejected(configured):
    with pytest.raises(InvalidOrigin) as error:
        origin_and_rp_id(configured)
    assert isinstance(error.value, ValueError)
