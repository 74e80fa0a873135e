"""Ideas in lists and on their own page, as a new user on a 390 px phone meets them."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect

from conftest import wait_until_sent
from server.auth.models import User
from server.ideas import services as ideas
from server.ideas.models import Idea
from server.timestamps import utcnow
from test_accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}


def colleague_idea(as_user, post_idea, **kwargs) -> dict:
    response = post_idea(as_user("staff"), **kwargs)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def decide(db_query, make_user, org, idea_id: str, *steps: str) -> None:
    handler = make_user("handler", unit=org["north"])

    def run(session):
        idea, me = session.get(Idea, uuid.UUID(idea_id)), session.get(User, handler.id)
        for status in steps:
            ideas.change_status(me, idea, to_status=status, note="Beslutat.")
        session.commit()
    db_query(run)


def test_a_vote_waiting_to_be_sent_keeps_the_card_tidy_and_its_count_once(
        page, context, join, live_server, as_user, post_idea, make_jpeg):
    page.set_viewport_size(PHONE)
    colleague_idea(as_user, post_idea, title="Laddare", description="Fler laddare i personalrummet",
                   photos=[make_jpeg(640, 480)])
    join(page, name="Bertil")
    card = page.locator(".idea-card").filter(has_text="Laddare")
    button = card.get_by_role("button", name="Rösta")
    expect(button).to_have_text("☆Rösta · 0 röster")

    context.set_offline(True)
    button.click()
    expect(card.get_by_text("Väntar på att skickas")).to_be_visible()
    expect(card.get_by_role("button", name="Ta bort röst")).to_have_text("★Ta bort röst · 1 röst")
    # The count shows once, where the button is, and agrees with the vote.
    assert re.findall(r"\d+ röst(?:er)?", card.inner_text()) == ["1 röst"]
    # The button keeps its label on one line, beside the badge rather than squeezed by it.
    vote = card.locator(".btn.vote").bounding_box()
    badge = card.get_by_text("Väntar på att skickas").bounding_box()
    assert vote["height"] < 50, vote
    assert vote["width"] > 150, vote
    assert badge["x"] >= vote["x"] + vote["width"] or badge["y"] >= vote["y"] + vote["height"] - 1
    assert_accessible(page, "feed with a waiting vote")
    context.set_offline(False)
    wait_until_sent(page)


def test_decided_ideas_take_no_votes(page, join, live_server, as_user, post_idea, make_user, org,
                                     db_query):
    page.set_viewport_size(PHONE)
    done = colleague_idea(as_user, post_idea, title="Klart", description="Ny skylt vid entrén")
    no = colleague_idea(as_user, post_idea, title="Nej", description="Gratis kaffe hela dagen")
    colleague_idea(as_user, post_idea, title="Öppen", description="Fler laddare")
    decide(db_query, make_user, org, done["id"], "acknowledged", "approved", "implemented")
    decide(db_query, make_user, org, no["id"], "declined")
    join(page, name="Bertil")
    cards = page.locator(".idea-card")
    expect(cards).to_have_count(3)
    expect(cards.filter(has_text="Öppen").get_by_role("button", name="Rösta")).to_be_visible()
    for title in ("Klart", "Nej"):
        card = cards.filter(has_text=title)
        expect(card.get_by_role("button")).to_have_count(0)
        expect(card).to_contain_text("0 röster · 0 kommentarer")
    page.get_by_role("link", name="Klart").click()
    expect(page.get_by_role("heading", level=1, name="Klart")).to_be_visible()
    expect(page.get_by_role("button", name="Rösta")).to_have_count(0)


DATES = """async () => {
  const { formatDate, setLanguage } = await import('/js/i18n.js');
  const now = new Date(2026, 11, 3, 15, 0);  // Thursday 3 December 2026, local time
  const at = (...parts) => new Date(...parts).toISOString();
  const all = () => [new Date(now - 30_000).toISOString(), at(2026, 11, 3, 14, 5), at(2026, 11, 2, 14, 5),
    at(2026, 10, 30, 14, 5), at(2026, 2, 3, 9, 0), at(2025, 11, 3, 9, 0)].map((iso) => formatDate(iso, now));
  const sv = all();
  await setLanguage('en');
  const en = all();
  await setLanguage('sv');
  return { sv, en };
}"""


def test_dates_read_as_people_say_them_in_each_language(page, join):
    join(page, name="Bertil")
    dates = page.evaluate(DATES)
    assert dates["sv"] == ["nyss", "i dag 14.05", "i går 14.05", "måndag 14.05", "3 mars", "3 dec. 2025"]
    # English as in Britain: the day before the month, a 24-hour clock.
    assert dates["en"] == ["just now", "today 14:05", "yesterday 14:05", "Monday 14:05", "3 Mar", "3 Dec 2025"]


LONG = ("Vi borde ha fler laddare i personalrummet eftersom telefonerna alltid tar slut "
        "på batteri mitt i passet och då kan vi inte se nästa besök")


def test_an_untitled_idea_is_headed_by_the_start_of_its_description(
        page, join, live_server, as_user, post_idea, db_query):
    idea = colleague_idea(as_user, post_idea, description=LONG)
    db_query(lambda s: (setattr(s.get(Idea, uuid.UUID(idea["id"])), "created_at",
                                utcnow() - timedelta(days=1)), s.commit()))
    join(page, name="Bertil")
    link = page.locator(".idea-card .card-title a")
    expect(link).to_have_count(1)
    heading = link.inner_text()
    assert heading.endswith("…") and heading != "Idé"
    shown = heading[:-1]
    assert LONG.startswith(shown) and LONG[len(shown)] == " ", heading  # cut between words
    expect(page.locator(".idea-card time")).to_have_text(re.compile(r"^i går \d\d\.\d\d$"))
    link.click()
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_text(re.compile(r"^Vi borde ha fler laddare .*…$"))
    assert LONG[len(h1.inner_text()) - 1] == " "


def touch(cdp, kind: str, *points) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": n} for n, (x, y) in enumerate(points)]})


def test_photos_open_full_screen_in_the_app(page, join, live_server, as_user, post_idea, make_jpeg):
    page.set_viewport_size(PHONE)
    idea = colleague_idea(as_user, post_idea, title="Trasig ramp",
                          photos=[make_jpeg(640, 480), make_jpeg(480, 640)])
    join(page, name="Bertil")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    photos = page.locator(".gallery a")
    expect(photos).to_have_count(2)
    photos.first.click()
    viewer = page.get_by_role("dialog", name="Foton")
    expect(viewer).to_be_visible()
    expect(viewer.get_by_text("Foto 1 av 2")).to_be_visible()
    assert "size=full" in viewer.locator("img").get_attribute("src")
    assert page.url == f"{live_server}/ideas/{idea['id']}"
    expect(viewer.get_by_role("button", name="Stäng")).to_be_focused()
    assert_accessible(page, "photo viewer")
    for size in ({"width": 195, "height": 422}, {"width": 1440, "height": 900}):  # 200 % zoom, a desk
        page.set_viewport_size(size)
        assert_accessible(page, f"photo viewer at {size['width']} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.set_viewport_size(PHONE)

    page.keyboard.press("ArrowRight")
    expect(viewer.get_by_text("Foto 2 av 2")).to_be_visible()
    viewer.get_by_role("button", name="Föregående").click()
    expect(viewer.get_by_text("Foto 1 av 2")).to_be_visible()

    cdp = page.context.new_cdp_session(page)
    touch(cdp, "touchStart", (300, 300))
    for x in (260, 200, 140):
        touch(cdp, "touchMove", (x, 305))
    touch(cdp, "touchEnd")
    expect(viewer.get_by_text("Foto 2 av 2")).to_be_visible()  # a swipe to the left: the next photo

    touch(cdp, "touchStart", (180, 300), (210, 300))
    for spread in (40, 80, 120):
        touch(cdp, "touchMove", (180 - spread, 300), (210 + spread, 300))
    touch(cdp, "touchEnd")
    zoom = viewer.locator("img").evaluate("img => new DOMMatrix(getComputedStyle(img).transform).a")
    assert zoom > 1.5, zoom
    expect(viewer.get_by_text("Foto 2 av 2")).to_be_visible()  # pinching is not swiping

    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    expect(photos.first).to_be_focused()
    photos.nth(1).click()
    expect(viewer.get_by_text("Foto 2 av 2")).to_be_visible()
    viewer.get_by_role("button", name="Stäng").click()
    expect(viewer).to_have_count(0)
    expect(photos.nth(1)).to_be_focused()
