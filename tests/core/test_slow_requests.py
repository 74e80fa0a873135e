"""A slow upload holds no database lock; a lock wait that times out is a retryable 503."""
from __future__ import annotations

import io
import json
import uuid

import requests
from PIL import Image
from sqlalchemy import func, select

from server.extensions import db
from server.idempotency.models import IdempotencyClaim
from server.ideas.models import Comment, Idea
from tests.conftest import count_rows
from tests.live_server import (WAIT_LIMIT, TricklingUpload, serve, session_cookie,
                               wait_for_claim)


def png(width: int = 320, height: int = 240, colour=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def api(port: int, cookie: dict, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"http://127.0.0.1:{port}/api/v1{path}", cookies=cookie,
                            headers={"X-Requested-With": "gnista"}, timeout=WAIT_LIMIT, **kwargs)


def test_a_trickling_upload_blocks_no_other_writer(app, make_user, org):
    uploader, voter, author = make_user(), make_user(), make_user()
    with serve(app) as port:
        idea = api(port, session_cookie(app, author), "POST", "/ideas",
                   data={"description": "Låna ut skottkärran"}).json()
        key = str(uuid.uuid4())
        upload = TricklingUpload(port, session_cookie(app, uploader), key=key,
                                 photos=[png(), png(colour=(200, 10, 10))])
        try:
            upload.start()
            wait_for_claim(app, key)  # signed in, key claimed: now reading the body
            upload.send(500)
            voter_cookie = session_cookie(app, voter)
            vote = api(port, voter_cookie, "PUT", f"/ideas/{idea['id']}/vote")
            upload.send(500)
            comment = api(port, voter_cookie, "POST", f"/ideas/{idea['id']}/comments",
                          json={"body": "Bra idé!"})
            # Both writes went through while the photos were still on their way.
            assert not upload.complete
            assert vote.status_code == 200, vote.text
            assert vote.json() == {"vote_count": 1, "my_vote": True}
            assert comment.status_code == 201, comment.text
            status, _, body = upload.finish()
        finally:
            upload.close()
    assert status == 201, body
    created = json.loads(body)
    assert len(created["photos"]) == 2
    assert count_rows(app, Idea) == 2
    assert count_rows(app, Comment) == 1
    assert count_rows(app, IdempotencyClaim) == 0


def test_large_photos_are_sanitised_without_blocking_a_vote(app, make_user, org):
    uploader, voter, author = make_user(), make_user(), make_user()
    big = [png(4000, 3000, colour=(n * 40, 90, 160)) for n in range(4)]
    with serve(app) as port:
        idea = api(port, session_cookie(app, author), "POST", "/ideas",
                   data={"description": "Fler laddplatser"}).json()
        key = str(uuid.uuid4())
        upload = TricklingUpload(port, session_cookie(app, uploader), key=key, photos=big)
        try:
            upload.start()
            wait_for_claim(app, key)
            # The whole body is sent; the server now decodes 48 megapixels. A vote sent
            # meanwhile is answered before the upload, not after it.
            upload.send(len(upload.body))
            vote = api(port, session_cookie(app, voter), "PUT", f"/ideas/{idea['id']}/vote")
            assert vote.status_code == 200, vote.text
            with app.app_context():
                still_running = db.session.scalar(
                    select(func.count()).select_from(IdempotencyClaim)) == 1
                db.session.remove()
            status, _, body = upload.finish()
        finally:
            upload.close()
    assert still_running, "the vote was answered only after the upload had finished"
    assert status == 201, body
    assert len(json.loads(body)["photos"]) == 4
