"""A signed-in phone without the app's offline copy gets the feed's data and modules with the page."""
from urllib.parse import urlsplit

from playwright.sync_api import expect

import pwa_shell


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_first_visit_fetches_the_feeds_data_and_modules_with_the_page_once(
        page, join, workerless_page, live_server):
    join(page)
    # The same session on a phone opening Gnista for the first time.
    cold = workerless_page
    cold.context.add_cookies(page.context.cookies())
    asked = []
    cold.on("request", lambda request: asked.append(_path(request.url)))
    cold.goto(f"{live_server}/")
    expect(cold.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
    cold.wait_for_load_state("networkidle")
    hinted = cold.eval_on_selector_all(
        'link[rel="preload"], link[rel="modulepreload"]', "links => links.map(l => l.href)")
    for path in pwa_shell.FIRST_DATA + pwa_shell.screen_modules()[pwa_shell.FIRST_SCREEN]:
        assert f"{live_server}{path}" in hinted, path
        # Asked for once: the app took over the early response instead of asking again.
        assert asked.count(path) == 1, (path, asked)
