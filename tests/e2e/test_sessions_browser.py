"""Settings → "Inloggade enheter": see signed-in devices and sign them out, at 390 px."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from test_accessibility import assert_accessible
from tests.conftest import record_session


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def test_signed_in_devices_are_listed_and_signed_out(app, page, join, live_server, new_client):
    me = join(page, name="Anna")
    person = SimpleNamespace(id=uuid.UUID(me["id"]))
    for device in ("Safari, iPhone", "Chrome, Android"):
        record_session(app, person, device=device)
    page.get_by_role("link", name="Konto").click()
    section = page.locator("section", has=page.get_by_role("heading", level=2,
                                                           name="Inloggade enheter"))
    expect(section.locator("li")).to_have_count(3)
    expect(section.get_by_text("Den här enheten")).to_be_visible()
    expect(section.get_by_text("Safari, iPhone")).to_be_visible()
    text = section.inner_text()
    assert "null" not in text and "undefined" not in text and "Invalid Date" not in text
    assert_accessible(page, "settings with devices")

    section.get_by_role("button", name="Logga ut Safari, iPhone").click()
    expect(section.locator("li")).to_have_count(2)
    expect(section.get_by_text("Safari, iPhone")).to_have_count(0)

    section.get_by_role("button", name="Logga ut överallt annars").click()
    expect(section.locator("li")).to_have_count(1)
    expect(section.get_by_role("button", name="Logga ut överallt annars")).to_be_hidden()
    assert_accessible(page, "settings with one device")
    # This device is still signed in.
    assert page.evaluate("fetch('/api/v1/me').then((r) => r.status)") == 200
