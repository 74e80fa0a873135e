"""My ideas show the handler's latest note under each idea's status."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect
from test_accessibility import assert_accessible
from test_push_browser import SUBMIT

from server.auth.models import User
from server.ideas import services as ideas
from server.ideas.models import Idea


def test_my_ideas_show_the_handlers_latest_note(page, join, live_server, make_user, org, db_query):
    join(page, name="Anna")
    answered = page.evaluate(SUBMIT, "Halkskydd vid entrén")
    page.evaluate(SUBMIT, "Fler laddare")
    handler = make_user("handler", unit=org["north"], name="Åsa")

    def answer(session):
        idea = session.get(Idea, uuid.UUID(answered))
        me = session.get(User, handler.id)
        ideas.change_status(me, idea, to_status="acknowledged", note="Tack!")
        ideas.change_status(me, idea, to_status="in_review", note="Vi tar upp det på APT.")
        session.commit()
    db_query(answer)

    page.goto(f"{live_server}/mine")
    cards = page.locator(".idea-card")
    expect(cards).to_have_count(2)
    card = cards.filter(has_text="Halkskydd vid entrén")
    expect(card.locator(".chip")).to_have_text("Utreds")
    expect(card.locator(".last-note")).to_contain_text("Senaste beskedet från handläggaren")
    expect(card.locator(".last-note")).to_contain_text("Vi tar upp det på APT.")
    expect(card).not_to_contain_text("Tack!")
    expect(cards.filter(has_text="Fler laddare").locator(".last-note")).to_have_count(0)
    assert_accessible(page, "mine with a note")


def test_my_ideas_show_nothing_but_the_heading_and_lists(page, join, live_server):
    """Without a "thank you" to show, nothing takes its place ("nullnull" did)."""
    join(page, name="Anna")
    page.goto(f"{live_server}/mine")
    expect(page.get_by_text("Du har inte skickat några idéer än.")).to_be_visible()
    text = page.locator("main").inner_text()
    assert text.startswith("Mina idéer\nSkickade"), text
