"""The feed's search, filters and sorting: a handler with 300 ideas, links that open the same
list, back and forward, offline over what the phone keeps, a proper dialog, WCAG at every size."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import wait_for_cached
from playwright.sync_api import expect
from test_accessibility import assert_accessible

from server.auth.models import User
from server.extensions import db
from server.ideas import services
from server.ideas.models import Idea
from server.timestamps import utcnow

# In review in the handler's units and about non-slip protection, each in another form of the word.
HALKSKYDD = {"Halkskydden vid entrén är slitna": "north",
             "Fler halkskydd i trapporna": "south",
             "Skohalkskydd till alla i hemtjänsten": "north"}
# Also about it, but not to be listed: another status, or a unit the handler does not handle.
NOT_WANTED = {"Halkskyddet i duschen lossnar": ("north", "submitted"),
              "Halkskydd vid städförrådet": ("cleaning", "in_review")}


@pytest.fixture
def many(app, org, make_user):
    """300 ideas in the handler's units (Omsorg: Norr and Söder), some in review, a few about halkskydd."""
    north, south = make_user("staff", unit=org["north"]), make_user("staff", unit=org["south"])
    cleaner = make_user("staff", unit=org["cleaning"])
    boss = make_user("handler", unit=org["root"])
    voters = [make_user("staff", unit=org["north"]) for _ in range(3)]
    with app.app_context():
        people = {"north": db.session.get(User, north.id), "south": db.session.get(User, south.id),
                  "cleaning": db.session.get(User, cleaner.id)}
        actor = db.session.get(User, boss.id)
        start = utcnow() - timedelta(days=30)

        def add(n, description, where="north", status="submitted"):
            idea = services.submit_idea(people[where], description=description)
            idea.created_at = start + timedelta(minutes=n)
            for step in {"submitted": [], "acknowledged": ["acknowledged"],
                         "in_review": ["acknowledged", "in_review"]}[status]:
                services.change_status(actor, idea, to_status=step, note="Tack")
            return idea

        for n in range(295):
            add(n, f"Idé nummer {n} om rutiner", "north" if n % 2 else "south",
                "in_review" if n % 10 == 0 else "submitted")
        for n, (text, where) in enumerate(HALKSKYDD.items()):
            add(300 + n, text, where, "in_review")
        for n, (text, (where, status)) in enumerate(NOT_WANTED.items()):
            add(310 + n, text, where, status)
        # The oldest of the halkskydd ideas has the most votes.
        first = db.session.scalar(db.select(Idea).where(
            Idea.description == "Halkskydden vid entrén är slitna"))
        for voter in voters:
            services.vote(db.session.get(User, voter.id), first)
        db.session.commit()
    return org


def cards(page) -> list[str]:
    page.wait_for_function("() => document.querySelector('[aria-busy=true]') === null")
    return page.locator(".idea-card .card-title").all_inner_texts()


def open_sheet(page):
    page.get_by_role("button", name="Filter").click()
    sheet = page.get_by_role("dialog", name="Filtrera och sortera")
    expect(sheet).to_be_visible()
    return sheet


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_a_handler_lists_the_ideas_in_review_about_halkskydd(page, join, live_server, many):
    page.set_viewport_size({"width": 390, "height": 844})
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    expect(page.locator(".idea-card")).to_have_count(20)
    # The filters take one line until opened: the bar is one button high.
    bar = page.locator(".feed-bar").bounding_box()
    assert bar["height"] < 60, bar
    assert not page.evaluate("performance.getEntriesByType('resource').some((e) => e.name.includes('feed-sheet'))")
    loaded = []
    page.on("request", lambda r: loaded.append(r.url) if "feed-sheet" in r.url else None)

    sheet = open_sheet(page)
    assert loaded, "the sheet's module is loaded when first opened"
    assert_accessible(page, "the filter sheet at 390 px")
    expect(sheet.get_by_label("Kategori", exact=True)).to_have_count(0)  # the organisation has none
    sheet.get_by_label("Utreds").check()
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(sheet).to_be_hidden()
    expect(page.get_by_role("button", name="Filter (1)")).to_be_focused()
    expect(page.locator(".idea-card .chip[class*=status-]").first).to_have_text("Utreds")
    assert query(page) == {"status": ["in_review"]}
    assert set(page.locator(".idea-card .chip[class*=status-]").all_inner_texts()) == {"Utreds"}

    page.get_by_label("Sök bland idéerna").fill("halkskydd")
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD))
    assert set(cards(page)) == set(HALKSKYDD)
    assert query(page) == {"q": ["halkskydd"], "status": ["in_review"]}
    expect(page.locator("#announcer")).to_have_text("3 idéer visas")
    assert_accessible(page, "the feed filtered and searched")

    # The search's words in another form find the same ideas.
    page.get_by_label("Sök bland idéerna").fill("halkskydden")
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD))


