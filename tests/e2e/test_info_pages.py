"""The privacy notice and the accessibility statement: open to anyone, offline too; my data as a zip."""
from __future__ import annotations

import json
import zipfile

from playwright.sync_api import expect


def test_the_privacy_and_accessibility_pages_need_no_sign_in(page, live_server):
    page.goto(f"{live_server}/privacy")
    expect(page.get_by_role("heading", level=1, name="Integritet")).to_be_visible()
    expect(page.get_by_text("bara en publik nyckel")).to_be_visible()
    assert page.url == f"{live_server}/privacy"
    expect(page.locator("#tabs")).to_be_hidden()
    page.get_by_role("navigation", name="Om Gnista").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1, name="Tillgänglighetsredogörelse")).to_be_visible()
    expect(page.get_by_text("digg.se")).to_be_visible()
    assert page.url == f"{live_server}/accessibility"


def test_the_pages_keep_the_tabs_when_signed_in_and_are_readable_offline_once_seen(
        page, context, join, live_server):
    join(page)
    page.get_by_role("link", name="Konto").click()
    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=2, name="Tillsyn")).to_be_visible()
    page.get_by_role("link", name="Integritet").click()
    expect(page.get_by_role("heading", level=1, name="Integritet")).to_be_visible()
    expect(page.locator("#tabs")).to_be_visible()
    # Not precached (their texts are long): kept once read, like the desk screens.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=2, name="Kakor")).to_be_visible()
    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=2, name="Tillsyn")).to_be_visible()
    context.set_offline(False)


def test_the_pages_follow_the_chosen_language(page, join):
    join(page)
    page.get_by_role("link", name="Konto").click()
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=2, name="Your rights")).to_be_visible()
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=2, name="Supervision")).to_be_visible()


def test_settings_downloads_my_data_as_a_zip(page, join, tmp_path):
    me = join(page, name="Mira")
    page.get_by_role("link", name="Konto").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mina uppgifter").click()
    path = tmp_path / "data.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        profile = json.loads(archive.read("profile.json"))
    assert profile["id"] == me["id"] and profile["display_name"] == "Mira"
