"""The offer to turn notifications on: said in the user's language, and not repeated once refused."""
from __future__ import annotations

from playwright.sync_api import expect

from test_accessibility import assert_accessible

# No browser vendor's push service is reachable here; Chromium's own answer
# when it cannot reach one is an AbortError with an English message. Give
# that answer at once instead of after the browser's long timeout.
UNREACHABLE_PUSH_SERVICE = """PushManager.prototype.subscribe = function () {
  return Promise.reject(new DOMException('Registration failed - push service error', 'AbortError'));
};"""


def test_a_failed_subscription_is_explained_in_swedish(page, context, join, live_server):
    context.add_init_script(UNREACHABLE_PUSH_SERVICE)
    context.grant_permissions(["notifications"], origin=live_server)
    join(page, name="Anna")
    page.goto(f"{live_server}/settings")
    page.get_by_role("button", name="Slå på notiser").click()
    alert = page.locator(".push-switch [role=alert]")
    expect(alert).to_have_text("Notiser kunde inte slås på just nu. Försök igen senare.")
    expect(page.get_by_role("button", name="Slå på notiser")).to_be_enabled()
    assert_accessible(page, "settings after a failed subscription")


def test_a_refused_offer_does_not_come_back(page, join, live_server):
    join(page, name="Anna")
    page.goto(f"{live_server}/notifications")
    offer = page.get_by_role("button", name="Meddela mig när min idé har lästs")
    expect(offer).to_be_visible()
    assert_accessible(page, "notifications with the offer")
    page.get_by_role("button", name="Nej tack").click()
    expect(offer).to_have_count(0)
    expect(page.get_by_text("Du kan slå på notiser under Konto.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Notiser")).to_be_visible()
    page.wait_for_timeout(500)
    expect(offer).to_have_count(0)
    # Settings still turn them on, for when the user changes their mind.
    page.get_by_role("link", name="Konto").click()
    expect(page.get_by_role("button", name="Slå på notiser")).to_be_visible()
