"""The outbox sends three at once, comments on a queued idea after it, retries when told, holds old entries."""
from __future__ import annotations

import json
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import outbox_size, wait_until_sent
from server.ideas.models import Comment, Idea
from test_offline_submit import submit_idea

# Queue ideas and comments through the app's own writes module; photos as byte lists.
QUEUE = """async ({ ideas, comments }) => {
  const writes = await import('/js/outbox/writes.js');
  const made = [];
  for (const { description, photo } of ideas) {
    const photos = photo ? [{ data: new Uint8Array(photo).buffer, type: 'image/jpeg' }] : [];
    made.push(await writes.submitIdea({ description, anonymous: false, photos }));
  }
  // Comments on the first idea while it is still queued: it is known by its client id.
  for (const body of comments) await writes.comment({ id: made[0].ref, description: 'x' }, body);
  return made.map((e) => e.ref);
}"""

# Every message the outbox sends about its entries, in this page.
LISTEN = """() => {
  window.__outbox = [];
  new BroadcastChannel('gnista-outbox').onmessage = (e) => window.__outbox.push(e.data.type);
}"""

ENTRIES = """() => new Promise((resolve) => {
  const open = indexedDB.open('gnista');
  open.onsuccess = () => {
    const req = open.result.transaction('outbox').objectStore('outbox').getAll();
    req.onsuccess = () => { open.result.close(); resolve(req.result); };
  };
})"""

