"""Votes, comments and status changes made offline; a write the server rejects."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from conftest import outbox_size, wait_until_sent
from server.ideas.models import Comment, Idea


def colleague_idea(as_user, post_idea, description="Fler laddare i personalrummet"):
    client = as_user("staff")
    response = post_idea(client, description=description, title="Laddare")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_vote_and_a_comment_made_offline_arrive_after_reconnecting(
        page, context, join, live_server, as_user, post_idea, db_query):
    idea = colleague_idea(as_user, post_idea)
    join(page, name="Bertil")
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", level=1, name="Laddare")).to_be_visible()

    context.set_offline(True)
    page.get_by_role("button", name="Rösta").click()
    page.get_by_label("Skriv en kommentar").fill("Bra idé, vi saknar laddare!")
    page.get_by_role("button", name="Skicka kommentar").click()
    expect(page.get_by_role("link", name="2 väntar")).to_be_visible()

    page.reload()  # still offline: the page and the waiting writes come back
    expect(page.get_by_role("button", name="Ta bort röst")).to_be_visible()
    expect(page.get_by_text("Bra idé, vi saknar laddare!")).to_be_visible()
    assert db_query(lambda s: s.get(Idea, _uuid(idea["id"])).vote_count) == 0
    assert outbox_size(page) == 2

    context.set_offline(False)
    wait_until_sent(page)
    assert db_query(lambda s: s.get(Idea, _uuid(idea["id"])).vote_count) == 1
    bodies = db_query(lambda s: s.scalars(select(Comment.body)).all())
    assert bodies == ["Bra idé, vi saknar laddare!"]


def test_a_rejected_write_shows_the_servers_message_and_can_be_discarded(
        page, context, join, live_server, as_user, post_idea, db_query):
    idea = colleague_idea(as_user, post_idea)
    join(page, name="Chef Cecilia", role="handler")
    page.goto(f"{live_server}/inbox")
    expect(page.get_by_role("link", name="Laddare")).to_be_visible()

    context.set_offline(True)
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Bekräftad – skickas.")).to_be_visible()

    # Meanwhile another handler declines the idea, so acknowledging is no longer allowed.
    other = as_user("handler")
    declined = other.post(f"/api/v1/ideas/{idea['id']}/status",
                          json={"status": "declined", "note": "Finns redan"})
    assert declined.status_code == 200
    message = other.post(f"/api/v1/ideas/{idea['id']}/status",
                         json={"status": "acknowledged", "note": ""}).get_json()["error"]["message"]

    context.set_offline(False)
    page.get_by_role("link", name="1 behöver åtgärdas").click()
    alert = page.locator("#outbox [role=alert]")
    expect(alert).to_contain_text("Servern tog inte emot det:")
    expect(alert).to_contain_text(message)
    assert db_query(lambda s: s.get(Idea, _uuid(idea["id"])).status) == "declined"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Släng").click()
    expect(page.locator("#outbox")).to_be_hidden()


def _uuid(text):
    import uuid
    return uuid.UUID(text)
