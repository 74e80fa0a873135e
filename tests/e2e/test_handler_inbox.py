"""A handler acknowledges a new idea from the inbox; the submitter sees it in "my ideas"."""
from __future__ import annotations

from playwright.sync_api import expect

from conftest import wait_until_sent
from test_offline_submit import submit_idea


def test_a_handler_acknowledges_and_the_submitter_sees_it(
        page, browser, browser_context_args, join, live_server, make_jpeg, tmp_path):
    photo = tmp_path / "cart.jpg"
    photo.write_bytes(make_jpeg(800, 600))
    join(page, name="Dana")
    submit_idea(page, photo, description="Städvagnen behöver en krok för moppen")
    wait_until_sent(page)
    mine = page.locator(".ideas")
    expect(mine.get_by_text("Inlämnad")).to_be_visible()

    handler_context = browser.new_context(**browser_context_args)
    try:
        handler = handler_context.new_page()
        join(handler, name="Chef Erik", role="handler")
        handler.get_by_role("link", name="Inkorg").click()
        card = handler.locator(".idea-card", has_text="Städvagnen behöver en krok")
        expect(card).to_be_visible()
        note = card.get_by_label("Tack till den som lämnade idén")
        expect(note).to_have_value("Tack för din idé! Vi har tagit emot den och återkommer.")
        note.fill("Tack Dana! Vi köper krokar.")
        card.get_by_role("button", name="Bekräfta").click()
        expect(card.get_by_text("Bekräftad. Den som lämnade idén får beskedet.")).to_be_visible(timeout=15_000)
        wait_until_sent(handler)
        handler.reload()
        expect(handler.get_by_text("Inga nya idéer. Bra jobbat!")).to_be_visible()
    finally:
        handler_context.close()

    page.reload()
    expect(mine.get_by_text("Mottagen")).to_be_visible()
    mine.get_by_role("link", name="Städvagnen behöver en krok").click()
    history = page.locator(".history")
    expect(history.get_by_text("Mottagen")).to_be_visible()
    expect(history.get_by_text("Tack Dana! Vi köper krokar.")).to_be_visible()
