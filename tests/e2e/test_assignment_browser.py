"""Assigning in Chromium: a handler picks a person and a day on the idea, the assignee finds it
under "Tilldelade mig", overdue ideas are marked and listed on the inbox; at a phone's and a
desk's width, checked with axe."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import wait_until_sent
from server.auth.models import User
from server.ideas.assignment import today
from server.ideas.models import Idea
from test_accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1440, "height": 900}
SIZES = pytest.mark.parametrize("size", [PHONE, DESK], ids=["390px", "1440px"])


def _idea(client, description):
    response = client.post("/api/v1/ideas", data={"description": description},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _overdue(db_run, idea, days=2):
    def late(session):
        session.get(Idea, uuid.UUID(idea["id"])).due_date = today() - timedelta(days=days)
        session.commit()
    db_run(late)


@SIZES
def test_a_handler_assigns_an_idea_to_a_person_by_a_day(size, page, join, live_server, org,
                                                        as_user, make_user, db_query):
    idea = _idea(as_user("staff", unit=org["north"]), "Halkskydd vid entrén")
    doer = make_user("staff", unit=org["cleaning"], name="Dora Doer")
    make_user("staff", unit=org["south"], name="Dora Borta", active=False)
    page.set_viewport_size(size)
    join(page, name="Chef Erik", role="handler", unit=org["north"])
    page.goto(f"{live_server}/ideas/{idea['id']}")
    editor = page.locator("form.assign-edit")
    expect(editor.get_by_role("radio", name="Ingen ansvarig")).to_be_checked()
    assert_accessible(page, f"idea with the assignment form at {size['width']} px")

    editor.get_by_label("Sök person i organisationen").fill("dora")
    expect(editor.get_by_role("status")).to_have_text("Hittade 1 – välj nedan.")
    editor.get_by_role("radio", name=re.compile("Dora Doer")).check()
    due = (today() + timedelta(days=7)).isoformat()
    editor.get_by_label("Klart senast").fill(due)
    assert_accessible(page, f"assignment chosen at {size['width']} px")
    editor.get_by_role("button", name="Spara ansvarig och datum").click()

    edits = page.get_by_role("region", name="Ändringar")
    expect(edits.get_by_text("Ansvarig: Ingen → Dora Doer")).to_be_visible(timeout=20_000)
    expect(edits.get_by_text(f"Klart senast: Ingen → {due}")).to_be_visible()
    shown = page.locator(".assignment")
    expect(shown).to_contain_text("Ansvarig: Dora Doer")
    expect(shown.locator("time")).to_have_attribute("datetime", due)
    wait_until_sent(page)
    stored = db_query(lambda s: (lambda i: (i.assignee_id, i.due_date.isoformat()))(
        s.get(Idea, uuid.UUID(idea["id"]))))
    assert stored == (doer.id, due)
    assert_accessible(page, f"idea assigned at {size['width']} px")


def test_a_day_that_has_passed_is_refused_on_the_phone(page, join, live_server, org, as_user,
                                                       db_query):
    idea = _idea(as_user("staff", unit=org["north"]), "Nya skohorn")
    page.set_viewport_size(PHONE)
    join(page, name="Chef Erik", role="handler", unit=org["north"])
    page.goto(f"{live_server}/ideas/{idea['id']}")
    editor = page.locator("form.assign-edit")
    editor.get_by_label("Klart senast").fill((today() - timedelta(days=1)).isoformat())
    editor.get_by_role("button", name="Spara ansvarig och datum").click()
    expect(editor.get_by_role("alert")).to_have_text(
        "Datumet har redan passerat. Välj i dag eller ett senare datum.")
    assert db_query(lambda s: s.get(Idea, uuid.UUID(idea["id"])).due_date) is None


@SIZES
def test_the_assignee_finds_it_under_assigned_to_me_marked_overdue(
        size, page, join, live_server, org, as_user, db_run, db_query):
    staff = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    theirs = _idea(staff, "Ramp till förrådet")
    _idea(staff, "Inte tilldelad")
    page.set_viewport_size(size)
    me = join(page, name="Dora Doer", unit=org["cleaning"])
    response = handler.patch(f"/api/v1/ideas/{theirs['id']}", json={"assignee_id": me["id"]})
    assert response.status_code == 200, response.get_json()
    _overdue(db_run, theirs)

    page.goto(f"{live_server}/")
    page.get_by_role("button", name=re.compile("Filter")).click()
    sheet = page.get_by_role("dialog")
    sheet.get_by_label("Tilldelade mig").check()
    assert_accessible(page, f"filter sheet with assigned to me at {size['width']} px")
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(page).to_have_url(re.compile(r"scope=assigned"))
    # A phone lists cards; a desk's work queue, a table of rows.
    desk = size["width"] >= 1024
    cards = page.locator(".queue tbody tr" if desk else ".idea-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Ramp till förrådet")
    expect(cards.first.locator(".chip.overdue" if desk else ".chip.status-overdue")).to_have_text(
        "Försenad")
    assert_accessible(page, f"assigned to me at {size['width']} px")

    # On the idea: who, by when, and that it is late, in words.
    cards.first.get_by_role("link").click()
    shown = page.locator(".assignment")
    expect(shown).to_contain_text("Ansvarig: Dora Doer")
    expect(shown.locator(".chip.status-overdue")).to_have_text("Försenad")
    expect(page.locator("form.assign-edit")).to_have_count(0)  # the assignee does not handle it
    assert_accessible(page, f"overdue idea at {size['width']} px")


def test_the_inbox_lists_overdue_ideas_and_turns_the_digest_off(page, join, live_server, org,
                                                                as_user, db_run, db_query):
    staff = as_user("staff", unit=org["north"])
    late = _idea(staff, "Försenad idé om handskar")
    _idea(staff, "Ny idé om skor")
    _overdue(db_run, late)
    page.set_viewport_size(PHONE)
    me = join(page, name="Chef Erik", role="handler", unit=org["north"])
    page.goto(f"{live_server}/inbox")
    overdue = page.get_by_role("region", name="Försenade idéer")
    expect(overdue.locator(".idea-card")).to_have_count(1)
    expect(overdue.locator(".idea-card")).to_contain_text("Försenad idé om handskar")
    digest = page.get_by_label(re.compile("Skicka mig en sammanfattning varje måndag"))
    expect(digest).to_be_checked()
    assert_accessible(page, "inbox with overdue ideas at 390 px")
    digest.uncheck()
    expect(page.get_by_text("Du får inte veckobrevet.")).to_be_visible()
    assert db_query(lambda s: s.get(User, uuid.UUID(me["id"])).weekly_digest) is False


@SIZES
def test_the_dashboard_follows_up_due_dates(size, page, join, live_server, org, as_user, db_run):
    staff = as_user("staff", unit=org["north"])
    _overdue(db_run, _idea(staff, "Försenad idé"))
    page.set_viewport_size(size)
    join(page, name="Admin Adminsson", role="admin", unit=org["root"])
    page.goto(f"{live_server}/dashboard")
    figure = page.locator(".stat", has_text="Genomförda i tid")
    # One idea due and not done.
    expect(figure.get_by_role("definition").first).to_have_text(re.compile(r"^0\s?%$"))
    expect(figure).to_contain_text("1 försenade just nu")
    table = page.get_by_role("region", name="Jämför enheter").locator("table")
    expect(table.locator("thead")).to_contain_text("Försenade nu")
    assert_accessible(page, f"dashboard with follow-up at {size['width']} px")
