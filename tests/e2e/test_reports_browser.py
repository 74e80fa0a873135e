"""Reporting in the browser: a colleague reports, a handler reviews in the inbox, the author reads why."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect
from sqlalchemy import select

from server.ideas.models import Comment, Idea
from server.moderation.models import Report
from conftest import wait_for_cached
from test_accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1440, "height": 900}


def at_both_widths(page, screen: str) -> None:
    """Check the screen at the desk's width and on the phone, where the test goes on."""
    for size in (DESK, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page, f"{screen} at {size['width']} px")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"] + 1, f"{screen}: content scrolls sideways ({width} px)"


def on_the_phone(page, screen: str) -> None:
    """Check an inbox screen on the phone only: at a desk's width the inbox becomes the work
    queue and is drawn anew, losing the open panel; the desk's reports have their own test."""
    assert_accessible(page, f"{screen} at {PHONE['width']} px")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{screen}: content scrolls sideways ({width} px)"


def _idea_with_comment(as_user, post_idea, org):
    author = as_user(unit=org["north"], name="Anna Ek")
    idea = post_idea(author, title="Rullstol",
                     description="Fru Lindqvist på Storgatan 4 behöver en ny rullstol").json
    commenter = as_user(unit=org["north"], name="Sture Sur")
    comment = commenter.post(f"/api/v1/ideas/{idea['id']}/comments",
                             json={"body": "Hennes son är otrevlig"}).json
    return author, idea, comment


def test_a_colleague_reports_an_idea_and_a_comment_with_a_reason_and_a_note(
        page, join, live_server, as_user, post_idea, org, db_query):
    _, idea, comment = _idea_with_comment(as_user, post_idea, org)
    page.set_viewport_size(PHONE)
    me = join(page, name="Bo")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", level=1, name="Rullstol")).to_be_visible()
    page.get_by_role("button", name="Rapportera idén").click()
    expect(page.get_by_role("radio", name="Uppgifter om en brukare")).to_be_focused()
    expect(page.get_by_role("radio", name="Uppgifter om en brukare")).to_be_checked()
    page.get_by_label("Kommentar till handläggarna (valfritt)").fill("Namn och adress")
    at_both_widths(page, "report form")
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.locator("main .flash")).to_have_text("Tack! Handläggarna har fått din rapport.")
    expect(page.locator("main .flash")).to_be_focused()

    page.get_by_role("button", name="Rapportera kommentaren").click()
    page.get_by_role("radio", name="Kränkande").check()
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.locator(".comments .flash")).to_have_text("Tack! Handläggarna har fått din rapport.")
    at_both_widths(page, "reported idea")

    made = db_query(lambda s: [(r.reason, r.note, r.comment_id) for r in s.scalars(
        select(Report).where(Report.reporter_id == uuid.UUID(me["id"]))
        .order_by(Report.created_at))])
    assert made == [("client_data", "Namn och adress", None),
                    ("offensive", "", uuid.UUID(comment["id"]))]


def test_a_handler_removes_a_passage_and_hides_a_comment_from_the_inbox(
        page, join, live_server, as_user, post_idea, org, make_unit, db_query):
    _, idea, comment = _idea_with_comment(as_user, post_idea, org)
    # The comment first: once the idea is hidden, colleagues cannot reach its comments.
    as_user(unit=org["north"]).post(f"/api/v1/ideas/{idea['id']}/reports",
                                    json={"reason": "offensive", "comment_id": comment["id"]})
    for _ in range(3):
        as_user(unit=org["south"]).post(f"/api/v1/ideas/{idea['id']}/reports",
                                        json={"reason": "client_data", "note": "Adressen"})
    # Another organisation's reported idea never reaches this desk.
    other_org = make_unit("Annan kommun")
    elsewhere = post_idea(as_user(unit=other_org), title="Hemligt", description="Annan kommun").json
    as_user(unit=other_org).post(f"/api/v1/ideas/{elsewhere['id']}/reports",
                                 json={"reason": "other"})

    page.set_viewport_size(PHONE)
    join(page, name="Chef Cia", role="handler")
    page.get_by_role("link", name="Inkorg").click()
    expect(page.get_by_role("region", name="2 rapporter att granska")).to_be_visible()
    desk = page.locator("section.reports")
    expect(desk.get_by_text("Hemligt")).to_have_count(0)
    on_idea = desk.locator(".report-card", has_text="Idén ”Rullstol”")
    expect(on_idea.get_by_text("Dold för kollegorna tills du har granskat den")).to_be_visible()
    expect(on_idea.locator(".report-reasons li")).to_have_count(3)
    on_the_phone(page, "open reports")

    on_idea.get_by_role("button", name="Ta bort text …").click()
    expect(on_idea.get_by_label("Rubrik")).to_be_focused()
    description = on_idea.get_by_label("Beskrivning")
    start = idea["description"].index("Fru Lindqvist på Storgatan 4")
    description.evaluate("(el, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }",
                         [start, start + len("Fru Lindqvist på Storgatan 4")])
    on_the_phone(page, "redaction")
    on_idea.get_by_role("button", name="Ta bort markerad text ur beskrivningen").click()
    expect(page.get_by_role("region", name="1 rapport att granska")).to_be_visible()
    expect(desk.locator(".report-card")).to_have_count(1)
    stored = db_query(lambda s: s.get(Idea, uuid.UUID(idea["id"])).description)
    assert stored == "[borttaget] behöver en ny rullstol"

    on_comment = desk.locator(".report-card")
    on_comment.get_by_role("button", name="Dölj …").click()
    reason = on_comment.get_by_label("Varför döljs den? Den som skrev den får läsa det.")
    expect(reason).to_be_focused()
    on_comment.get_by_role("button", name="Dölj", exact=True).click()
    expect(reason).to_have_attribute("aria-invalid", "true")  # a reason is needed
    expect(on_comment.locator(".error")).to_have_text("Skriv varför, så att den som skrev det förstår.")
    reason.fill("Skriv om personer med respekt")
    on_comment.get_by_role("button", name="Dölj", exact=True).click()
    expect(desk).to_have_count(0)
    hidden = db_query(lambda s: (lambda c: (c.hidden, c.hidden_reason))(
        s.get(Comment, uuid.UUID(comment["id"]))))
    assert hidden == ("hidden", "Skriv om personer med respekt")

    # The idea shows the removed passage marked, and is no longer hidden.
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.locator(".description .removed")).to_have_text("[borttaget]")
    expect(page.locator(".hidden-note")).to_have_text(
        "Kommentaren är dold av en handläggare: Skriv om personer med respekt")
    at_both_widths(page, "idea after review")


