"""A stored reply is readable only by the client that holds its Idempotency-Key.

The reply to creating an invitation holds the invitation's token: a database
leak must not hand it out, nor the key that would open it.
"""
import uuid

import pytest
from sqlalchemy import select

from server.extensions import db
from server.idempotency import services
from server.idempotency.models import IdempotencyKey
from server.idempotency.sealing import ReplyKeys, UnreadableReply, key_hash

PATH = "/api/v1/invitations"


def invite(client, key: str, body: dict):
    return client.post(PATH, json=body, headers={"Idempotency-Key": key})


def database_dump(app) -> list:
    """Every value of every column of every table, as it sits in the database."""
    values = []
    with app.app_context():
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    values.extend(value for value in row if value is not None)
        db.session.remove()
    return values


def found_in(values: list, *needles: str | bytes) -> list:
    """The values holding any needle: text compared without case, bytes as they are."""
    hits = []
    for value in values:
        if isinstance(value, (bytes, bytearray, memoryview)):
            raw = bytes(value)
            haystacks = [raw, raw.decode("latin-1").lower()]
        else:
            haystacks = [str(value).lower()]
        for needle in needles:
            for haystack in haystacks:
                if isinstance(needle, bytes) != isinstance(haystack, bytes):
                    continue
                if (needle.lower() if isinstance(needle, str) else needle) in haystack:
                    hits.append(value)
    return hits


def test_an_invitations_token_and_its_key_are_nowhere_in_the_database(app, as_user, org):
    admin, key = as_user("admin"), uuid.uuid4()
    body = {"unit_id": str(org["north"].id)}
    created = invite(admin, str(key), body)
    assert created.status_code == 201
    token = created.json["token"]

    values = database_dump(app)
    plain_fingerprint = services.fingerprint("POST", PATH, json_body=body)
    assert found_in(values, token, token.encode()) == []
    assert found_in(values, str(key), key.hex, key.bytes) == []
    assert found_in(values, plain_fingerprint) == []
    # The dump did see the stored reply: it is there, only sealed.
    with app.app_context():
        assert db.session.scalar(select(IdempotencyKey.method)) == "POST"

    replay = invite(admin, str(key), body)
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json == created.json


def test_the_same_key_from_another_user_finds_nothing_of_the_first(app, as_user, org):
    first, second, key = as_user("admin"), as_user("admin"), str(uuid.uuid4())
    body = {"unit_id": str(org["north"].id)}
    mine = invite(first, key, body)
    theirs = invite(second, key, body)
    assert mine.status_code == 201
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json["token"] != mine.json["token"]
    assert theirs.json["id"] != mine.json["id"]
    # Each still replays their own.
    assert invite(first, key, body).json == mine.json
    assert invite(second, key, body).json == theirs.json


def test_another_key_finds_nothing_and_acts_anew(app, as_user, org):
    admin = as_user("admin")
    body = {"unit_id": str(org["north"].id)}
    first = invite(admin, str(uuid.uuid4()), body)
    other = invite(admin, str(uuid.uuid4()), body)
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other.headers
    assert other.json["token"] != first.json["token"]


def test_a_changed_body_under_the_same_key_is_still_refused(app, as_user, org):
    admin, key = as_user("admin"), str(uuid.uuid4())
    assert invite(admin, key, {"unit_id": str(org["north"].id)}).status_code == 201
    refused = invite(admin, key, {"unit_id": str(org["south"].id)})
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "idempotency_key_reused"
    assert "token" not in refused.get_data(as_text=True)


def test_a_sealed_reply_opens_only_for_its_user_key_method_and_path():
    user, key = uuid.uuid4(), uuid.uuid4()
    keys = ReplyKeys.derive(user_id=user, key=key, method="POST", path=PATH)
    sealed = keys.seal_reply(201, '{"token": "secret"}')
    assert b"secret" not in sealed
    assert keys.open_reply(201, sealed) == '{"token": "secret"}'
    others = [ReplyKeys.derive(user_id=uuid.uuid4(), key=key, method="POST", path=PATH),
              ReplyKeys.derive(user_id=user, key=uuid.uuid4(), method="POST", path=PATH),
              ReplyKeys.derive(user_id=user, key=key, method="PUT", path=PATH),
              ReplyKeys.derive(user_id=user, key=key, method="POST", path="/api/v1/ideas")]
    for other in others:
        with pytest.raises(UnreadableReply):
            other.open_reply(201, sealed)
    with pytest.raises(UnreadableReply):  # the status beside it cannot be changed either
        keys.open_reply(200, sealed)
    with pytest.raises(UnreadableReply):
        keys.open_reply(201, sealed[:-1] + bytes([sealed[-1] ^ 1]))
    # Two users' hashes of one key differ, and neither is the key.
    assert key_hash(user, key) != key_hash(uuid.uuid4(), key)
    assert key.hex not in key_hash(user, key)


def test_a_stored_reply_that_no_longer_opens_is_a_final_answer_not_a_500(app, as_user, org):
    admin, key = as_user("admin"), uuid.uuid4()
    body = {"unit_id": str(org["north"].id)}
    assert invite(admin, str(key), body).status_code == 201
    with app.app_context():
        record = db.session.scalar(select(IdempotencyKey))
        sealed = bytearray(record.sealed_body)
        sealed[-1] ^= 1
        record.sealed_body = bytes(sealed)
        db.session.commit()
        db.session.remove()

    again = invite(admin, str(key), body)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "idempotency_reply_lost"
    assert "token" not in again.json