# Move every queued entry's creation back by `days`, as if the phone had held it that long.
AGE = """(days) => new Promise((resolve) => {
  const open = indexedDB.open('gnista');
  open.onsuccess = () => {
    const tx = open.result.transaction('outbox', 'readwrite');
    const store = tx.objectStore('outbox');
    store.getAll().onsuccess = (e) => {
      for (const entry of e.target.result) {
        entry.createdAt = new Date(Date.now() - days * 86400000).toISOString();
        store.put(entry);
      }
    };
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""


def count(db_query, model) -> int:
    return db_query(lambda s: s.scalar(select(func.count()).select_from(model)))


class Watch:
    """Hold the first `gate` idea posts until all of them are in; note what runs at once and when."""

    def __init__(self, app, gate: int):
        self.lock = threading.Lock()
        self.gate, self.arrived, self.all_in = gate, 0, threading.Event()
        self.running = self.most = 0
        self.log: list[tuple[str, str]] = []
        app.before_request(self.begin)
        app.teardown_request(self.end)

    @staticmethod
    def watched():
        from flask import request
        return request.method in ("POST", "PUT", "DELETE") and request.path.startswith("/api/v1/ideas")

    def begin(self):
        from flask import request
        if not self.watched():
            return
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.log.append(("begin", request.path))
            self.arrived += 1
            if self.arrived == self.gate:
                self.all_in.set()
            wait = self.arrived <= self.gate
        if wait:
            self.all_in.wait(timeout=15)

    def end(self, _exc):
        from flask import request
        if not self.watched():
            return
        with self.lock:
            self.running -= 1
            self.log.append(("end", request.path))


def test_three_ideas_go_at_once_and_comments_on_a_queued_idea_wait_for_it(
        page, context, join, app, db_query, make_jpeg):
    watch = Watch(app, gate=3)
    join(page)
    context.set_offline(True)
    ideas = [{"description": f"Idé {n}", "photo": list(make_jpeg(64, 48))} for n in range(5)]
    refs = page.evaluate(QUEUE, {"ideas": ideas, "comments": ["Först", "Sedan"]})
    assert outbox_size(page) == 7
    context.set_offline(False)
    wait_until_sent(page, timeout=40_000)

    # The first three were on the server together (the gate held each until all were in),
    # and never more than three.
    assert watch.all_in.is_set()
    assert watch.most == 3
    first = db_query(lambda s: s.scalars(select(Idea).where(Idea.description == "Idé 0")).one().id)
    comments = db_query(lambda s: [c.body for c in s.scalars(
        select(Comment).where(Comment.idea_id == first).order_by(Comment.created_at))])
    assert comments == ["Först", "Sedan"]
    # Each comment went to the server's id for the idea, after the idea was saved,
    # and the second only after the first had its answer.
    paths = [p for _, p in watch.log]
    assert not any(ref in p for ref in refs for p in paths), "a client id reached the server"
    comment_path = f"/api/v1/ideas/{first}/comments"
    ends = [i for i, (what, p) in enumerate(watch.log) if what == "end" and p == "/api/v1/ideas"]
    begins = [i for i, (what, p) in enumerate(watch.log) if what == "begin" and p == comment_path]
    comment_ends = [i for i, (what, p) in enumerate(watch.log) if what == "end" and p == comment_path]
    assert len(begins) == 2 and begins[0] > min(ends)
    assert begins[1] > comment_ends[0]
    assert count(db_query, Idea) == 5


def test_discarding_a_queued_idea_takes_the_comments_waiting_for_it(page, context, join, db_query):
    join(page)
    context.set_offline(True)
    page.evaluate(QUEUE, {"ideas": [{"description": "Glöm den här"}, {"description": "Men inte den här"}],
                          "comments": ["Hänger på den första"]})
    seq = min(e["seq"] for e in page.evaluate(ENTRIES))
    page.evaluate("async (seq) => (await import('/js/outbox/queue.js')).discard(seq)", seq)
    left = page.evaluate(ENTRIES)
    assert [e["meta"].get("description") for e in left] == ["Men inte den här"]
    context.set_offline(False)
    wait_until_sent(page)
    assert db_query(lambda s: s.scalars(select(Idea.description)).all()) == ["Men inte den här"]
    assert count(db_query, Comment) == 0


@pytest.mark.parametrize(("status", "code"), [(409, "idempotency_in_flight"), (503, "busy")])
def test_a_key_still_in_flight_or_a_busy_server_is_retried_after_retry_after_never_failed(
        workerless_page, join, db_query, make_jpeg, tmp_path, status, code):
    # Without a service worker every send passes Playwright's routes.
    page = workerless_page
    join(page, worker=False)
    page.evaluate(LISTEN)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480))
    answered = []

    def first_says_wait(route):
        if route.request.method == "POST" and not answered:
            answered.append(route.request.headers["idempotency-key"])
            route.fulfill(status=status, content_type="application/json",
                          headers={"Retry-After": "1"},
                          body=json.dumps({"error": {"code": code, "message": "Vänta lite."}}))
        else:
            if route.request.method == "POST":
                answered.append(route.request.headers["idempotency-key"])
            route.continue_()

    page.context.route("**/api/v1/ideas", first_says_wait)
    submit_idea(page, photo, description="Kommer fram efter en stund")
    wait_until_sent(page)
    assert len(answered) == 2 and answered[0] == answered[1], "the retry carries the same key"
    assert count(db_query, Idea) == 1
    seen = page.evaluate("window.__outbox")
    assert "retry" in seen and "rejected" not in seen, seen
    expect(page.get_by_text("Servern tog inte emot det")).to_have_count(0)


def stale_setup(page, context, join, app, days_kept, make_jpeg, tmp_path):
    app.config["GNISTA_IDEMPOTENCY_DAYS"] = days_kept
    join(page)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480))
    context.set_offline(True)
    submit_idea(page, photo, description="Skrevs för länge sedan")
    key = page.evaluate(ENTRIES)[0]["key"]
    page.evaluate(AGE, 60)
    posts = []
    context.on("request", lambda r: r.method == "POST" and r.url.endswith("/api/v1/ideas")
               and posts.append(r.headers.get("idempotency-key")))
    return key, posts


def test_an_entry_older_than_the_servers_window_is_held_and_can_be_sent_as_new(
        page, context, join, app, live_server, db_query, make_jpeg, tmp_path):
    key, posts = stale_setup(page, context, join, app, 45, make_jpeg, tmp_path)
    page.reload()  # the app reads /me's window again once it has a connection
    context.set_offline(False)
    outbox = page.locator("#outbox")
    expect(outbox.get_by_role("alert")).to_contain_text("Har väntat för länge")
    expect(page.get_by_role("link", name="1 behöver åtgärdas")).to_be_visible()
    page.wait_for_timeout(1_500)  # a blind replay would be on its way now
    assert posts == [] and count(db_query, Idea) == 0
    assert page.evaluate(ENTRIES)[0]["state"] == "stale"

    outbox.get_by_role("button", name="Skicka som ny").click()
    wait_until_sent(page)
    assert count(db_query, Idea) == 1
    assert posts and key not in posts, "sent with a fresh Idempotency-Key"
    assert len(set(posts)) == 1


def test_a_stale_entry_can_be_discarded(page, context, join, app, db_query, make_jpeg, tmp_path):
    _key, posts = stale_setup(page, context, join, app, 45, make_jpeg, tmp_path)
    context.set_offline(False)
    page.reload()
    outbox = page.locator("#outbox")
    page.once("dialog", lambda dialog: dialog.accept())
    outbox.get_by_role("button", name="Släng").click()
    expect(outbox).to_be_hidden()
    assert outbox_size(page) == 0
    assert page.evaluate("""() => new Promise((ok) => { const o = indexedDB.open('gnista');
      o.onsuccess = () => { const r = o.result.transaction('photos').objectStore('photos').count();
      r.onsuccess = () => { o.result.close(); ok(r.result); }; }; })""") == 0
    assert posts == [] and count(db_query, Idea) == 0


def test_the_window_is_the_servers_so_a_longer_one_lets_the_same_entry_go(
        page, context, join, app, db_query, make_jpeg, tmp_path):
    key, posts = stale_setup(page, context, join, app, 90, make_jpeg, tmp_path)
    context.set_offline(False)
    page.reload()
    wait_until_sent(page)
    assert posts[0] == key and count(db_query, Idea) == 1


RACE = """async () => {
  const queue = await import('/js/outbox/queue.js');
  const { jsonRecord } = await import('/js/outbox/record.js');
  const key = crypto.randomUUID();
  const entry = await queue.enqueue({ kind: 'comment', key, meta: { ideaId: 'x', body: 'b' },
    record: jsonRecord('POST', '/api/v1/ideas/x/comments', { body: 'b' }, key) });
  // The person signs in again while an attempt made with the old session is out;
  // that attempt's 401 arrives afterwards.
  await queue.flush(async () => { await queue.resumeAfterSignIn(); return { status: 401, body: '' }; }, { force: true });
  const state = (await queue.entries()).find((e) => e.seq === entry.seq).state;
  await queue.discard(entry.seq);
  return state;
}"""


def test_a_401_that_arrives_after_signing_in_again_does_not_hold_the_write(workerless_page, join):
    page = workerless_page
    join(page, worker=False)
    assert page.evaluate(RACE) == "waiting"
