"""Every screen passes an axe scan for WCAG 2.1 A and AA, at phone size and at 200 % zoom."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_offline_submit import submit_idea

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, screen: str) -> None:
    page.wait_for_function("() => document.querySelector('[aria-busy=true]') === null")
    results = Axe().run(page, options=WCAG21_AA)
    violations = results.response["violations"]
    assert not violations, f"{screen}: " + "; ".join(
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.fixture
def screens(page, context, join, live_server, invite, as_user, post_idea, make_jpeg, tmp_path):
    """Walk a handler through every screen, yielding (name, page) after each one is shown."""
    def walk():
        colleague = as_user("staff")
        post_idea(colleague, title="Laddare", description="Fler laddare i personalrummet",
                  photos=[make_jpeg(640, 480)])
        token = invite("staff")
        page.goto(f"{live_server}/join/{token}")
        expect(page.get_by_label("Ditt namn")).to_be_visible()
        yield "join"
        page.goto(f"{live_server}/signin")
        expect(page.get_by_role("button", name="Logga in med nyckel")).to_be_visible()
        yield "signin"
        page.get_by_role("link", name="Integritet").click()
        expect(page.get_by_role("heading", level=1, name="Integritet")).to_be_visible()
        yield "privacy"
        page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
        expect(page.get_by_role("heading", level=1, name="Tillgänglighetsredogörelse")).to_be_visible()
        yield "accessibility statement"
        join(page, name="Chef Filippa", role="handler")
        expect(page.get_by_role("link", name="Laddare")).to_be_visible()
        yield "feed"
        page.get_by_role("link", name="Laddare").click()
        expect(page.get_by_role("heading", level=1, name="Laddare")).to_be_visible()
        yield "idea"
        page.get_by_role("link", name="Inkorg").click()
        expect(page.get_by_role("button", name="Bekräfta")).to_be_visible()
        yield "inbox"
        photo = tmp_path / "p.jpg"
        photo.write_bytes(make_jpeg(640, 480))
        page.get_by_role("link", name="Ny idé").click()
        expect(page.get_by_role("heading", level=1, name="Ny idé")).to_be_visible()
        yield "submit"
        context.set_offline(True)
        submit_idea(page, photo)
        expect(page.locator("#outbox")).to_be_visible()
        yield "mine with a waiting idea"
        context.set_offline(False)
        expect(page.locator("#outbox")).to_be_hidden(timeout=15_000)
        page.get_by_role("link", name="Konto").click()
        expect(page.get_by_label("Språk")).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="Notiser på den här enheten")).to_be_visible()
        expect(page.get_by_role("button", name="Slå på notiser")).to_be_visible()
        yield "settings"
        page.locator("a.bell").click()
        expect(page.get_by_role("heading", level=1, name="Notiser")).to_be_visible()
        yield "notifications"
        yield from administration(page, live_server, colleague.user.display_name)
    return walk


def administration(page, live_server, person: str):
    """The states of Administration, for whoever is signed in on the page."""
    page.goto(f"{live_server}/admin")
    expect(page.get_by_role("heading", level=1, name="Administration")).to_be_visible()
    expect(page.locator("tr.person-row").first).to_be_visible()
    yield "administration"
    invite = page.get_by_role("region", name="Bjud in")
    invite.get_by_label("Hela enheten").check()
    invite.get_by_role("button", name="Skapa inbjudan").click()
    expect(invite.get_by_role("heading", name="Inbjudan är klar")).to_be_visible()
    expect(page.locator(".open-invitation").first).to_be_visible()
    yield "administration with an invitation"
    people = page.get_by_role("region", name="Personer")
    people.get_by_label("Sök på namn").fill(person)
    page.wait_for_function("() => !document.querySelector('.people-table[aria-busy]')")
    people.get_by_role("button", name=person).click()
    expect(people.locator(".person-panel")).to_be_visible()
    yield "a person in administration"
    page.locator(".open-invitation").first.get_by_role("button", name="Återkalla").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    yield "a confirmation in administration"
    page.keyboard.press("Escape")


@pytest.fixture
def admin_screens(page, join, live_server, make_user, org):
    """Walk an administrator through Administration."""
    def walk():
        make_user("staff", unit=org["north"], name="Åsa Lind")
        join(page, name="Admin Adminsson", role="admin", unit=org["root"])
        yield from administration(page, live_server, "Åsa Lind")
    return walk


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, {"width": 390, "height": 844},
                                  {"width": 180, "height": 370}], ids=["desk", "phone", "zoom"])
def test_administration_meets_wcag_21_aa_at_a_desk_on_a_phone_and_zoomed(page, admin_screens, size):
    # 180 px: a 360 px phone at 200 % zoom.
    page.set_viewport_size(size)
    for screen in admin_screens():
        assert_accessible(page, f"{screen} at {size['width']} px")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"] + 1, f"{screen}: content scrolls sideways ({width} px)"


def test_every_screen_meets_wcag_21_aa(page, screens):
    for screen in screens():
        assert_accessible(page, screen)


def test_every_screen_meets_wcag_21_aa_at_200_percent_zoom(page, screens):
    # A 360 px phone at 200 % zoom lays out like a 180 px wide window.
    page.set_viewport_size({"width": 180, "height": 370})
    for screen in screens():
        assert_accessible(page, screen)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 181, f"{screen}: content scrolls sideways ({width} px)"


def test_english_can_be_chosen(page, join):
    join(page)
    page.get_by_role("link", name="Konto").click()
    page.get_by_label("Språk").select_option("en")
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    expect(page.get_by_role("link", name="New idea")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1")


def test_on_an_iphone_the_app_explains_how_to_add_it_to_the_home_screen(
        browser, browser_context_args, join):
    context = browser.new_context(**{**browser_context_args, "user_agent": IPHONE})
    try:
        page = context.new_page()
        join(page)
        hint = page.get_by_role("region", name="Lägg till på hemskärmen")
        expect(hint).to_contain_text("tryck på Dela")
        assert_accessible(page, "install hint")
        hint.get_by_role("button", name="Stäng").click()
        expect(hint).to_be_hidden()
        page.reload()
        expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
        expect(hint).to_be_hidden()
    finally:
        context.close()
