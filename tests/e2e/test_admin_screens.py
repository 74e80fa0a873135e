"""Administration in Chromium: invitations for a unit, open invitations, recovery links,
removing passkeys, erasing, handlers' limits and a people table of thousands."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, insert, select

from conftest import add_virtual_authenticator

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1440, "height": 900}


@pytest.fixture
def admin_page(page, join, live_server, org):
    """Open Administration as a new administrator of the organisation, at a given size."""
    def open_(size=PHONE, role: str = "admin", unit=None, name: str = "Admin Adminsson"):
        page.set_viewport_size(size)
        me = join(page, name=name, role=role, unit=unit or org["root"])
        page.goto(f"{live_server}/admin")
        expect(page.get_by_role("heading", level=1, name="Administration")).to_be_visible()
        return me
    return open_


def make_invitation(page, unit_id: str, *, uses: int | None = None, name: str | None = None) -> str:
    """Fill the invitation form and return the link it shows."""
    form = page.get_by_role("region", name="Bjud in")
    form.get_by_label("Enhet", exact=True).select_option(unit_id)
    if uses:
        form.get_by_label("Hela enheten").check()
        form.get_by_label("Hur många får använda länken?").fill(str(uses))
    else:
        form.get_by_label("En person").check()
        if name:
            form.get_by_label("Namn (frivilligt)").fill(name)
    form.get_by_role("button", name="Skapa inbjudan").click()
    expect(form.get_by_role("heading", name="Inbjudan är klar")).to_be_focused()
    return form.locator("a.invite-link").last.get_attribute("href")


def join_with_link(browser, browser_context_args, link: str, name: str | None, *,
                   passkey: bool = False):
    """A new phone opens the link and names itself; returns the context's page."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    if passkey:
        page.goto(link.split("/join/")[0] + "/signin")
        add_virtual_authenticator(page)
    page.goto(link)
    if name is not None:
        page.get_by_label("Ditt namn").fill(name)
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", name="Skapa en inloggningsnyckel")).to_be_visible()
    if passkey:
        page.get_by_role("button", name="Skapa nyckel").click()
        expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
    return page


def link_fails(browser, browser_context_args, link: str) -> None:
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_role("alert")).to_contain_text("Inbjudan gäller inte längre")
        expect(page.get_by_label("Ditt namn")).to_have_count(0)
    finally:
        context.close()


def people_named(db_run, name: str):
    from server.auth.models import User
    return db_run(lambda s: s.execute(select(User.role, User.unit_id).where(
        User.display_name == name)).all())


def test_a_whole_unit_invitation_made_in_the_screen_admits_two_people_and_no_third(
        page, admin_page, browser, browser_context_args, live_server, org, db_run):
    admin_page(PHONE)
    form = page.get_by_role("region", name="Bjud in")
    form.get_by_label("Hela enheten").check()
    # A link for many people only makes staff; the form says so and keeps the role fixed.
    expect(form.get_by_label("Roll")).to_be_disabled()
    expect(form.get_by_text("En länk för flera personer ger alltid rollen Medarbetare.")).to_be_visible()
    form.get_by_label("Hur många får använda länken?").fill("900")
    form.get_by_role("button", name="Skapa inbjudan").click()
    expect(form.get_by_role("alert")).to_have_text("Skriv ett antal mellan 2 och 500.")

    link = make_invitation(page, str(org["cleaning"].id), uses=2)
    expect(form.get_by_text("Kan användas av upp till 2 personer.")).to_be_visible()
    qr = form.get_by_role("img", name="QR-kod till inbjudningslänken")
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.qr').naturalWidth > 0")
    poster = form.get_by_role("link", name="Skriv ut affisch")
    token = link.rsplit("/", 1)[1]
    assert poster.get_attribute("href") == f"/api/v1/invitations/{token}/poster"
    printed = page.request.get(f"{live_server}/api/v1/invitations/{token}/poster")
    assert printed.status == 200 and "Lokalvård" in printed.text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for name in ("Elin", "Farid"):
        other = join_with_link(browser, browser_context_args, link, name)
        other.context.close()
        assert people_named(db_run, name) == [("staff", org["cleaning"].id)]
    link_fails(browser, browser_context_args, link)