def test_the_author_reads_why_and_colleagues_see_only_a_placeholder(
        page, browser, browser_context_args, join, live_server, as_user, post_idea, org,
        db_query):
    page.set_viewport_size(PHONE)
    me = join(page, name="Anna Ek")
    idea = page.evaluate("""async () => {
      const form = new FormData();
      form.append('title', 'Rullstol'); form.append('description', 'Fru Lindqvist behöver rullstol');
      const res = await fetch('/api/v1/ideas', {method: 'POST', body: form, credentials: 'same-origin',
        headers: {'X-Requested-With': 'gnista'}});
      return res.json();
    }""")
    commenter = as_user(unit=org["north"], name="Sture Sur")
    comment = commenter.post(f"/api/v1/ideas/{idea['id']}/comments",
                             json={"body": "Hennes son är otrevlig"}).json
    for _ in range(3):
        as_user(unit=org["south"]).post(f"/api/v1/ideas/{idea['id']}/reports", json={
            "reason": "offensive", "comment_id": comment["id"]})
    handler = as_user("handler", unit=org["north"])
    first = as_user(unit=org["north"]).post(f"/api/v1/ideas/{idea['id']}/reports",
                                            json={"reason": "client_data"}).json
    assert handler.post(f"/api/v1/reports/{first['id']}/resolve", json={
        "action": "hide", "reason": "Namnet på en brukare"}).status_code == 200

    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", level=1, name="Rullstol")).to_be_visible()
    expect(page.locator(".hidden-note")).to_have_text(
        "Idén är dold av en handläggare: Namnet på en brukare")
    # The comment held by three reports is not the author's to read.
    expect(page.locator(".comments .hidden-item")).to_have_text("Kommentaren är dold.")
    expect(page.get_by_text("Hennes son")).to_have_count(0)
    expect(page.get_by_role("button", name="Rapportera idén")).to_have_count(0)  # her own
    at_both_widths(page, "hidden idea for its author")
    assert db_query(lambda s: s.get(Idea, uuid.UUID(idea["id"])).submitter_id) == uuid.UUID(me["id"])

    # An English reader reads the notes in English.
    page.evaluate("""() => fetch('/api/v1/me', {method: 'PATCH', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'gnista'},
        body: JSON.stringify({language: 'en'})})""")
    page.evaluate("localStorage.setItem('gnista.lang', 'en')")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.locator(".hidden-note")).to_have_text("A handler has hidden the idea: Namnet på en brukare")
    expect(page.locator(".comments .hidden-item")).to_have_text("This comment is hidden.")


def test_an_idea_hidden_by_reports_leaves_a_colleague_s_offline_copy(
        page, context, join, live_server, as_user, post_idea, org):
    idea = post_idea(as_user(unit=org["north"]), title="Rullstol",
                     description="Fru Lindqvist behöver en ny rullstol").json
    page.set_viewport_size(PHONE)
    join(page, name="Bo")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_text("Fru Lindqvist behöver en ny rullstol")).to_be_visible()
    wait_for_cached(page, f"/api/v1/ideas/{idea['id']}")
    for _ in range(3):
        as_user(unit=org["south"]).post(f"/api/v1/ideas/{idea['id']}/reports",
                                        json={"reason": "client_data"})
    page.reload()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Fru Lindqvist")).to_have_count(0)
    gone = """(path) => caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n)
      .then((c) => c.keys())))).then((all) => !all.flat().some((r) => new URL(r.url).pathname === path))"""
    page.wait_for_function(gone, arg=f"/api/v1/ideas/{idea['id']}")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Fru Lindqvist")).to_have_count(0)
    context.set_offline(False)


def test_at_a_desk_the_inbox_shows_the_open_reports_above_the_queue(
        page, join, live_server, as_user, post_idea, org):
    _, idea, _ = _idea_with_comment(as_user, post_idea, org)
    as_user(unit=org["south"]).post(f"/api/v1/ideas/{idea['id']}/reports",
                                    json={"reason": "client_data"})
    page.set_viewport_size(DESK)
    join(page, name="Chef Cia", role="handler")
    page.goto(f"{live_server}/inbox")
    expect(page.get_by_role("region", name="1 rapport att granska")).to_be_visible()
    expect(page.locator("section.reports .report-card", has_text="Idén ”Rullstol”")).to_be_visible()
    assert_accessible(page, "open reports at a desk")
