"""A home-care worker with no signal submits an idea with a photo: it reaches the server later, once."""
from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import wait_until_sent
from server.ideas.models import Idea, Photo

READ_QUEUED_PHOTO = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open('gnista'); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const get = (store, fn) => new Promise((ok) => { const r = fn(db.transaction(store).objectStore(store)); r.onsuccess = () => ok(r.result); });
  const all = await get('outbox', (s) => s.getAll());
  const photo = await get('photos', (s) => s.get(all[0].record.form.files[0].photo));
  db.close();
  return Array.from(new Uint8Array(photo.data));
}"""


def count(db_query, model):
    return db_query(lambda s: s.scalar(select(func.count()).select_from(model)))


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
    return 0x8825 in exif or 0x010F in exif


def submit_idea(page, photo_path, description="Nyckelskåpet i bilen går inte att låsa"):
    page.get_by_role("link", name="Ny idé").click()
    expect(page.get_by_role("heading", level=1, name="Ny idé")).to_be_visible()
    page.locator("input[type=file][capture]").set_input_files(str(photo_path))
    expect(page.get_by_role("img", name="Foto 1")).to_be_visible()
    page.get_by_label("Beskriv idén").fill(description)
    page.get_by_role("button", name="Skicka idén").click()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()


def test_the_app_opens_with_the_network_off(page, context, join, live_server):
    join(page)
    context.set_offline(True)
    page.goto(f"{live_server}/mine")
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    page.get_by_role("link", name="Idéer", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()


def test_an_idea_made_offline_arrives_once_without_exif(page, context, join, live_server,
                                                         db_query, make_jpeg, tmp_path):
    join(page)
    photo = tmp_path / "kitchen.jpg"
    photo.write_bytes(make_jpeg(640, 480, gps=True))
    assert has_gps(photo.read_bytes())
    context.set_offline(True)
    submit_idea(page, photo)
    outbox = page.locator("#outbox")
    expect(outbox.get_by_text("Nyckelskåpet i bilen går inte att låsa")).to_be_visible()
    expect(page.get_by_role("link", name="1 väntar")).to_be_visible()
    queued = bytes(page.evaluate(READ_QUEUED_PHOTO))
    assert not has_gps(queued), "the phone must drop EXIF before queueing"

    page.reload()
    expect(outbox.get_by_text("Nyckelskåpet i bilen går inte att låsa")).to_be_visible()
    assert count(db_query, Idea) == 0

    context.set_offline(False)
    expect(outbox).to_be_hidden(timeout=15_000)
    expect(page.locator(".ideas").get_by_text("Nyckelskåpet i bilen går inte att låsa")).to_be_visible()
    assert count(db_query, Idea) == 1
    assert count(db_query, Photo) == 1
    idea = page.evaluate("fetch('/api/v1/ideas?scope=mine').then(r => r.json())")["items"][0]
    served = page.request.get(live_server + idea["photos"][0]["url"]).body()
    assert not has_gps(served)


def test_a_lost_response_does_not_duplicate_the_idea(workerless_page, join, db_query, make_jpeg,
                                                     tmp_path):
    # The page's outbox alone: a service worker's Background Sync could send the
    # retry, or even the first attempt, outside Playwright's routes. The
    # worker's path has its own test in test_outbox_paths.py.
    page = workerless_page
    join(page, worker=False)
    photo = tmp_path / "kitchen.jpg"
    photo.write_bytes(make_jpeg(640, 480, gps=True))
    lost = []

    def commit_then_drop(route):
        # The server commits the idea, but the phone never hears back.
        if route.request.method == "POST" and not lost:
            response = route.fetch()
            lost.append(response.status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.context.route("**/api/v1/ideas", commit_then_drop)
    submit_idea(page, photo)
    # The list starts hidden, so wait for the queue itself to empty.
    wait_until_sent(page, timeout=30_000)
    assert lost == [201]
    assert count(db_query, Idea) == 1
    expect(page.locator(".ideas").get_by_text("Nyckelskåpet i bilen går inte att låsa")).to_be_visible()