def test_a_revoked_invitation_leaves_the_list_and_its_link_stops_working(
        page, admin_page, browser, browser_context_args, org):
    admin_page(PHONE)
    many = make_invitation(page, str(org["north"].id), uses=50)
    one = make_invitation(page, str(org["south"].id), name="Gustav")
    listed = page.get_by_role("region", name="Öppna inbjudningar").locator(".open-invitation")
    expect(listed).to_have_count(2)
    whole = listed.filter(has_text="Hela Hemtjänst Norr")
    expect(whole).to_contain_text("0 av 50 använda")
    expect(listed.filter(has_text="Gustav, Hemtjänst Söder")).to_contain_text("0 av 1 använda")

    # Cancelling changes nothing.
    whole.get_by_role("button", name="Återkalla").click()
    dialog = page.get_by_role("dialog", name="Återkalla inbjudan?")
    expect(dialog).to_contain_text("slutar fungera direkt")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_have_count(0)
    expect(listed).to_have_count(2)

    whole.get_by_role("button", name="Återkalla").click()
    page.get_by_role("dialog").get_by_role("button", name="Återkalla inbjudan").click()
    expect(listed).to_have_count(1)
    expect(listed.filter(has_text="Hela Hemtjänst Norr")).to_have_count(0)
    link_fails(browser, browser_context_args, many)
    # The other one still works.
    join_with_link(browser, browser_context_args, one, "Gustav").context.close()


def settled(page) -> None:
    """Wait until the people table shows what was searched for."""
    page.wait_for_function("() => !document.querySelector('.people-table[aria-busy]')")


def open_person(page, name: str, search: str | None = None):
    people = page.get_by_role("region", name="Personer")
    people.get_by_label("Sök på namn").fill(search or name)
    settled(page)
    button = people.get_by_role("button", name=name, exact=True)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    return people.locator(".person-panel")


def test_a_recovery_link_lets_a_person_who_lost_their_phone_back_in(
        page, admin_page, make_user, browser, browser_context_args, org, db_run):
    lost = make_user("staff", unit=org["north"], name="Bo Berg")
    admin_page(DESK)
    panel = open_person(page, "Bo Berg")
    panel.get_by_role("button", name="Ny inloggningslänk (tappad telefon)").click()
    expect(panel.get_by_role("heading", name="Inloggningslänk för Bo Berg")).to_be_focused()
    expect(panel).to_contain_text("Ge länken bara till Bo Berg.")
    link = panel.locator("a.invite-link").get_attribute("href")
    expect(page.locator(".open-invitation").filter(has_text="Ny inloggning för Bo Berg")).to_contain_text(
        "0 av 1 använda")

    phone = join_with_link(browser, browser_context_args, link, None, passkey=True)
    me = phone.evaluate("() => fetch('/api/v1/me').then(r => r.json())")
    assert me["id"] == str(lost.id) and me["display_name"] == "Bo Berg"
    phone.context.close()
    assert len(people_named(db_run, "Bo Berg")) == 1  # no second account
    link_fails(browser, browser_context_args, link)


