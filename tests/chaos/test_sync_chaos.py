"""Sync under a bad network: the web app's own outbox, in Chromium, sends every idea exactly once."""
from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from server.extensions import db
from server.ideas.models import Idea
from server.photos.services import photo_store
from tests.chaos.flaky_proxy import FAULTS, FlakyProxy
from tests.conftest import record_session
# Chromium as the browser tests drive it, under the same guard against page errors.
from tests.e2e.conftest import (  # noqa: F401  (fixtures)
    base_url, browser_type_launch_args, page_must_not_fail)

PEOPLE = 2
IDEAS_EACH = 50
PHOTO_SIZE = (200, 150)
DEADLINE = 150.0  # seconds from going online until both outboxes must be empty

# Queue ideas with photos through the app's own writes module, as the submit screen does.
QUEUE = """async (ideas) => {
  const { submitIdea } = await import('/js/outbox/writes.js');
  for (const { description, photo } of ideas) {
    await submitIdea({ description, anonymous: false,
                       photos: [{ data: new Uint8Array(photo).buffer, type: 'image/jpeg' }] });
  }
}"""

OUTBOX_SIZE = """() => new Promise((resolve) => {
  const open = indexedDB.open('gnista');
  open.onsuccess = () => {
    const req = open.result.transaction('outbox').objectStore('outbox').count();
    req.onsuccess = () => { open.result.close(); resolve(req.result); };
  };
})"""


class OneRequestPerConnection(WSGIRequestHandler):
    """HTTP/1.0: the server closes each connection after its answer, so every request
    meets the proxy's dice, and the proxy knows the answer ended when the server closed."""

    protocol_version = "HTTP/1.0"

    def log_request(self, *args, **kwargs):
        pass  # a line per request is noise here


@pytest.fixture
def proxy_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_config(app_config, proxy_port):
    """The browser reaches the app only through the proxy, on localhost (a secure context)."""
    return {**app_config, "GNISTA_ORIGIN": f"http://localhost:{proxy_port}"}


@pytest.fixture
def upstream(app):
    server = make_server("127.0.0.1", 0, app, threaded=True,
                         request_handler=OneRequestPerConnection)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()
    server.server_close()


def _photo(number: int) -> bytes:
    # A different colour per idea, so a mixed-up photo would show.
    image = Image.new("RGB", PHOTO_SIZE, (number % 256, (number * 7) % 256, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _description(person: int, number: int) -> str:
    return f"Idé {number} från person {person}"


def test_the_outboxes_of_two_phones_send_every_idea_exactly_once_through_a_flaky_network(
        app, browser, upstream, proxy_port, make_user):
    users = [make_user("staff") for _ in range(PEOPLE)]
    with FlakyProxy(upstream, seed=20261203, port=proxy_port, fault_rate=0) as proxy:
        base = f"http://localhost:{proxy_port}"
        phones = []
        for person, user in enumerate(users):
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
            context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "url": base,
                                  "value": _cookie(app, user)}])
            page = context.new_page()
            page.goto(f"{base}/settings")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
            page.get_by_role("heading", level=1).wait_for()
            phones.append((context, page))

        # In a basement: each person queues their ideas with no network at all.
        for person, (context, page) in enumerate(phones):
            context.set_offline(True)
            page.evaluate(QUEUE, [{"description": _description(person, n), "photo": list(_photo(n))}
                                  for n in range(IDEAS_EACH)])
            assert page.evaluate(OUTBOX_SIZE) == IDEAS_EACH

        # Out on the street: the network is back, but a third of the connections fail.
        proxy.fault_rate = 1 / 3
        started = time.monotonic()
        for context, _page in phones:
            context.set_offline(False)
        left = {person: IDEAS_EACH for person in range(PEOPLE)}
        while any(left.values()):
            assert time.monotonic() - started < DEADLINE, f"still queued: {left}, fates {proxy.fates}"
            for person, (_context, page) in enumerate(phones):
                left[person] = page.evaluate(OUTBOX_SIZE)
            phones[0][1].wait_for_timeout(250)
        elapsed = time.monotonic() - started
        for context, _page in phones:
            context.close()

    # The network really was bad, in every way the proxy knows.
    assert proxy.fates["lose_response"] >= 5, proxy.fates
    assert all(proxy.fates[fault] > 0 for fault in FAULTS), proxy.fates

    with app.app_context():
        ideas = db.session.scalars(select(Idea)).unique().all()
        assert len(ideas) == PEOPLE * IDEAS_EACH
        by_description = {i.description: i for i in ideas}
        assert len(by_description) == PEOPLE * IDEAS_EACH
        store = photo_store()
        for person, user in enumerate(users):
            for number in range(IDEAS_EACH):
                idea = by_description[_description(person, number)]
                assert idea.submitter_id == user.id
                assert len(idea.photos) == 1
                photo = idea.photos[0]
                assert (photo.width, photo.height) == PHOTO_SIZE
                with Image.open(store.path_of(photo.storage_key)) as image:
                    image.load()
                    assert image.size == PHOTO_SIZE
                    red = image.getpixel((100, 75))[0]
                assert abs(red - number % 256) <= 8, "each idea carries its own photo"
        db.session.remove()
    # No file was left behind by an attempt that did not commit.
    files = [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]
    assert len(files) == 2 * PEOPLE * IDEAS_EACH
    print(f"{PEOPLE * IDEAS_EACH} ideas in {elapsed:.1f} s, fates {dict(proxy.fates)}")


def _cookie(app, user) -> str:
    cookie_id = record_session(app, user)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = cookie_id
        session["_fresh"] = True
        session.permanent = True
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
