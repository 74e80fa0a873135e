"""The desk: at 1024 px and wider the feed and the inbox are a work queue beside the idea chosen.

Below 1024 px (a phone, or a desk at 200 % zoom) nothing of it loads and the
phone's layout shows; resizing across the line switches without a reload.
Set GNISTA_SCREENSHOTS=1 to write the README's pictures of the desk to docs/.
"""
from __future__ import annotations

import io
import json
import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import wait_until_sent
from server.auth.models import User
from server.extensions import db
from server.ideas import services
from server.ideas.models import Idea
from server.timestamps import utcnow
from test_accessibility import assert_accessible

DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
ZOOMED = {"width": 720, "height": 450}  # the desk at 200 % zoom
DOCS = Path(__file__).resolve().parents[2] / "docs"
COLUMNS = ["Idé", "Status", "Enhet", "Ålder", "Röster", "Ansvarig", "Klart senast"]

# The focused element is what shows at its own centre: nothing fixed lies over it (WCAG 2.4.11).
UNCOVERED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) return `outside the window: ${el.outerHTML.slice(0, 80)}`;
  const top = document.elementFromPoint(x, y);
  return el === top || el.contains(top) ? '' : `${el.outerHTML.slice(0, 80)} is under ${top?.outerHTML.slice(0, 80)}`;
}"""


def shoot(page, name: str) -> None:
    """Save the README's picture, in a palette of 64 colours to keep the repository small."""
    if os.environ.get("GNISTA_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        image = Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")
        image.quantize(colors=64).save(DOCS / name, optimize=True)


@pytest.fixture
def queue(app, org, make_user):
    """Six ideas in Hemtjänst Norr, a day apart, the oldest first; two already acknowledged."""
    staff = make_user("staff", unit=org["north"], name="Sara Ek")
    boss = make_user("handler", unit=org["north"], name="Chef Bo")
    texts = ["Krok för moppen på städvagnen", "Laddare i personalrummet", "Halkskydd vid entrén",
             "Nyckelskåp i bilarna", "Större whiteboard i köket", "Reflexvästar till kvällspassen"]
    with app.app_context():
        me, actor = db.session.get(User, staff.id), db.session.get(User, boss.id)
        ids = []
        for n, text in enumerate(texts):
            idea = services.submit_idea(me, title=text, description=f"{text}: beskrivning.")
            idea.created_at = utcnow() - timedelta(days=len(texts) - n)
            if n < 2:
                services.change_status(actor, idea, to_status="acknowledged", note="Tack")
            ids.append(str(idea.id))
        db.session.commit()
        db.session.remove()
    return dict(zip(texts, ids))


def rows(page):
    return page.locator("table.queue tbody tr")


