"""Onboarding through the screens: invitation, name, passkey; signing out and in again."""
from __future__ import annotations

from playwright.sync_api import expect

from conftest import add_virtual_authenticator


def test_a_new_colleague_joins_creates_a_passkey_and_signs_in_again(page, live_server, invite):
    page.goto(f"{live_server}/signin")
    add_virtual_authenticator(page)
    page.goto(f"{live_server}/join/{invite('staff')}")
    expect(page.get_by_text("Du är inbjuden till Hemtjänst Norr.")).to_be_visible()
    page.get_by_label("Ditt namn").fill("Hanna")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Skapa nyckel").click()
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()

    page.get_by_role("link", name="Konto").click()
    passkeys = page.locator(".passkeys > li")
    expect(passkeys).to_have_count(1)
    expect(page.locator(".devices > li")).to_have_count(1)
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    assert page.evaluate("() => fetch('/api/v1/me').then(r => r.status)") == 401

    page.get_by_role("button", name="Logga in med nyckel").click()
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
    assert page.evaluate("() => fetch('/api/v1/me').then(r => r.json())")["display_name"] == "Hanna"


def test_an_unusable_invitation_says_so(page, live_server):
    page.goto(f"{live_server}/join/not-a-real-token")
    expect(page.get_by_role("alert")).to_contain_text("Inbjudan gäller inte längre")
