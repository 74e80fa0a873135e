"""Categories in Chromium: an administrator keeps them, a submitter picks one in one tap,
a handler changes it on the idea; at a phone's and a desk's width, checked with axe."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from conftest import wait_until_sent
from server.ideas.models import Idea
from test_accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1440, "height": 900}
SIZES = pytest.mark.parametrize("size", [PHONE, DESK], ids=["390px", "1440px"])


@pytest.fixture
def admin_api(as_user, org):
    return as_user("admin", unit=org["root"])


def category(admin_api, name, **body):
    response = admin_api.post("/api/v1/categories", json={"name": name, **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def idea_with(client, category_id, description="Tvål vid alla handfat"):
    response = client.post("/api/v1/ideas", data={"description": description,
                                                  "category_id": category_id},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@SIZES
def test_an_administrator_keeps_the_categories(size, page, join, live_server, org, admin_api,
                                               as_user, db_query):
    in_use = category(admin_api, "Kost")
    idea_with(as_user("staff", unit=org["north"]), in_use["id"], "Mer frukt")
    page.set_viewport_size(size)
    join(page, name="Admin Adminsson", role="admin", unit=org["root"])
    page.goto(f"{live_server}/admin")
    section = page.get_by_role("region", name="Kategorier")
    expect(section.get_by_text("Kost", exact=True)).to_be_visible()

    section.locator("summary", has_text="Lägg till kategori").click()
    add = section.locator("details form")
    add.get_by_label("Namn på svenska").fill("Hygien")
    add.get_by_label("Namn på engelska (frivilligt)").fill("Hygiene")
    add.get_by_label("Skicka idéerna också till").select_option(str(org["cleaning"].id))
    add.get_by_role("button", name="Lägg till kategori").click()
    expect(section.get_by_text("Idéerna går också till Lokalvård")).to_be_visible()
    assert_accessible(page, f"categories at {size['width']} px")

    # A category that ideas have cannot be deleted: the screen says to deactivate it.
    section.get_by_role("button", name="Ändra Kost").click()
    edit = section.locator("form.edit")
    edit.get_by_role("button", name="Ta bort kategorin").click()
    page.get_by_role("dialog").get_by_role("button", name="Ta bort kategorin").click()
    expect(edit.get_by_role("alert")).to_contain_text("kan inte tas bort")
    edit.get_by_label("Kan väljas").uncheck()
    edit.get_by_role("button", name="Spara").click()
    expect(section.get_by_text("Kan inte väljas")).to_be_visible()
    assert_accessible(page, f"categories edited at {size['width']} px")

    # One no idea has is deleted after the question.
    section.get_by_role("button", name="Ändra Hygien").click()
    section.locator("form.edit").get_by_role("button", name="Ta bort kategorin").click()
    page.get_by_role("dialog").get_by_role("button", name="Ta bort kategorin").click()
    expect(section.get_by_text("Hygien", exact=True)).to_have_count(0)
    names = admin_api.get("/api/v1/categories?include_inactive=true").get_json()["items"]
    assert [(c["name"], c["active"]) for c in names] == [("Kost", False)]


@SIZES
def test_the_submitter_picks_a_category_with_one_tap(size, page, join, live_server, org,
                                                     admin_api, db_query, make_jpeg, tmp_path):
    food = category(admin_api, "Kost")
    category(admin_api, "Arbetsmiljö")
    category(admin_api, "Gammal", active=False)
    page.set_viewport_size(size)
    join(page, name="Dana", unit=org["north"])
    page.get_by_role("link", name="Ny idé").click()
    picker = page.get_by_role("group", name="Kategori (frivilligt)")
    expect(picker.get_by_label("Ingen")).to_be_checked()
    expect(picker.get_by_role("radio")).to_have_count(3)  # none, and the two active ones
    assert_accessible(page, f"new idea with categories at {size['width']} px")
    picker.get_by_text("Kost").click()
    page.get_by_label("Beskriv idén").fill("Frukt i personalrummet")
    page.get_by_role("button", name="Skicka idén").click()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    wait_until_sent(page)
    stored = db_query(lambda s: s.query(Idea.category_id).one())
    assert stored == (uuid.UUID(food["id"]),)
    expect(page.locator(".idea-card").get_by_text("Kost")).to_be_visible()


@SIZES
def test_a_handler_changes_the_category_on_the_idea(size, page, join, live_server, org,
                                                    admin_api, as_user, db_query):
    food = category(admin_api, "Kost")
    hygiene = category(admin_api, "Hygien", unit_id=str(org["cleaning"].id))
    idea = idea_with(as_user("staff", unit=org["north"]), food["id"])
    page.set_viewport_size(size)
    join(page, name="Chef Erik", role="handler", unit=org["north"])
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".meta", has_text="Kost").first).to_be_visible()
    editor = page.locator("form.category-edit")
    expect(editor.get_by_label("Idéns kategori")).to_have_value(food["id"])
    expect(page.get_by_role("button", name="Bekräfta")).to_be_visible()  # the workflow came along
    assert_accessible(page, f"idea with a handler's category at {size['width']} px")

    editor.get_by_label("Idéns kategori").select_option(hygiene["id"])
    editor.get_by_role("button", name="Spara kategori").click()
    # The outbox may still be empty for a moment after the click, so wait for the server's answer
    # on the screen (the idea shown again with its edit) before asking the database.
    edits = page.get_by_role("region", name="Ändringar")
    expect(edits.get_by_text("Kategori: Kost → Hygien")).to_be_visible(timeout=20_000)
    wait_until_sent(page)
    changed = db_query(lambda s: s.get(Idea, uuid.UUID(idea["id"])).category_id)
    assert changed == uuid.UUID(hygiene["id"])
    assert_accessible(page, f"idea with its edits at {size['width']} px")


def test_the_workflow_does_not_wait_for_the_categories(page, context, join, live_server, org,
                                                      admin_api, as_user):
    food = category(admin_api, "Kost")
    category(admin_api, "Arbetsmiljö")
    idea = idea_with(as_user("staff", unit=org["north"]), food["id"])
    page.set_viewport_size(PHONE)
    join(page, name="Chef Erik", role="handler", unit=org["north"])
    held = []
    context.route("**/api/v1/categories", lambda route: held.append(route))
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("button", name="Bekräfta")).to_be_visible()
    select = page.locator("form.category-edit").get_by_label("Idéns kategori")
    expect(select).to_have_value(food["id"])  # the current one, before the list has come
    expect(select.locator("option")).to_have_count(2)
    assert held, "the categories were asked for"
    for route in held:
        route.continue_()
    expect(select.locator("option")).to_have_count(3)
    expect(select).to_have_value(food["id"])


def test_without_the_category_words_no_raw_keys_show(page, context, join, live_server, org,
                                                     admin_api, as_user):
    food = category(admin_api, "Kost")
    idea = idea_with(as_user("staff", unit=org["north"]), food["id"])
    page.set_viewport_size(PHONE)
    join(page, name="Chef Erik", role="handler", unit=org["north"])
    context.route("**/i18n/category/*.json", lambda route: route.fulfill(status=404))
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("button", name="Bekräfta")).to_be_visible()
    expect(page.locator("form.category-edit")).to_have_count(0)
    expect(page.get_by_text("category.", exact=False)).to_have_count(0)


def test_a_colleague_sees_the_category_but_cannot_change_it(page, join, live_server, org,
                                                           admin_api, as_user):
    food = category(admin_api, "Kost")
    idea = idea_with(as_user("staff", unit=org["north"]), food["id"])
    page.set_viewport_size(PHONE)
    join(page, name="Kollega", unit=org["north"])
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.locator(".meta", has_text="Kost").first).to_be_visible()
    expect(page.get_by_role("button", name="Rösta")).to_be_visible()
    expect(page.locator("form.category-edit")).to_have_count(0)


@SIZES
def test_the_dashboard_counts_the_ideas_per_category(size, page, join, live_server, org,
                                                     admin_api, as_user):
    food = category(admin_api, "Kost", name_en="Food")
    category(admin_api, "Miljö")
    staff = as_user("staff", unit=org["north"])
    idea_with(staff, food["id"], "Frukt")
    idea_with(staff, food["id"], "Grönsaker")
    page.set_viewport_size(size)
    join(page, name="Admin Adminsson", role="admin", unit=org["root"])
    page.goto(f"{live_server}/dashboard")
    table = page.get_by_role("region", name="Per kategori").locator("table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(0)).to_contain_text("Kost2")
    expect(table.locator("tbody tr").nth(2)).to_contain_text("Utan kategori0")
    assert_accessible(page, f"dashboard by category at {size['width']} px")
