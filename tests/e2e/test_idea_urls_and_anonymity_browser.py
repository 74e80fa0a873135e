"""The idea screen in the browser: crafted ids in its URL, and comments on an anonymous idea."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import wait_until_sent

IDEA_API = re.compile(r"^/api/v1/ideas/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

SUBMIT_ANONYMOUS = """async ([description, anonymous]) => {
  const body = new FormData();
  body.append('description', description);
  body.append('anonymous', anonymous ? 'true' : 'false');
  const res = await fetch('/api/v1/ideas', {method: 'POST', body, credentials: 'same-origin',
    headers: {'X-Requested-With': 'gnista', 'Idempotency-Key': crypto.randomUUID()}});
  if (!res.ok) throw new Error(await res.text());
  return (await res.json()).id;
}"""


def _api_paths_after(page, action) -> list[str]:
    seen: list[str] = []
    listener = lambda request: seen.append(request.url)  # noqa: E731
    page.on("request", listener)
    action()
    page.wait_for_timeout(1500)
    page.remove_listener("request", listener)
    return [re.sub(r"^https?://[^/]+", "", url) for url in seen if "/api/" in url]


def test_a_crafted_idea_url_shows_not_found_and_fetches_no_other_api_path(workerless_page, join,
                                                                          live_server):
    page = workerless_page
    join(page, name="Anna", worker=False)
    expect(page.locator("h1")).to_be_visible()

    def open_crafted():
        # As a link followed inside the app, so that only the screen itself asks the API.
        page.evaluate("""() => { history.pushState(null, '', '/ideas/..%2F..%2Fv1%2Fnotifications');
                                 dispatchEvent(new PopStateEvent('popstate')); }""")
        expect(page.locator("h1")).to_have_text("Sidan finns inte")

    asked = _api_paths_after(page, open_crafted)
    assert [p for p in asked if not IDEA_API.match(p) and not p.endswith("?limit=1")] == [], asked
    assert not any(p.split("?")[0] == "/api/v1/notifications" and "limit=1" not in p
                   for p in asked), asked
    # Opened directly, too: the same screen, and no ideas request with a crafted id.
    asked = _api_paths_after(page, lambda: page.goto(
        f"{live_server}/ideas/..%2F..%2Fv1%2Fnotifications"))
    expect(page.locator("h1")).to_have_text("Sidan finns inte")
    assert not [p for p in asked if p.startswith("/api/v1/ideas") and not IDEA_API.match(p)]
    assert "/api/v1/notifications" not in asked
    for crafted in ("/ideas/not-a-uuid", "/ideas/%E0%A4%A", "/join/..%2F..%2Fv1%2Fme"):
        page.goto(f"{live_server}{crafted}")
        expect(page.locator("h1")).to_have_text("Sidan finns inte")


def test_the_submitter_is_told_their_comment_on_an_anonymous_idea_is_anonymous(
        page, browser, browser_context_args, join, live_server):
    join(page, name="Amira Hemlig")
    hidden = page.evaluate(SUBMIT_ANONYMOUS, ["Nyckelskåp i bilarna", True])
    named = page.evaluate(SUBMIT_ANONYMOUS, ["Fler laddare", False])

    page.goto(f"{live_server}/ideas/{named}")
    expect(page.get_by_label("Skriv en kommentar")).to_be_visible()
    expect(page.get_by_text("även din kommentar visas utan ditt namn")).to_have_count(0)

    page.goto(f"{live_server}/ideas/{hidden}")
    field = page.get_by_label("Skriv en kommentar")
    hint = page.get_by_text("Din idé är anonym, så även din kommentar visas utan ditt namn.")
    expect(hint).to_be_visible()
    expect(field).to_have_attribute("aria-describedby", hint.get_attribute("id"))
    # The hint sits under the field, before the button.
    field_box, hint_box = field.bounding_box(), hint.bounding_box()
    assert hint_box["y"] >= field_box["y"] + field_box["height"] - 1
    field.fill("Jag kan visa hur det fungerar.")
    page.get_by_role("button", name="Skicka kommentar").click()
    wait_until_sent(page)

    # A colleague sees the comment as the idea's submitter's, without a name, and no hint.
    other = browser.new_context(**browser_context_args)
    colleague = other.new_page()
    try:
        join(colleague, name="Jonas")
        colleague.goto(f"{live_server}/ideas/{hidden}")
        comment = colleague.locator(".comments li").filter(has_text="Jag kan visa hur det fungerar.")
        expect(comment.locator("strong")).to_have_text("Idéns förslagsställare")
        expect(colleague.locator("main")).not_to_contain_text("Amira")
        expect(colleague.get_by_text("Din idé är anonym")).to_have_count(0)
        for text in ("null", "undefined"):
            expect(colleague.locator("main")).not_to_contain_text(text)
    finally:
        other.close()
