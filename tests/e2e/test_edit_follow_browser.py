"""The submitter edits a new idea on the phone, online and offline; a colleague follows an idea."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import outbox_size, wait_for_cached, wait_until_sent
from server.ideas.models import Idea, IdeaEdit, IdeaWatch, Photo
from server.push.models import Notification
from test_accessibility import assert_accessible
from test_merge_browser import at_a_desk_and_zoomed

PHONE = {"width": 390, "height": 844}


def _text(db_query, idea_id):
    return db_query(lambda s: (lambda i: (i.title, i.description))(s.get(Idea, uuid.UUID(idea_id))))


def _count(db_query, model, **where):
    return db_query(lambda s: s.scalar(select(func.count()).select_from(model).filter_by(**where)))


@pytest.fixture
def my_idea(page, join, live_server, sign_in, new_client, post_idea, make_jpeg):
    """Join in the page, and submit an idea as that person (with one photo)."""
    def make(**fields):
        page.set_viewport_size(PHONE)
        me = join(page, name="Sara Ström")
        client = sign_in(new_client(), SimpleNamespace(id=uuid.UUID(me["id"])))
        response = post_idea(client, photos=[make_jpeg(320, 240)], **fields)
        assert response.status_code == 201, response.json
        page.goto(f"{live_server}/ideas/{response.json['id']}")
        return response.json
    return make


def test_the_submitter_edits_text_and_photos_online(my_idea, page, db_query, make_jpeg,
                                                    tmp_path, app):
    idea = my_idea(title="Nycklar", description="Nyckelskåp i bilarna")
    form = page.get_by_role("form", name="Ändra din idé")
    expect(form).to_be_visible()
    assert_accessible(page, "edit form")
    at_a_desk_and_zoomed(page, "edit form")

    form.get_by_label("Beskrivning").fill("Skyddshandskar i varje bil")
    form.get_by_label("Rubrik (frivilligt)").fill("Handskar")
    form.get_by_role("button", name="Spara ändringar").click()
    wait_until_sent(page)
    expect(page.get_by_role("heading", level=1, name="Handskar")).to_be_visible()
    expect(page.locator(".description")).to_have_text("Skyddshandskar i varje bil")
    changes = page.get_by_role("region", name="Ändringar")
    expect(changes.get_by_text("Rubrik: Nycklar → Handskar")).to_be_visible()
    expect(changes.get_by_text("Sara Ström", exact=False).first).to_be_visible()
    assert _text(db_query, idea["id"]) == ("Handskar", "Skyddshandskar i varje bil")

    page.get_by_role("form", name="Ändra din idé").get_by_role("button", name="Ta bort foto 1").click()
    wait_until_sent(page)
    expect(page.locator(".gallery")).to_have_count(0)
    assert _count(db_query, Photo) == 0

    photo = tmp_path / "glove.jpg"
    photo.write_bytes(make_jpeg(640, 480, gps=True))
    page.get_by_role("form", name="Ändra din idé").get_by_label("Lägg till foto").set_input_files(str(photo))
    wait_until_sent(page)
    expect(page.locator(".gallery img")).to_have_count(1)
    assert _count(db_query, Photo) == 1
    expect(changes.get_by_text("Foton: 1 → 0")).to_be_visible()
    expect(page.get_by_role("region", name="Ändringar").get_by_text("Foton: 0 → 1")).to_be_visible()
    assert _count(db_query, IdeaEdit) == 3
    assert_accessible(page, "edited idea")
    for text in ("null", "undefined", "NaN", "[object Object]", "edit."):
        expect(page.locator("main")).not_to_contain_text(text)


def test_an_edit_made_offline_is_sent_later(my_idea, page, context, db_query):
    idea = my_idea(description="Nyckelskåp i bilarna")
    form = page.get_by_role("form", name="Ändra din idé")
    expect(form).to_be_visible()
    wait_for_cached(page, f"/api/v1/ideas/{idea['id']}")
    wait_for_cached(page, "/i18n/edit/sv.json")

    context.set_offline(True)
    form.get_by_label("Beskrivning").fill("Halkskydd på trappan")
    form.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Din nya text väntar på att skickas:")).to_be_visible()
    page.reload()  # still offline: the idea and its waiting edit come back
    form = page.get_by_role("form", name="Ändra din idé")
    expect(form.get_by_label("Beskrivning")).to_have_value("Halkskydd på trappan")
    expect(page.get_by_text("Din nya text väntar på att skickas:")).to_be_visible()
    assert outbox_size(page) == 1
    assert _text(db_query, idea["id"]) == (None, "Nyckelskåp i bilarna")
    assert_accessible(page, "edit waiting offline")

    context.set_offline(False)
    wait_until_sent(page)
    assert _text(db_query, idea["id"]) == (None, "Halkskydd på trappan")
    expect(page.locator(".description")).to_have_text("Halkskydd på trappan")


def test_an_edit_the_server_refuses_is_shown_not_dropped(my_idea, page, context, as_user, org,
                                                         db_query):
    idea = my_idea(description="Nyckelskåp i bilarna")
    form = page.get_by_role("form", name="Ändra din idé")
    expect(form).to_be_visible()
    wait_for_cached(page, f"/api/v1/ideas/{idea['id']}")
    context.set_offline(True)
    form.get_by_label("Beskrivning").fill("För sent ändrad")
    form.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Din nya text väntar på att skickas:")).to_be_visible()
    # Meanwhile a handler answers the idea, which closes editing.
    handler = as_user("handler", unit=org["north"])
    assert handler.post(f"/api/v1/ideas/{idea['id']}/status",
                        json={"status": "acknowledged", "note": ""}).status_code == 200

    context.set_offline(False)
    page.get_by_role("link", name="1 behöver åtgärdas").click()
    alert = page.locator("#outbox [role=alert]")
    expect(alert).to_contain_text("answered by a handler")
    expect(page.locator("#outbox")).to_contain_text("Ny text")
    assert outbox_size(page) == 1
    assert _text(db_query, idea["id"]) == (None, "Nyckelskåp i bilarna")
    assert_accessible(page, "refused edit")


def test_an_edit_of_a_still_queued_idea_waits_for_it(page, context, join, db_query):
    page.set_viewport_size(PHONE)
    join(page, name="Sara Ström")
    page.evaluate("import('/js/outbox/idea-edits.js').then(() => true)")  # loaded, as the idea screen does
    context.set_offline(True)
    page.evaluate("""async () => {
        const writes = await import('/js/outbox/writes.js');
        const edits = await import('/js/outbox/idea-edits.js');
        const entry = await writes.submitIdea({ description: 'Nyckelskåp i bilarna', anonymous: false, photos: [] });
        await edits.editText({ id: entry.ref, description: 'Nyckelskåp' }, { title: 'Nycklar', description: 'Nyckelskåp i alla bilar' }, 'Ny text');
    }""")
    assert outbox_size(page) == 2
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_sent(page)
    [(title, description)] = db_query(lambda s: s.execute(select(Idea.title, Idea.description)).all())
    assert (title, description) == ("Nycklar", "Nyckelskåp i alla bilar")
    assert _count(db_query, IdeaEdit) == 1


def test_a_colleague_follows_an_anonymous_idea_and_hears_of_its_answer(
        page, join, live_server, as_user, post_idea, org, db_query):
    submitter = as_user(unit=org["north"], name="Hemliga Hanna")
    idea = post_idea(submitter, title="Laddare", anonymous=True).json
    page.set_viewport_size(PHONE)
    me = join(page, name="Bo")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    follow = page.get_by_role("button", name="Följ idén")
    expect(follow).to_have_attribute("aria-pressed", "false")
    # Not the submitter: no edit form.
    expect(page.get_by_role("form", name="Ändra din idé")).to_have_count(0)
    assert_accessible(page, "follow toggle")
    follow.click()
    wait_until_sent(page)
    expect(page.get_by_role("button", name="Följ idén")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".follow").get_by_text("Du följer idén och får besked")).to_be_visible()
    assert _count(db_query, IdeaWatch, user_id=uuid.UUID(me["id"])) == 1
    assert_accessible(page, "following")
    at_a_desk_and_zoomed(page, "following")

    handler = as_user("handler", unit=org["north"], name="Chef Cia")
    assert handler.post(f"/api/v1/ideas/{idea['id']}/status",
                        json={"status": "acknowledged", "note": "Vi kollar"}).status_code == 200
    assert submitter.post(f"/api/v1/ideas/{idea['id']}/comments",
                          json={"body": "Tack!"}).status_code == 201
    page.goto(f"{live_server}/notifications")
    expect(page.get_by_text("En idé du följer: Mottagen")).to_be_visible()
    expect(page.get_by_text("Idéns förslagsställare om ”Laddare”: Tack!")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Hanna")
    assert _count(db_query, Notification, user_id=uuid.UUID(me["id"])) == 2

    page.goto(f"{live_server}/ideas/{idea['id']}")
    page.get_by_role("button", name="Följ idén").click()
    wait_until_sent(page)
    expect(page.get_by_role("button", name="Följ idén")).to_have_attribute("aria-pressed", "false")
    assert _count(db_query, IdeaWatch) == 0
