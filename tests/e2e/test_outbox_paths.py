"""The outbox's other ways out: Background Sync with the app closed, 401, an edited rejection."""
from __future__ import annotations

import json

from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import outbox_size, wait_until_sent
from server.ideas.models import Idea
from test_offline_submit import submit_idea


def idea_count(db_query) -> int:
    return db_query(lambda s: s.scalar(select(func.count()).select_from(Idea)))


def wait_for(page, condition, timeout_ms: int = 20_000) -> None:
    for _ in range(timeout_ms // 200):
        if condition():
            return
        page.wait_for_timeout(200)
    raise AssertionError("condition not met in time")


def test_background_sync_sends_the_idea_after_the_app_is_closed(
        page, context, join, live_server, db_query, make_jpeg, tmp_path):
    join(page)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480, gps=True))
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    context.set_offline(True)
    submit_idea(page, photo, description="Skickas av webbläsaren")
    assert outbox_size(page) == 1

    page.goto("about:blank")  # the app is closed: only the service worker is left
    context.set_offline(False)

    def ours():
        # The browser may report other tests' workers too: take this server's.
        return [r for r in registrations
                if r["scopeURL"].startswith(live_server) and not r.get("isDeleted")]

    wait_for(page, ours)

    # The worker's network may come back a moment after the page's; a sync
    # that meets it offline is rejected and the browser fires it again later.
    for _ in range(20):
        cdp.send("ServiceWorker.dispatchSyncEvent", {
            "origin": live_server, "registrationId": ours()[-1]["registrationId"],
            "tag": "gnista-outbox", "lastChance": False})
        page.wait_for_timeout(1_000)
        if idea_count(db_query) == 1:
            break
    page.wait_for_timeout(500)  # a second send would land now
    assert idea_count(db_query) == 1


def test_a_write_that_meets_401_waits_for_sign_in_and_then_goes(
        page, context, join, live_server, db_query, make_jpeg, tmp_path, app):
    user = join(page, name="Gun")
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480))
    context.set_offline(True)
    submit_idea(page, photo, description="Väntar på inloggning")
    context.clear_cookies()  # the session ended while the phone was offline
    context.set_offline(False)
    # The screen's own reads meet the 401 too and may take the app to sign-in first, or
    # the outbox's may come first and the list says so: either way the write is held.
    states = "async () => (await (await import('/js/outbox/queue.js')).entries()).map((e) => e.state)"
    wait_for(page, lambda: page.evaluate(states) == ["signin"])
    if page.url.endswith("/mine"):
        expect(page.locator("#outbox").get_by_text("Logga in igen så skickas det.")).to_be_visible()
    expect(page.get_by_role("link", name="1 väntar")).to_be_visible()
    assert idea_count(db_query) == 0

    from server.auth.models import User
    from server.auth.services import create_invitation
    from server.extensions import db
    import uuid
    with app.app_context():
        member = db.session.get(User, uuid.UUID(user["id"]))
        _, token = create_invitation(member.unit, user=member)
        db.session.commit()
    page.goto(f"{live_server}/join/{token}")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", name="Skapa en inloggningsnyckel")).to_be_visible()
    wait_until_sent(page)
    assert idea_count(db_query) == 1


def test_a_rejected_idea_can_be_edited_and_sent_again(
        page, context, join, live_server, db_query, make_jpeg, tmp_path):
    join(page)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480))
    refused = []

    def refuse_first(route):
        if route.request.method == "POST" and not refused:
            refused.append(route.request.headers.get("idempotency-key"))
            route.fulfill(status=422, content_type="application/json", body=json.dumps(
                {"error": {"code": "invalid", "message": "The description is too vague."}}))
        else:
            route.continue_()

    context.route("**/api/v1/ideas", refuse_first)
    submit_idea(page, photo, description="Fixa")
    outbox = page.locator("#outbox")
    expect(outbox.get_by_role("alert")).to_contain_text("The description is too vague.")
    expect(page.get_by_role("link", name="1 behöver åtgärdas")).to_be_visible()

    outbox.get_by_role("button", name="Ändra").click()
    outbox.get_by_label("Beskriv idén").fill("Fixa en krok för moppen i städvagnen")
    outbox.get_by_role("button", name="Spara och skicka").click()
    wait_until_sent(page)
    assert idea_count(db_query) == 1
    expect(page.locator(".ideas").get_by_text("Fixa en krok för moppen i städvagnen")).to_be_visible()
    assert db_query(lambda s: s.scalars(select(Idea.description)).one()) == "Fixa en krok för moppen i städvagnen"
    assert db_query(lambda s: len(s.scalars(select(Idea)).one().photos)) == 1


def test_a_rejected_idea_keeps_its_category_when_edited_and_sent_again(
        page, context, join, live_server, org, as_user, db_query):
    admin = as_user("admin", unit=org["root"])
    food = admin.post("/api/v1/categories", json={"name": "Kost"}).get_json()
    admin.post("/api/v1/categories", json={"name": "Arbetsmiljö"})
    join(page)
    refused = []

    def refuse_first(route):
        if route.request.method == "POST" and not refused:
            refused.append(1)
            route.fulfill(status=422, content_type="application/json", body=json.dumps(
                {"error": {"code": "invalid", "message": "The description is too vague."}}))
        else:
            route.continue_()

    context.route("**/api/v1/ideas", refuse_first)
    page.get_by_role("link", name="Ny idé").click()
    page.get_by_role("group", name="Kategori (frivilligt)").get_by_text("Kost").click()
    page.get_by_label("Beskriv idén").fill("Frukt")
    page.get_by_role("button", name="Skicka idén").click()
    outbox = page.locator("#outbox")
    expect(outbox.get_by_role("alert")).to_contain_text("The description is too vague.")

    outbox.get_by_role("button", name="Ändra").click()
    # The edit form opens with the queued category chosen, not with none.
    expect(outbox.get_by_role("group", name="Kategori (frivilligt)").get_by_label("Kost")).to_be_checked()
    outbox.get_by_label("Beskriv idén").fill("Frukt i personalrummet varje måndag")
    outbox.get_by_role("button", name="Spara och skicka").click()
    wait_until_sent(page)
    stored = db_query(lambda s: s.execute(select(Idea.description, Idea.category_id)).one())
    assert (stored[0], str(stored[1])) == ("Frukt i personalrummet varje måndag", food["id"])