def test_the_desk_is_a_work_queue_with_the_idea_beside_the_list(page, join, live_server, queue, db_query):
    page.set_viewport_size(DESK)
    join(page, name="Chef Dora", role="handler")
    table = page.get_by_role("table", name="Idéer")
    expect(table).to_be_visible()
    assert [c.inner_text() for c in table.get_by_role("columnheader").all()] == COLUMNS
    expect(rows(page)).to_have_count(6)
    newest = rows(page).first
    expect(newest.get_by_role("rowheader")).to_have_text("Reflexvästar till kvällspassen")
    expect(newest.get_by_role("cell").nth(0)).to_have_text("Inlämnad")
    expect(newest.get_by_role("cell").nth(1)).to_have_text("Hemtjänst Norr")
    expect(newest.get_by_role("cell").nth(2)).to_have_text("1 dag")
    expect(newest.get_by_role("cell").nth(3)).to_have_text("0")
    # No assignment yet: the cells are empty, never "null".
    expect(newest.get_by_role("cell").nth(4)).to_have_text("")
    expect(newest.get_by_role("cell").nth(5)).to_have_text("")
    expect(page.get_by_text("Välj en idé i listan")).to_be_visible()

    # The tabs are a navigation down the side, the list and the idea side by side.
    nav = page.get_by_role("navigation", name="Huvudmeny").bounding_box()
    assert nav["x"] == 0 and nav["height"] > nav["width"], nav
    pane = page.get_by_role("region", name="Vald idé")
    assert pane.bounding_box()["x"] > table.bounding_box()["x"] + table.bounding_box()["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK["width"]
    assert_accessible(page, "the desk's feed")

    # Opening an idea shows it in the pane and gives it its URL, which a reload keeps.
    table.get_by_role("link", name="Halkskydd vid entrén").click()
    expect(pane.get_by_role("heading", level=1, name="Halkskydd vid entrén")).to_be_visible()
    expect(pane.get_by_role("heading", level=1)).to_be_focused()
    assert page.url == f"{live_server}/ideas/{queue['Halkskydd vid entrén']}"
    expect(table.locator("tr[aria-current=true]")).to_have_text(re.compile("Halkskydd"))
    assert_accessible(page, "the desk with an idea open")
    shoot(page, "desk-feed.png")
    page.reload()
    expect(pane.get_by_role("heading", level=1, name="Halkskydd vid entrén")).to_be_visible()
    expect(rows(page)).to_have_count(6)
    expect(table.locator("tr[aria-current=true]")).to_have_text(re.compile("Halkskydd"))

    # Back and forward go between the ideas opened and the list.
    table.get_by_role("link", name="Laddare i personalrummet").click()
    expect(pane.get_by_role("heading", level=1, name="Laddare i personalrummet")).to_be_visible()
    page.go_back()
    expect(pane.get_by_role("heading", level=1, name="Halkskydd vid entrén")).to_be_visible()
    assert page.url.endswith(queue["Halkskydd vid entrén"])
    page.go_forward()
    expect(pane.get_by_role("heading", level=1, name="Laddare i personalrummet")).to_be_visible()
    page.go_back()
    page.go_back()
    expect(page.get_by_text("Välj en idé i listan")).to_be_visible()
    assert page.url == f"{live_server}/"

    # The narrowest desk still fits its seven columns without scrolling sideways.
    page.set_viewport_size({"width": 1024, "height": 768})
    expect(pane).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    box = table.bounding_box()
    assert box["x"] + box["width"] <= pane.bounding_box()["x"], "the table stays beside the idea"
    page.set_viewport_size(DESK)

    # A link to an idea shared from the desk opens the same idea beside the list.
    other = page.context.new_page()
    other.set_viewport_size(DESK)
    other.goto(f"{live_server}/ideas/{queue['Nyckelskåp i bilarna']}")
    expect(other.get_by_role("region", name="Vald idé").get_by_role("heading", level=1)).to_have_text("Nyckelskåp i bilarna")
    expect(other.locator("table.queue tbody tr")).to_have_count(6)
    other.close()


def test_the_desks_keys_move_open_acknowledge_search_and_explain_themselves(
        page, join, live_server, queue, db_query):
    page.set_viewport_size(DESK)
    join(page, name="Chef Dora", role="handler")
    page.get_by_role("link", name="Inkorg").click()
    table = page.get_by_role("table", name="Inkorg")
    expect(rows(page)).to_have_count(4)  # the two acknowledged ones are not new
    page.locator("body").click(position={"x": 700, "y": 5})

    page.keyboard.press("j")
    first = rows(page).nth(0).get_by_role("link")
    expect(first).to_be_focused()
    assert page.evaluate(UNCOVERED) == ""
    page.keyboard.press("j")
    expect(rows(page).nth(1).get_by_role("link")).to_be_focused()
    page.keyboard.press("k")
    expect(first).to_be_focused()
    name = first.inner_text()
    page.keyboard.press("Enter")
    pane = page.get_by_role("region", name="Vald idé")
    expect(pane.get_by_role("heading", level=1, name=name)).to_be_visible()
    assert page.url == f"{live_server}/ideas/{queue[name]}"
    # From the idea, j goes on down the list from the idea's row; Enter opens it.
    page.keyboard.press("j")
    second = rows(page).nth(1).get_by_role("link")
    expect(second).to_be_focused()
    for _ in range(5):
        page.keyboard.press("j")
        assert page.evaluate(UNCOVERED) == ""
    expect(rows(page).nth(3).get_by_role("link")).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(second).to_be_focused()

    # "a" acknowledges the chosen idea through the outbox, with the inbox's thank-you.
    chosen = second.inner_text()
    page.keyboard.press("a")
    expect(rows(page).nth(1).get_by_role("cell").first).to_have_text(re.compile("Inlämnad → Mottagen"))
    wait_until_sent(page)
    expect(rows(page).nth(1).get_by_role("cell").first).to_have_text("Mottagen")

    def status(session):
        idea = session.get(Idea, uuid.UUID(queue[chosen]))
        return idea.status, [c.note for c in idea.history if c.to_status == "acknowledged"]
    assert db_query(status) == ("acknowledged", ["Tack för din idé! Vi har tagit emot den och återkommer."])

    # "/" goes to the search; letters typed there are text, not keys.
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Sök bland idéerna")
    expect(search).to_be_focused()
    page.keyboard.type("jak")
    expect(search).to_have_value("jak")
    expect(search).to_be_focused()
    search.fill("")

    # "?" lists the keys in a dialog that Escape closes, giving focus back.
    second.focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Kortkommandon")
    expect(dialog).to_be_visible()
    for key in ("j", "k", "Enter", "a", "/", "?"):
        expect(dialog.locator("kbd", has_text=re.compile(f"^{re.escape(key)}$"))).to_have_count(1)
    assert_accessible(page, "the keys' help")
    shoot(page, "desk-keys.png")
    page.keyboard.press("j")  # keys do nothing under a dialog
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(second).to_be_focused()
    # The help is a button too, for those who do not know the key.
    page.get_by_role("button", name="Kortkommandon").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stäng").click()
    expect(dialog).to_be_hidden()
    assert_accessible(page, "the desk's inbox")


def test_a_member_of_staff_cannot_acknowledge_with_the_key(page, join, live_server, queue, db_query):
    page.set_viewport_size(DESK)
    join(page, name="Dana")
    expect(rows(page)).to_have_count(6)
    page.locator("body").click(position={"x": 700, "y": 5})
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("#announcer")).to_have_text("Den här idén kan du inte bekräfta.")
    name = rows(page).first.get_by_role("rowheader").inner_text()
    assert db_query(lambda s: s.get(Idea, uuid.UUID(queue[name])).status) == "submitted"


