from playwright.sync_api import expect


def test_app_opens_and_shows_the_feed(page, join):
    join(page)
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
