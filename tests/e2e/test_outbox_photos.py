"""Queued photos are stored once, apart from their entry; ideas queued by the previous version move across."""
from __future__ import annotations

import uuid

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import wait_until_sent
from server.ideas.models import Idea
from server.photos.services import photo_store
from test_offline_submit import submit_idea
from test_outbox_queue import ENTRIES

# Note every IndexedDB write of the page: the store and how many bytes of ArrayBuffer it carries.
WATCH_WRITES = """(() => {
  const bytes = (v, seen = new Set()) => {
    if (v instanceof ArrayBuffer) return v.byteLength;
    if (ArrayBuffer.isView(v)) return v.byteLength;
    if (!v || typeof v !== 'object' || seen.has(v)) return 0;
    seen.add(v);
    return Object.values(v).reduce((n, x) => n + bytes(x, seen), 0);
  };
  window.__writes = [];
  for (const name of ['put', 'add']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (value, ...rest) {
      window.__writes.push({ store: this.name, bytes: bytes(value) });
      return original.call(this, value, ...rest);
    };
  }
})();"""


def test_a_change_of_state_writes_no_photo(page, context, join, db_query, make_jpeg, tmp_path):
    context.add_init_script(WATCH_WRITES)
    join(page)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(1200, 900))
    context.set_offline(True)
    submit_idea(page, photo, description="Fotot skrivs en gång")
    writes = page.evaluate("window.__writes")
    photo_writes = [w for w in writes if w["store"] == "photos"]
    assert len(photo_writes) == 1 and photo_writes[0]["bytes"] > 1_000

    entry = page.evaluate(ENTRIES)[0]
    files = entry["record"]["form"]["files"]
    assert len(files) == 1 and set(files[0]) == {"name", "filename", "type", "photo"}
    assert "data" not in files[0]

    # A change of state, as each attempt makes: the entry alone is written, without bytes.
    page.evaluate("window.__writes = []")
    page.evaluate("""async (seq) => (await import('/js/outbox/store.js')).patchEntry(seq, (e) => {
        e.attempts = (e.attempts || 0) + 1; })""", entry["seq"])
    writes = page.evaluate("window.__writes")
    assert [w["store"] for w in writes] == ["outbox"] and writes[0]["bytes"] == 0, writes

    # Then the real sending. The page or the service worker (Background Sync) may send
    # it, whichever comes first; the page's own writes while it goes carry no photo.
    page.evaluate("window.__writes = []")
    context.set_offline(False)
    wait_until_sent(page)
    writes = page.evaluate("window.__writes")
    assert all(w["store"] != "photos" and w["bytes"] == 0 for w in writes), writes
    assert db_query(lambda s: len(s.scalars(select(Idea)).one().photos)) == 1
    # The photo went with the entry.
    assert page.evaluate("""() => new Promise((ok) => { const o = indexedDB.open('gnista');
      o.onsuccess = () => { const r = o.result.transaction('photos').objectStore('photos').count();
      r.onsuccess = () => { o.result.close(); ok(r.result); }; }; })""") == 0


# The database as the previous version left it: version 2, photos inline in the entry.
OLD_VERSION = """async ({ user, key, photo }) => {
  await new Promise((ok, no) => { const r = indexedDB.deleteDatabase('gnista'); r.onsuccess = ok; r.onerror = no; });
  const open = indexedDB.open('gnista', 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('key', 'key', { unique: true });
    db.createObjectStore('meta');
  };
  const db = await new Promise((ok, no) => { open.onsuccess = () => ok(open.result); open.onerror = no; });
  const tx = db.transaction(['outbox', 'meta'], 'readwrite');
  tx.objectStore('meta').put({ id: user, token: crypto.randomUUID() }, 'owner');
  tx.objectStore('outbox').add({
    key, kind: 'idea', user, createdAt: new Date().toISOString(),
    state: 'waiting', attempts: 2, nextAttemptAt: 0, error: null,
    meta: { title: '', description: 'Köades före uppdateringen', anonymous: false },
    record: { method: 'POST', url: '/api/v1/ideas',
      headers: { 'Idempotency-Key': key, 'X-Requested-With': 'gnista', Accept: 'application/json' },
      form: { boundary: `gnista-${key}`, fields: [['description', 'Köades före uppdateringen'], ['anonymous', 'false']],
        files: [{ name: 'photo', filename: 'photo-1.jpg', type: 'image/jpeg', data: new Uint8Array(photo).buffer }] } },
  });
  await new Promise((ok) => { tx.oncomplete = ok; });
  db.close();
}"""

PHOTOS = """() => new Promise((ok) => { const o = indexedDB.open('gnista');
  o.onsuccess = () => { const s = o.result.transaction('photos').objectStore('photos');
    const keys = s.getAllKeys(); const values = s.getAll();
    values.onsuccess = () => { o.result.close();
      ok(keys.result.map((k, i) => ({ id: k, data: Array.from(new Uint8Array(values.result[i].data)) }))); }; }; })"""


def test_an_idea_queued_by_the_previous_version_moves_its_photo_out_and_is_sent(
        workerless_page, join, live_server, app, db_query, make_jpeg):
    # No service worker: it could open the database while the old one is laid out,
    # and every send passes Playwright's routes.
    page = workerless_page
    user = join(page, worker=False)
    photo = make_jpeg(800, 600)
    key = str(uuid.uuid4())
    page.goto(f"{live_server}/manifest.webmanifest")
    page.evaluate(OLD_VERSION, {"user": user["id"], "key": key, "photo": list(photo)})

    # Hold the sending back until the new layout has been looked at.
    page.context.route("**/api/v1/ideas", lambda route: route.abort("internetdisconnected")
                       if route.request.method == "POST" else route.continue_())
    page.goto(f"{live_server}/mine")
    outbox = page.locator("#outbox")
    expect(outbox.get_by_text("Köades före uppdateringen")).to_be_visible()
    expect(outbox.get_by_role("img", name="Foto 1")).to_be_visible()
    assert page.evaluate("() => indexedDB.databases().then((l) => l.find((d) => d.name === 'gnista').version)") == 3
    entry = page.evaluate(ENTRIES)[0]
    assert entry["key"] == key and entry["ref"] == key
    files = entry["record"]["form"]["files"]
    assert "data" not in files[0]
    stored = page.evaluate(PHOTOS)
    assert [s["id"] for s in stored] == [files[0]["photo"]]
    assert bytes(stored[0]["data"]) == photo

    page.context.unroute("**/api/v1/ideas")
    page.evaluate("async () => (await import('/js/outbox/sync.js')).kick()")
    wait_until_sent(page)
    description, keys = db_query(lambda s: (lambda i: (i.description, [p.storage_key for p in i.photos]))(
        s.scalars(select(Idea)).one()))
    assert description == "Köades före uppdateringen" and len(keys) == 1
    with app.app_context():
        with Image.open(photo_store().path_of(keys[0])) as image:
            assert image.size == (800, 600)
    assert page.evaluate(PHOTOS) == []
