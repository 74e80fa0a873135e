"""The outbox waits as long as the server asked, even when a new write comes, and trusts only the server's 2xx."""
from __future__ import annotations

import json
import time

import pytest

from conftest import outbox_size, wait_until_sent
from server.ideas.models import Idea
from test_outbox_queue import ENTRIES, count

# Queue one idea (no photo) through the app's own writes module; resolves with its key.
QUEUE_IDEA = """async (description) => {
  const writes = await import('/js/outbox/writes.js');
  return (await writes.submitIdea({ description, anonymous: false, photos: [] })).key;
}"""


def state_of(page, key):
    return next((e for e in page.evaluate(ENTRIES) if e["key"] == key), None)


def wait_for(page, check, what, timeout=20_000):
    for _ in range(timeout // 100):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never happened: {what}")


def hold_first_post(page, status, headers, body):
    """Answer the first idea post as given, let the others through; log (key, time) of every post."""
    posts: list[tuple[str, float]] = []

    def route(r):
        if r.request.method != "POST":
            return r.continue_()
        first = not posts
        posts.append((r.request.headers["idempotency-key"], time.monotonic()))
        if first:
            r.fulfill(status=status, content_type="application/json", headers=headers, body=json.dumps(body))
        else:
            r.continue_()

    page.context.route("**/api/v1/ideas", route)
    return posts


def test_a_new_write_does_not_resend_what_the_server_told_to_wait(workerless_page, join, db_query):
    # The page's outbox alone: a service worker's sends would pass outside the routes.
    page = workerless_page
    join(page, worker=False)
    posts = hold_first_post(page, 503, {"Retry-After": "5"},
                            {"error": {"code": "busy", "message": "Servern är upptagen."}})
    first = page.evaluate(QUEUE_IDEA, "Först, fick vänta")
    wait_for(page, lambda: (state_of(page, first) or {}).get("state") == "waiting"
             and state_of(page, first)["attempts"] == 1, "the first idea told to wait")
    second = page.evaluate(QUEUE_IDEA, "Sedan, går direkt")
    wait_for(page, lambda: state_of(page, second) is None, "the second idea sent")
    assert [k for k, _ in posts].count(first) == 1, "the new write did not take the waiting one along"
    assert [k for k, _ in posts].count(second) == 1
    assert state_of(page, first)["state"] == "waiting"
    wait_until_sent(page, timeout=30_000)
    sent_first = [at for k, at in posts if k == first]
    assert len(sent_first) == 2 and sent_first[1] - sent_first[0] >= 5, "not before Retry-After"
    assert count(db_query, Idea) == 2


def test_a_new_write_does_not_resend_what_waits_for_sign_in(workerless_page, join, db_query):
    page = workerless_page
    join(page, worker=False)
    posts = hold_first_post(page, 401, {}, {"error": {"code": "unauthenticated", "message": "Logga in."}})
    first = page.evaluate(QUEUE_IDEA, "Väntar på inloggning")
    wait_for(page, lambda: (state_of(page, first) or {}).get("state") == "signin", "the 401 noted")
    second = page.evaluate(QUEUE_IDEA, "Ny idé efteråt")
    wait_for(page, lambda: state_of(page, second) is None, "the second idea sent")
    assert [k for k, _ in posts].count(first) == 1, "a 401 is not asked for again by a new write"
    assert state_of(page, first)["state"] == "signin"
    assert count(db_query, Idea) == 1
    # Signing in lets it go, as before.
    page.evaluate("async () => (await import('/js/outbox/sync.js')).afterSignIn()")
    wait_until_sent(page)
    assert [k for k, _ in posts].count(first) == 2
    assert count(db_query, Idea) == 2


@pytest.mark.parametrize("content_type, body", [
    ("text/html", "<html>Logga in på wifi</html>"),           # a captive portal's login page
    ("application/json", json.dumps({"id": "not-the-server"})),  # JSON, but naming no one
])
def test_a_2xx_that_is_not_the_servers_answer_keeps_the_entry(
        workerless_page, join, db_query, content_type, body):
    page = workerless_page
    join(page, worker=False)
    portal = []

    def login_page(route):
        if route.request.method == "POST":
            portal.append(route.request.headers["idempotency-key"])
            route.fulfill(status=200, content_type=content_type, body=body)
        else:
            route.continue_()

    page.context.route("**/api/v1/ideas", login_page)
    key = page.evaluate(QUEUE_IDEA, "Skickad från hotellets wifi")
    wait_for(page, lambda: portal and (state_of(page, key) or {}).get("attempts", 1) >= 1, "the portal answered")
    assert set(portal) == {key}
    assert state_of(page, key) is not None, "a login page's 200 is not the idea sent"
    assert state_of(page, key)["state"] in ("waiting", "sending")
    assert outbox_size(page) == 1
    assert count(db_query, Idea) == 0
    page.context.unroute("**/api/v1/ideas", login_page)
    wait_until_sent(page, timeout=30_000)
    assert count(db_query, Idea) == 1