def test_removing_a_persons_passkeys_signs_them_out_and_keeps_them_out(
        page, admin_page, browser, browser_context_args, invite, live_server, org, db_run):
    from server.auth.models import Passkey, User, UserSession

    phone = join_with_link(browser, browser_context_args, f"{live_server}/join/{invite('staff')}",
                           "Dan Dahl", passkey=True)
    admin_page(PHONE)
    panel = open_person(page, "Dan Dahl")
    panel.get_by_role("button", name="Ta bort nycklar").click()
    dialog = page.get_by_role("dialog", name="Ta bort alla nycklar för Dan Dahl?")
    expect(dialog).to_contain_text("Dan Dahl loggas ut på alla enheter")
    expect(dialog).to_contain_text("behöver personen en ny inloggningslänk")
    expect(dialog.get_by_role("button", name="Avbryt")).to_be_focused()
    dialog.get_by_role("button", name="Avbryt").click()
    assert phone.evaluate("() => fetch('/api/v1/me').then(r => r.status)") == 200

    panel.get_by_role("button", name="Ta bort nycklar").click()
    page.get_by_role("dialog").get_by_role("button", name="Ta bort nycklarna").click()
    expect(panel.get_by_role("status")).to_have_text("Nycklarna för Dan Dahl är borttagna.")

    def keys_and_sessions(s):
        user = s.scalar(select(User).where(User.display_name == "Dan Dahl"))
        return (s.scalar(select(func.count()).select_from(Passkey).where(Passkey.user_id == user.id)),
                s.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)))
    assert db_run(keys_and_sessions) == (0, 0)
    assert phone.evaluate("() => fetch('/api/v1/me').then(r => r.status)") == 401
    phone.goto(f"{live_server}/signin")
    phone.get_by_role("button", name="Logga in med nyckel").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert phone.evaluate("() => fetch('/api/v1/me').then(r => r.status)") == 401
    phone.context.close()


def test_erasing_a_person_asks_first_and_an_admin_cannot_erase_themselves(
        page, admin_page, make_user, org, db_run):
    make_user("staff", unit=org["south"], name="Cecilia Ek")
    admin_page(DESK)
    panel = open_person(page, "Cecilia Ek")
    panel.get_by_label("Roll").select_option("handler")
    panel.get_by_role("button", name="Spara Cecilia Ek").click()
    people = page.get_by_role("region", name="Personer")
    saved = people.get_by_role("button", name="Cecilia Ek", exact=True)
    expect(saved).to_be_focused()
    expect(people.locator("tr.person-row").filter(has_text="Cecilia Ek")).to_contain_text("Idéhandläggare")
    saved.click()
    panel = people.locator(".person-panel")
    panel.get_by_role("button", name="Radera person").click()
    dialog = page.get_by_role("dialog", name="Radera Cecilia Ek för alltid?")
    expect(dialog).to_contain_text("idéer och kommentarer finns kvar men visas utan namn")
    expect(dialog).to_contain_text("Det går inte att ångra.")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert len(people_named(db_run, "Cecilia Ek")) == 1

    panel.get_by_role("button", name="Radera person").click()
    page.get_by_role("dialog").get_by_role("button", name="Radera Cecilia Ek").click()
    expect(people.get_by_role("button", name="Cecilia Ek", exact=True)).to_have_count(0)
    assert people_named(db_run, "Cecilia Ek") == []

    mine = open_person(page, "Admin Adminsson (du)", search="Adminsson")
    expect(mine.get_by_role("button", name="Radera person")).to_have_count(0)
    expect(mine.get_by_role("button", name="Ta bort nycklar")).to_have_count(0)