def test_a_link_opens_the_same_list_and_back_and_forward_step_through_choices(
        page, context, join, live_server, many):
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    expect(page.locator(".idea-card")).to_have_count(20)
    sheet = open_sheet(page)
    sheet.get_by_label("Utreds").check()
    sheet.get_by_label("Flest röster").check()
    sheet.get_by_role("button", name="Visa idéer").click()
    page.get_by_label("Sök bland idéerna").fill("halkskydd")
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD))
    shown, link = cards(page), page.url
    assert shown[0] == "Halkskydden vid entrén är slitna", "the most voted first"

    other = context.new_page()
    other.goto(link)
    expect(other.locator(".idea-card")).to_have_count(len(HALKSKYDD))
    assert cards(other) == shown
    expect(other.get_by_label("Sök bland idéerna")).to_have_value("halkskydd")
    sheet = open_sheet(other)
    expect(sheet.get_by_label("Utreds")).to_be_checked()
    expect(sheet.get_by_label("Inlämnad")).not_to_be_checked()
    expect(sheet.get_by_label("Flest röster")).to_be_checked()
    other.keyboard.press("Escape")
    expect(sheet).to_be_hidden()
    expect(other.get_by_role("button", name="Filter (1)")).to_be_focused()
    other.close()

    page.reload()
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD))
    assert cards(page) == shown
    # Back: before the filter was chosen (the search rewrote that step).
    page.go_back()
    expect(page.locator(".idea-card")).to_have_count(20)
    assert query(page) == {}
    page.go_forward()
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD))
    assert cards(page) == shown


def test_the_sort_changes_the_order_and_paging_keeps_the_filter(page, join, live_server, many):
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    expect(page.locator(".idea-card")).to_have_count(20)
    newest = cards(page)
    assert newest[0] == "Halkskyddet i duschen lossnar"
    for label, expected_first in [("Väntat längst på svar", "Idé nummer 1 om rutiner"),
                                  ("Populärt nu", "Halkskydden vid entrén är slitna"),
                                  ("Flest röster", "Halkskydden vid entrén är slitna")]:
        sheet = open_sheet(page)
        sheet.get_by_label(label).check()
        sheet.get_by_role("button", name="Visa idéer").click()
        expect(page.locator(".idea-card .card-title").first).to_have_text(expected_first)
        assert cards(page) != newest
    assert query(page) == {"sort": ["top"]}

    sheet = open_sheet(page)
    sheet.get_by_label("Utreds").check()
    sheet.get_by_label("Nyast").check()
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(page.locator(".idea-card")).to_have_count(20)
    page.get_by_role("button", name="Visa fler").click()
    # 30 in review of the 295, and the three about halkskydd.
    expect(page.locator(".idea-card")).to_have_count(33)
    assert set(page.locator(".idea-card .chip[class*=status-]").all_inner_texts()) == {"Utreds"}
    assert len(set(cards(page))) == 33


def test_offline_the_kept_ideas_are_filtered_with_a_note(page, context, join, live_server, many):
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    page.reload()  # a second visit, the service worker in charge from the start
    page.get_by_label("Sök bland idéerna").fill("halkskydd")
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD) + 1)
    # The sheet once online (its module and the units are kept for later).
    open_sheet(page).get_by_role("button", name="Stäng").click()
    wait_for_cached(page, "/api/v1/ideas")
    wait_for_cached(page, "/api/v1/units")
    wait_for_cached(page, "/js/feed-local.js")
    wait_for_cached(page, "/js/similar/score.js")  # its fold, imported by feed-local.js
    page.get_by_label("Sök bland idéerna").fill("")
    expect(page.locator(".idea-card")).to_have_count(20)
    # A search's answer is not kept (the worker stores a copy before the page sees it).
    kept = page.evaluate("""async () => { const urls = [];
        for (const name of await caches.keys()) if (name.startsWith('gnista-data-'))
          for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls; }""")
    assert any("/api/v1/ideas?" in u for u in kept), kept
    assert not [u for u in kept if "q=" in u], kept

    context.set_offline(True)
    sheet = open_sheet(page)
    sheet.get_by_label("Utreds").check()
    sheet.get_by_label("Enhet", exact=True).select_option(label="– Hemtjänst Norr")
    sheet.get_by_role("button", name="Visa idéer").click()
    note = page.get_by_text("listan visar bara idéer som sparats på telefonen och kan vara ofullständig")
    expect(note).to_be_visible()
    assert set(page.locator(".idea-card .chip[class*=status-]").all_inner_texts()) == {"Utreds"}
    assert "Fler halkskydd i trapporna" not in cards(page), "Söder is not Norr"

    page.get_by_label("Sök bland idéerna").fill("halkskydden")
    expect(page.locator(".idea-card")).to_have_count(2)
    assert set(cards(page)) == {"Halkskydden vid entrén är slitna", "Skohalkskydd till alla i hemtjänsten"}
    expect(note).to_be_visible()
    assert_accessible(page, "the feed filtered offline")

    # A link opened offline filters what is kept just the same.
    page.goto(f"{live_server}/?q=halkskydd&status=in_review")
    expect(note).to_be_visible()
    assert set(cards(page)) == set(HALKSKYDD)

    # Nothing kept: it says so, and nothing breaks.
    page.evaluate("""async () => { for (const name of await caches.keys())
                         if (name.startsWith('gnista-data-')) await caches.delete(name); }""")
    page.goto(f"{live_server}/?status=approved")
    expect(page.get_by_text("Ingen anslutning, och inget sparat här ännu.")).to_be_visible()
    expect(page.locator(".idea-card")).to_have_count(0)
    context.set_offline(False)


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, {"width": 390, "height": 844},
                                  {"width": 180, "height": 370}], ids=["desk", "phone", "zoom"])