def test_assignment_and_due_dates_show_when_the_server_sends_them(page, join, live_server, queue):
    """The assignment fields (assignee, due_date, overdue) fill their columns once the API has them."""
    def with_assignment(route):
        response = route.fetch()
        body = response.json()
        for n, item in enumerate(body["items"]):
            item.update({0: {"assignee": {"id": str(uuid.uuid4()), "display_name": "Olle Ansvarig"},
                             "due_date": "2026-01-15", "overdue": True},
                         1: {"assignee": None, "due_date": None, "overdue": False}}.get(n, {}))
        route.fulfill(response=response, body=json.dumps(body))
    page.route(re.compile(r"/api/v1/ideas\?"), with_assignment)
    page.set_viewport_size(DESK)
    join(page, name="Chef Dora", role="handler", worker=False)
    first, second = rows(page).nth(0).get_by_role("cell"), rows(page).nth(1).get_by_role("cell")
    expect(first.nth(4)).to_have_text("Olle Ansvarig")
    expect(first.nth(5)).to_have_text(re.compile(r"15 jan\.? 2026 Försenad"))
    expect(second.nth(4)).to_have_text("")
    expect(second.nth(5)).to_have_text("")
    assert_accessible(page, "the desk with assignments")


def test_the_phone_keeps_its_layout_and_never_loads_the_desk(page, join, live_server, queue):
    desk_files = []
    page.on("request", lambda r: desk_files.append(r.url) if "/desk/" in r.url or "desk.css" in r.url else None)
    for size in (PHONE, ZOOMED):
        page.set_viewport_size(size)
        join(page, name="Chef Dora", role="handler")
        expect(page.locator(".idea-card")).to_have_count(6)
        expect(page.locator("table.queue")).to_have_count(0)
        tabs = page.get_by_role("navigation", name="Huvudmeny").bounding_box()
        assert tabs["width"] == size["width"] and tabs["height"] < tabs["width"], tabs
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert_accessible(page, f"the feed at {size['width']} px")
        # Tab through the feed: nothing that takes focus hides under the tab bar.
        for _ in range(25):
            page.keyboard.press("Tab")
            assert page.evaluate(UNCOVERED) == "", size
        page.get_by_role("link", name="Inkorg").click()
        expect(page.get_by_role("button", name="Bekräfta")).to_have_count(4)
        assert_accessible(page, f"the inbox at {size['width']} px")
        page.keyboard.press("j")  # no desk keys on a phone
        page.keyboard.press("?")
        expect(page.get_by_role("dialog")).to_have_count(0)
    assert desk_files == []


def test_resizing_across_1024_px_switches_layout_without_a_reload(page, join, live_server, queue):
    page.set_viewport_size(PHONE)
    join(page, name="Chef Dora", role="handler")
    expect(page.locator(".idea-card")).to_have_count(6)
    page.evaluate("window.__sameDocument = true")
    page.set_viewport_size(DESK)
    expect(rows(page)).to_have_count(6)
    rows(page).get_by_role("link", name="Laddare i personalrummet").click()
    expect(page.get_by_role("region", name="Vald idé").get_by_role("heading", level=1)).to_have_text("Laddare i personalrummet")
    page.set_viewport_size(PHONE)
    expect(page.locator("table.queue")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name="Laddare i personalrummet")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Huvudmeny").bounding_box()
    assert tabs["y"] + tabs["height"] >= PHONE["height"] - 1, "the tab bar is at the bottom again"
    page.go_back()
    expect(page.locator(".idea-card")).to_have_count(6)
    page.set_viewport_size(DESK)
    expect(rows(page)).to_have_count(6)
    assert page.evaluate("window.__sameDocument") is True


def test_the_statistics_use_the_width_of_a_desk(page, join, live_server, org, queue):
    page.set_viewport_size(DESK)
    join(page, name="Admin Alva", role="admin", unit=org["root"])
    page.goto(f"{live_server}/dashboard")
    expect(page.locator("svg[role=img]")).to_have_count(2)
    tops = {round(box["y"]) for box in (s.bounding_box() for s in page.locator(".stat").all())}
    assert len(tops) == 1, f"the key figures are in one row: {tops}"
    for section in page.locator(".dashboard section:has(figure)").all():
        chart, table = section.locator("figure").bounding_box(), section.locator("details").bounding_box()
        assert table["x"] >= chart["x"] + chart["width"], "the table beside its chart"
        assert abs(table["y"] - chart["y"]) < 2
    expect(page.get_by_role("table")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK["width"]
    assert_accessible(page, "the dashboard at a desk")
    shoot(page, "desk-statistics.png")
