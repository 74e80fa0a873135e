"""A key still being processed answers 409 idempotency_in_flight with Retry-After, then replays."""
from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta

import requests
from PIL import Image
from sqlalchemy import update

from server.extensions import db
from server.idempotency.models import IdempotencyClaim
from server.idempotency.sealing import key_hash
from server.ideas.models import Idea, Photo
from server.timestamps import utcnow
from tests.conftest import count_rows
from tests.live_server import (WAIT_LIMIT, TricklingUpload, serve, session_cookie,
                               wait_for_claim)


def png(colour=(10, 160, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "PNG")
    return out.getvalue()


def post_whole(port: int, cookie: dict, key: str, upload: TricklingUpload) -> requests.Response:
    """Send the same request as the trickling upload, all at once."""
    return requests.post(f"http://127.0.0.1:{port}/api/v1/ideas", data=upload.body,
                         cookies=cookie, timeout=WAIT_LIMIT,
                         headers={"Content-Type": upload.content_type, "Idempotency-Key": key,
                                  "X-Requested-With": "gnista"})


def test_a_twin_sent_mid_upload_is_told_to_retry_then_gets_the_same_idea(app, make_user, org):
    user = make_user()
    cookie, key = session_cookie(app, user), str(uuid.uuid4())
    with serve(app) as port:
        upload = TricklingUpload(port, cookie, key=key, photos=[png()])
        try:
            upload.start()
            wait_for_claim(app, key)
            upload.send(300)
            twin = post_whole(port, cookie, key, upload)
            assert not upload.complete
            status, _, body = upload.finish()
        finally:
            upload.close()
        replay = post_whole(port, cookie, key, upload)
    assert twin.status_code == 409
    assert twin.json()["error"]["code"] == "idempotency_in_flight"
    assert twin.json()["error"]["message"]
    assert 1 <= int(twin.headers["Retry-After"]) <= 2
    assert status == 201
    first = json.loads(body)
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first
    assert count_rows(app, Idea) == 1
    assert count_rows(app, Photo) == 1
    assert count_rows(app, IdempotencyClaim) == 0


def test_a_crashed_requests_claim_expires(app, as_user, post_idea):
    client, key = as_user(), str(uuid.uuid4())
    # A claim left by a process that died mid-request, its lease not yet over.
    with app.app_context():
        db.session.add(IdempotencyClaim(user_id=client.user.id,
                                        key_hash=key_hash(client.user.id, uuid.UUID(key)),
                                        token=uuid.uuid4(),
                                        expires_at=utcnow() + timedelta(seconds=60)))
        db.session.commit()
    waiting = post_idea(client, key=key)
    assert waiting.status_code == 409
    assert waiting.json["error"]["code"] == "idempotency_in_flight"
    assert waiting.headers["Retry-After"] == "2"
    with app.app_context():
        db.session.execute(update(IdempotencyClaim).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    taken_over = post_idea(client, key=key)
    assert taken_over.status_code == 201
    assert post_idea(client, key=key).status_code == 200
    assert count_rows(app, Idea) == 1
    assert count_rows(app, IdempotencyClaim) == 0


def test_a_failed_request_lets_go_of_its_key_at_once(app, as_user, post_idea):
    client, key = as_user(), str(uuid.uuid4())
    assert post_idea(client, key=key, description="").status_code == 422
    assert count_rows(app, IdempotencyClaim) == 0
    assert post_idea(client, key=key).status_code == 201