def test_the_bar_and_the_sheet_meet_wcag_21_aa(page, join, live_server, many, size):
    page.set_viewport_size(size)
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    # At a desk the feed is a table (the desk's work queue, tests/e2e/test_desk_browser.py).
    ideas = "table.queue tbody tr" if size["width"] >= 1024 else ".idea-card"
    expect(page.locator(ideas)).to_have_count(20)
    assert_accessible(page, f"the feed at {size['width']} px")
    button = page.get_by_role("button", name="Filter")
    assert button.bounding_box()["height"] >= 44
    sheet = open_sheet(page)
    assert_accessible(page, f"the sheet at {size['width']} px")
    for target in sheet.locator(".field.check label, button, select").all():
        box = target.bounding_box()
        assert box["height"] >= 44, (target.inner_text(), box)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"] + 1, f"content scrolls sideways ({width} px)"
    box = sheet.bounding_box()
    if size["width"] >= 1024:
        assert box["height"] >= size["height"] - 1 and box["width"] < size["width"] / 2, "a side panel"
    else:
        assert box["y"] + box["height"] >= size["height"] - 1, "a sheet from the bottom"
    # The page behind is inert; Tab stays in the dialog.
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()
    expect(button).to_be_focused()


def test_search_waits_for_the_typing_to_pause_and_drops_an_answer_overtaken(
        workerless_page, join, live_server, many):
    page = workerless_page
    join(page, name="Chef Cecilia", role="handler", unit=many["care"], worker=False)
    expect(page.locator(".idea-card")).to_have_count(20)
    searches, failed, held = [], [], []
    page.on("request", lambda r: searches.append(r.url) if "q=" in r.url else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.get_by_label("Sök bland idéerna").press_sequentially("halkskydd", delay=40)
    expect(page.locator(".idea-card")).to_have_count(len(HALKSKYDD) + 1)
    assert len(searches) == 1 and "q=halkskydd" in searches[0], searches

    # An answer that comes after a newer search has started is never shown.
    page.route(lambda url: "q=rutiner" in url, lambda route: held.append(route))
    page.get_by_label("Sök bland idéerna").fill("rutiner")
    page.wait_for_function("() => document.querySelector('[aria-busy=true]') !== null")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the search for rutiner went out"
    page.get_by_label("Sök bland idéerna").fill("trapporna")
    expect(page.locator(".idea-card")).to_have_count(1)
    assert any("q=rutiner" in url for url in failed), "the overtaken request was cancelled"
    try:
        held[0].continue_()
    except Exception:  # the browser may already have dropped the cancelled request
        pass
    page.wait_for_timeout(500)
    assert cards(page) == ["Fler halkskydd i trapporna"]
    assert query(page) == {"q": ["trapporna"]}


def test_staff_choose_their_own_ideas_and_see_no_unit_list(page, join, live_server, many):
    join(page, name="Anna", unit=many["north"])
    page.evaluate("""() => fetch('/api/v1/ideas', {method: 'POST', credentials: 'same-origin',
        headers: {'X-Requested-With': 'gnista'}, body: new URLSearchParams({description: 'Min egen idé om halkskydd'})})""")
    page.reload()
    expect(page.locator(".idea-card").first).to_be_visible()
    sheet = open_sheet(page)
    expect(sheet.get_by_label("Enhet", exact=True)).to_have_count(0)
    sheet.get_by_label("Mina idéer").check()
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(page.locator(".idea-card")).to_have_count(1)
    assert cards(page) == ["Min egen idé om halkskydd"]
    assert query(page) == {"scope": ["mine"]}
    expect(page.get_by_role("button", name="Filter (1)")).to_be_visible()
    # The tab goes back to this phone's last scope and sort, and says so in the URL.
    page.get_by_role("link", name="Idéer").click()
    expect(page).to_have_url(f"{live_server}/?scope=mine")
    expect(page.locator(".idea-card")).to_have_count(1)
    expect(page.get_by_role("button", name="Filter (1)")).to_be_visible()


def test_a_category_narrows_the_feed_online_and_offline(page, context, join, live_server, many, db_query):
    from server.categories.models import Category

    def categorise(s):
        slip, food = (Category(org_id=many["root"].id, name=n) for n in ("Halka", "Kost"))
        s.add_all([slip, food])
        s.flush()
        for idea in s.scalars(db.select(Idea).where(Idea.description.in_(
                ["Halkskydden vid entrén är slitna", "Fler halkskydd i trapporna"]))):
            idea.category_id = slip.id
        s.commit()
        return str(slip.id)

    slip = db_query(categorise)
    join(page, name="Chef Cecilia", role="handler", unit=many["care"])
    page.reload()  # a second visit, the service worker in charge from the start
    expect(page.locator(".idea-card")).to_have_count(20)
    sheet = open_sheet(page)
    choice = sheet.get_by_label("Kategori", exact=True)
    assert choice.locator("option").all_inner_texts() == ["Alla kategorier", "Halka", "Kost"]
    assert_accessible(page, "the filter sheet with categories")
    choice.select_option(label="Halka")
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(page.get_by_role("button", name="Filter (1)")).to_be_visible()
    assert query(page) == {"category_id": [slip]}
    expect(page.locator(".idea-card")).to_have_count(2)
    assert set(cards(page)) == {"Halkskydden vid entrén är slitna", "Fler halkskydd i trapporna"}

    # Offline, the kept ideas are narrowed to the category too (js/feed-local.js).
    wait_for_cached(page, "/api/v1/categories")
    wait_for_cached(page, "/js/feed-local.js")
    wait_for_cached(page, "/js/similar/score.js")
    page.goto(f"{live_server}/?category_id=")  # all categories: the offline list below is filtered here
    expect(page.locator(".idea-card")).to_have_count(20)
    context.set_offline(True)
    sheet = open_sheet(page)
    sheet.get_by_label("Kategori", exact=True).select_option(label="Halka")
    sheet.get_by_label("Utreds").check()
    sheet.get_by_role("button", name="Visa idéer").click()
    expect(page.get_by_text("listan visar bara idéer som sparats på telefonen", exact=False)).to_be_visible()
    assert set(cards(page)) == {"Halkskydden vid entrén är slitna", "Fler halkskydd i trapporna"}
    context.set_offline(False)


def test_a_sheet_that_cannot_open_offline_says_it_needs_the_network(page, context, join, live_server):
    join(page, name="Chef Cecilia", role="handler")
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
    # The sheet's module came, its words did not (never fetched, and the network gone meanwhile).
    context.route("**/i18n/filters/*.json", lambda route: route.abort())
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Det här kräver anslutning.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    # No uncaught rejection: page_must_not_fail (conftest.py) watches for one.


def test_offline_search_folds_the_words_as_the_server_does(page, context, join, live_server):
    join(page, name="Anna")
    for text in ("Smørrebrød i personalrummet", "Kaffe i personalrummet"):
        page.evaluate("""(d) => fetch('/api/v1/ideas', {method: 'POST', credentials: 'same-origin',
            headers: {'X-Requested-With': 'gnista'}, body: new URLSearchParams({description: d})})""", text)
    page.reload()
    expect(page.locator(".idea-card")).to_have_count(2)
    search = page.get_by_label("Sök bland idéerna")
    search.fill("smörrebröd")  # the server folds ø to ö
    expect(page.locator(".idea-card")).to_have_count(1)
    search.fill("")
    expect(page.locator(".idea-card")).to_have_count(2)
    wait_for_cached(page, "/js/feed-local.js")
    wait_for_cached(page, "/js/similar/score.js")

    context.set_offline(True)
    search.fill("smörrebröd")
    expect(page.get_by_text("listan visar bara idéer som sparats på telefonen", exact=False)).to_be_visible()
    assert cards(page) == ["Smørrebrød i personalrummet"]
    context.set_offline(False)
