"""Sync under a bad network: every idea arrives exactly once, with its photo intact."""
from __future__ import annotations

import io
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from PIL import Image
from sqlalchemy import select
from werkzeug.serving import make_server

from server.extensions import db
from server.ideas.models import Idea
from server.photos.services import photo_store
from tests.chaos.flaky_proxy import FAULTS, FlakyProxy
from tests.conftest import record_session

IDEAS = 200
PHOTO_SIZE = (200, 150)
DEADLINE = 90.0  # seconds for the whole run; well inside CI's budget


@pytest.fixture
def live_server(app):
    """Serve the app on a free loopback port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()
    server.server_close()


def _cookie(app, user) -> str:
    cookie_id = record_session(app, user)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = cookie_id
        session["_fresh"] = True
        session.permanent = True
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _photo(number: int) -> bytes:
    # A different colour per idea, so a mixed-up photo would show.
    image = Image.new("RGB", PHOTO_SIZE, (number % 256, (number * 7) % 256, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


class RetryingClient:
    """Send like the web app's outbox: one key per entry; retry what the outbox retries."""

    def __init__(self, base: str, cookie: tuple[str, str], deadline: float):
        self.base, self.cookie, self.deadline = base, cookie, deadline
        self.attempts = 0

    def submit(self, number: int) -> dict:
        key = str(uuid.uuid4())
        backoff = 0.02
        while True:
            if time.monotonic() > self.deadline:
                raise AssertionError(f"idea {number} was not accepted before the deadline")
            self.attempts += 1
            try:
                response = requests.post(
                    f"{self.base}/api/v1/ideas",
                    data={"description": f"Idé nummer {number}", "anonymous": "false"},
                    files={"photo": (f"idea{number}.jpg", _photo(number), "image/jpeg")},
                    headers={"Idempotency-Key": key, "X-Requested-With": "gnista",
                             "Connection": "close"},
                    cookies=dict([self.cookie]), timeout=10)
            except requests.RequestException:
                response = None
            if response is not None:
                if response.status_code in (200, 201):
                    return {"number": number, "key": key, "id": response.json()["id"],
                            "status": response.status_code}
                # A twin of this request still running is retried too, as the outbox does.
                in_flight = (response.status_code == 409 and "idempotency_in_flight"
                             in response.text)
                if response.status_code < 500 and response.status_code != 429 and not in_flight:
                    raise AssertionError(f"idea {number}: {response.status_code} {response.text}")
            time.sleep(backoff)
            backoff = min(backoff * 2, 0.3)


def test_ideas_arrive_exactly_once_through_a_flaky_network(app, live_server, make_user):
    users = [make_user("staff") for _ in range(4)]
    cookies = [(app.config["SESSION_COOKIE_NAME"], _cookie(app, u)) for u in users]
    started = time.monotonic()
    with FlakyProxy(live_server, seed=20261127) as proxy:
        base = f"http://127.0.0.1:{proxy.port}"
        clients = [RetryingClient(base, cookies[n], started + DEADLINE) for n in range(4)]

        def send(number: int) -> dict:
            return clients[number % 4].submit(number)

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(send, range(IDEAS)))
    elapsed = time.monotonic() - started

    # The network really was bad, in every way the proxy knows.
    assert proxy.fates["lose_response"] >= 5, proxy.fates
    assert all(proxy.fates[fault] > 0 for fault in FAULTS), proxy.fates
    # Some retries met an idea that had been saved while its answer was lost.
    assert any(r["status"] == 200 for r in results)

    with app.app_context():
        ideas = db.session.scalars(select(Idea)).unique().all()
        assert len(ideas) == IDEAS
        by_description = {i.description: i for i in ideas}
        assert len(by_description) == IDEAS
        store = photo_store()
        for result in results:
            idea = by_description[f"Idé nummer {result['number']}"]
            assert str(idea.id) == result["id"]
            assert len(idea.photos) == 1
            photo = idea.photos[0]
            assert (photo.width, photo.height) == PHOTO_SIZE
            with Image.open(store.path_of(photo.storage_key)) as image:
                image.load()
                assert image.size == PHOTO_SIZE
                red = image.getpixel((100, 75))[0]
            assert abs(red - result["number"] % 256) <= 8
        db.session.remove()
    # No file was left behind by an attempt that did not commit.
    files = [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]
    assert len(files) == 2 * IDEAS
    print(f"{IDEAS} ideas in {elapsed:.1f} s, {sum(c.attempts for c in clients)} attempts, "
          f"fates {dict(proxy.fates)}")
