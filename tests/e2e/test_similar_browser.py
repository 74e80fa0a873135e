"""Similar ideas under the new idea's text, online and offline, at 390 px: vote for one instead."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from server.ideas.models import Idea, Vote
from test_accessibility import assert_accessible

TYPED = "Halkskydd på trapporna vid entrén, många halkar när det regnar"


def count(db_query, model) -> int:
    return db_query(lambda s: s.scalar(select(func.count()).select_from(model)))


def wait_for_rows(page, db_query, model, n: int) -> None:
    for _ in range(150):
        if count(db_query, model) == n:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {n} rows of {model.__name__}, found {count(db_query, model)}")


def open_form(page):
    page.get_by_role("link", name="Ny idé").click()
    expect(page.get_by_role("heading", level=1, name="Ny idé")).to_be_visible()


def existing(as_user, post_idea):
    colleague = as_user("staff")
    post_idea(colleague, title="Halkskydd i trappan",
              description="Det är lätt att halka i trappan vid entrén när det är blött.")
    post_idea(colleague, title="Kaffebryggare", description="Ny kaffebryggare i personalrummet")


def test_a_similar_idea_appears_while_typing_and_takes_the_vote(page, join, as_user, post_idea,
                                                                 db_query):
    existing(as_user, post_idea)
    page.set_viewport_size({"width": 390, "height": 844})
    join(page)
    open_form(page)
    page.get_by_label("Beskriv idén").fill("Halkskydd")
    page.wait_for_timeout(800)
    expect(page.get_by_role("heading", name="Liknande idéer")).to_be_hidden()

    page.get_by_label("Beskriv idén").fill(TYPED)
    similar = page.locator("section.similar")
    expect(similar.get_by_role("heading", name="Liknande idéer")).to_be_visible()
    expect(similar.get_by_role("listitem")).to_have_count(1)
    expect(similar.get_by_text("Halkskydd i trappan")).to_be_visible()
    expect(similar.get_by_text("Inlämnad")).to_be_visible()
    expect(similar.get_by_text("0 röster")).to_be_visible()
    expect(similar.get_by_text("Kaffebryggare")).to_have_count(0)
    assert_accessible(page, "similar ideas")

    similar.get_by_role("button", name="Rösta på ”Halkskydd i trappan” i stället").click()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    expect(page.get_by_text("Din röst på ”Halkskydd i trappan”")).to_be_visible()
    wait_for_rows(page, db_query, Vote, 1)
    assert count(db_query, Idea) == 2, "voting instead sends no idea"


def test_sending_never_waits_for_similar_ideas(page, join, as_user, post_idea, db_query):
    existing(as_user, post_idea)
    join(page)
    open_form(page)
    page.get_by_label("Beskriv idén").fill(TYPED)
    expect(page.get_by_role("heading", name="Liknande idéer")).to_be_visible()
    page.get_by_role("button", name="Skicka idén").click()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    wait_for_rows(page, db_query, Idea, 3)
    assert count(db_query, Vote) == 0


def test_offline_the_phone_finds_them_among_its_cached_ideas(page, context, join, as_user,
                                                             post_idea, db_query, live_server):
    existing(as_user, post_idea)
    page.set_viewport_size({"width": 390, "height": 844})
    join(page)
    expect(page.get_by_text("Halkskydd i trappan")).to_be_visible()
    page.wait_for_function("() => true")
    open_form(page)  # the form's similar part is fetched once online, then kept
    expect(page.get_by_label("Beskriv idén")).to_be_visible()
    page.wait_for_timeout(500)

    context.set_offline(True)
    page.reload()
    open_form(page)
    page.get_by_label("Rubrik (frivillig)").fill("Halka i trapporna")
    page.get_by_label("Beskriv idén").fill("Folk halkar vid entrén när det regnar")
    similar = page.locator("section.similar")
    expect(similar.get_by_text("Bland idéerna som är sparade i telefonen.")).to_be_visible()
    expect(similar.get_by_role("listitem")).to_have_count(1)
    expect(similar.get_by_text("Halkskydd i trappan")).to_be_visible()
    expect(similar.get_by_text("Inlämnad")).to_be_visible()
    assert_accessible(page, "similar ideas offline")

    similar.get_by_role("button", name="Rösta på ”Halkskydd i trappan” i stället").click()
    expect(page.get_by_role("heading", level=1, name="Mina idéer")).to_be_visible()
    expect(page.get_by_text("är sparad och skickas när du har täckning")).to_be_visible()
    assert count(db_query, Vote) == 0

    context.set_offline(False)
    wait_for_rows(page, db_query, Vote, 1)


def test_the_phone_ranks_cached_ideas_as_the_server_does(page, join, as_user, post_idea, org):
    from tests.ideas.similar_pairs import PAIRS

    colleague = as_user("staff", unit=org["south"])
    for _typed, title, description, _duplicate in PAIRS:
        post_idea(colleague, title=title, description=description)
    join(page)
    answers = page.evaluate("""async (texts) => {
      const { rank } = await import('/js/similar/score.js');
      const feed = await (await fetch('/api/v1/ideas?scope=org&limit=50')).json();
      const out = [];
      for (const text of texts) {
        const query = new URLSearchParams({ text, limit: '5' });
        const server = (await (await fetch(`/api/v1/ideas/similar?${query}`)).json()).items;
        const phone = rank(text, feed.items, 5);
        out.push({ text, server: server.map((i) => [i.id, i.score]), phone: phone.map((i) => [i.id, i.score]) });
      }
      return out;
    }""", [typed for typed, *_ in PAIRS])
    differ = [a for a in answers if a["server"] != a["phone"]]
    assert len(answers) == len(PAIRS)
    assert not differ, [(a["text"], a["server"], a["phone"]) for a in differ]