def test_a_handler_invites_to_their_own_units_only_and_sees_no_admin_actions(
        page, admin_page, make_user, browser, browser_context_args, live_server, org, db_run):
    make_user("staff", unit=org["north"], name="Nils Norr")
    make_user("admin", unit=org["north"], name="Ada Admin")
    make_user("handler", unit=org["north"], name="Hugo Handläggare")
    make_user("staff", unit=org["cleaning"], name="Lena Lokal")
    page.set_viewport_size(PHONE)
    admin_page(PHONE, role="handler", unit=org["care"], name="Chef Filippa")
    page.goto(f"{live_server}/dashboard")
    page.get_by_role("link", name="Bjud in och personer").click()
    expect(page.get_by_role("heading", level=1, name="Administration")).to_be_visible()

    form = page.get_by_role("region", name="Bjud in")
    units = form.get_by_label("Enhet", exact=True).locator("option")
    expect(units).to_have_text(["Omsorg", "– Hemtjänst Norr", "– Hemtjänst Söder"])
    expect(form.get_by_label("Roll").locator("option")).to_have_text(["Medarbetare", "Idéhandläggare"])
    expect(page.get_by_role("heading", name="Enheter")).to_have_count(0)

    people = page.get_by_role("region", name="Personer")
    expect(people.get_by_role("button", name="Nils Norr")).to_be_visible()
    expect(people.get_by_role("button", name="Lena Lokal")).to_have_count(0)
    panel = open_person(page, "Nils Norr")
    expect(panel.get_by_role("button", name="Ny inloggningslänk (tappad telefon)")).to_be_visible()
    for admin_only in ("Ta bort nycklar", "Radera person", "Spara Nils Norr"):
        expect(panel.get_by_role("button", name=admin_only)).to_have_count(0)
    expect(panel.get_by_label("Roll")).to_have_count(0)
    for other in ("Ada Admin", "Hugo Handläggare"):
        # A handler re-admits staff only; the server would refuse the rest.
        expect(open_person(page, other)).to_contain_text("Det finns inget du kan ändra för den här personen.")

    link = make_invitation(page, str(org["south"].id), uses=10)
    join_with_link(browser, browser_context_args, link, "Sven").context.close()
    assert people_named(db_run, "Sven") == [("staff", org["south"].id)]


PEOPLE = 5_000


@pytest.fixture
def thousands(app, org):
    """Five thousand people in one insert, a few with Swedish capitals."""
    from server.auth.models import User, sort_key
    from server.extensions import db

    units = [org["north"].id, org["south"].id, org["cleaning"].id]
    names = [(f"Person {i:04d}", units[i % 3]) for i in range(PEOPLE - 2)]
    names += [("Åsa Lind", units[0]), ("Östen Ring", units[0])]
    rows = [{"id": uuid.uuid4(), "display_name": name, "sort_name": sort_key(name),
             "unit_id": unit, "role": "staff", "language": "sv", "active": True}
            for name, unit in names]
    with app.app_context():
        db.session.execute(insert(User), rows)
        db.session.commit()
        db.session.remove()


def test_five_thousand_people_are_searched_and_paged_without_drawing_them_all(
        page, admin_page, thousands):
    admin_page(DESK)
    people = page.get_by_role("region", name="Personer")
    rows = people.locator("tr.person-row")
    expect(rows).to_have_count(25)
    expect(people).to_contain_text("Sida 1, 25 personer")
    first = rows.first.inner_text()
    people.get_by_role("button", name="Nästa").click()
    expect(people).to_contain_text("Sida 2, 25 personer")
    expect(rows).to_have_count(25)
    assert rows.first.inner_text() != first
    people.get_by_role("button", name="Nästa").click()
    expect(people).to_contain_text("Sida 3, 25 personer")
    people.get_by_role("button", name="Föregående").click()
    people.get_by_role("button", name="Föregående").click()
    expect(people).to_contain_text("Sida 1, 25 personer")
    assert rows.first.inner_text() == first
    expect(people.get_by_role("button", name="Föregående")).to_be_hidden()
    assert page.evaluate("document.querySelectorAll('tr').length") <= 30

    search = people.get_by_label("Sök på namn")
    search.press_sequentially("person 4321", delay=20)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Person 4321")
    expect(people.get_by_role("button", name="Nästa")).to_be_hidden()
    search.fill("åsa")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Åsa Lind")
    search.fill("ingen sådan")
    expect(people).to_contain_text("Ingen hittades.")
    assert page.evaluate("document.querySelectorAll('tr').length") <= 30

    # On a phone the same table is a compact list that does not scroll sideways.
    search.fill("")
    page.set_viewport_size(PHONE)
    expect(rows).to_have_count(25)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert rows.first.bounding_box()["height"] < 120
