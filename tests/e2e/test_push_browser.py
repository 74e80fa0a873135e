"""A push message reaches the service worker, shows a notification, and a tap opens the idea."""
from __future__ import annotations

import time
import uuid

from playwright.sync_api import expect
from sqlalchemy import select
from test_accessibility import assert_accessible

from server.auth.models import User
from server.ideas import services as ideas
from server.ideas.models import Idea
from server.push.models import Notification
from server.push.sender import encode_payload
from server.push.worker import payload_for
from tests.live_server import WAIT_LIMIT

SUBMIT = """async (description) => {
  const body = new FormData();
  body.append('description', description);
  const res = await fetch('/api/v1/ideas', {method: 'POST', body, credentials: 'same-origin',
    headers: {'X-Requested-With': 'gnista', 'Idempotency-Key': crypto.randomUUID()}});
  if (!res.ok) throw new Error(await res.text());
  return (await res.json()).id;
}"""

NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then((reg) => reg.getNotifications())
  .then((list) => list.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))"""

# What a failure message needs to tell a lost push from a refused notification.
WORKER_STATE = """() => navigator.serviceWorker.ready.then((reg) => ({
  permission: Notification.permission, active: reg.active && reg.active.state,
  waiting: Boolean(reg.waiting), installing: Boolean(reg.installing)}))"""

# No protocol command clicks a notification, so the test dispatches the event the
# browser would; the worker's listener runs exactly as for a real tap.
CLICK = """async () => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent('notificationclick', {notification}));
  return notification.title;
}"""


def _notifications(page, count: int) -> list[dict]:
    """Wait until the worker shows ``count`` notifications, and return them."""
    shown = []
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        shown = page.evaluate(NOTIFICATIONS)
        if len(shown) == count:
            return shown
        page.wait_for_timeout(100)
    state = page.evaluate(WORKER_STATE)
    raise AssertionError(f"{len(shown)} notifications shown, not {count}: {shown}; {state}")


def _registration_id(page, cdp) -> str:
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    for _ in range(50):
        if any(not r.get("isDeleted") for r in registrations):
            break
        page.wait_for_timeout(100)  # CDP events arrive only while Playwright waits
    [registration] = [r for r in registrations if not r.get("isDeleted")]
    return registration["registrationId"]


def test_a_push_message_shows_a_notification_and_a_tap_opens_the_idea(page, join, live_server,
                                                                       make_user, org, db_query):
    me = join(page, name="Anna")
    idea_id = page.evaluate(SUBMIT, "Halkskydd vid entrén")
    handler = make_user("handler", unit=org["north"], name="Åsa")

    def acknowledge(session):
        idea = session.get(Idea, uuid.UUID(idea_id))
        ideas.change_status(session.get(User, handler.id), idea, to_status="acknowledged",
                            note="Tack, vi tar upp det på APT.")
        session.commit()
        notification = session.scalar(select(Notification).where(
            Notification.user_id == uuid.UUID(me["id"])))
        return notification.id, encode_payload(payload_for(notification, me["language"])).decode()

    notification_id, payload = db_query(acknowledge)
    page.context.grant_permissions(["notifications"], origin=live_server)
    cdp = page.context.new_cdp_session(page)

    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server, "registrationId": _registration_id(page, cdp), "data": payload})

    [shown] = _notifications(page, 1)
    assert shown["title"] == "Din idé är mottagen"
    assert shown["body"] == "Åsa har tagit emot ”Halkskydd vid entrén”.\n”Tack, vi tar upp det på APT.”"
    assert shown["tag"] == f"idea-{idea_id}"
    assert shown["data"]["url"] == f"/ideas/{idea_id}"

    # Playwright may learn of the running worker a moment after the page does.
    workers = page.context.service_workers
    worker = workers[0] if workers else page.context.wait_for_event("serviceworker")
    assert worker.evaluate(CLICK) == "Din idé är mottagen"

    expect(page).to_have_url(f"{live_server}/ideas/{idea_id}")
    expect(page.get_by_text("Halkskydd vid entrén").first).to_be_visible()
    _notifications(page, 0)
    # The tap also marks the inbox entry read.
    read = None
    for _ in range(50):
        read = db_query(lambda s: s.get(Notification, notification_id).read_at)
        if read:
            break
        page.wait_for_timeout(100)
    assert read is not None


def test_the_notifications_screen_lists_the_inbox_and_marks_it_read(page, join, make_user, org,
                                                                    db_query, live_server):
    me = join(page, name="Anna")
    idea_id = page.evaluate(SUBMIT, "Halkskydd vid entrén")
    handler = make_user("handler", unit=org["north"], name="Åsa")
    colleague = make_user("staff", unit=org["north"], name="Kim")

    def happen(session):
        idea = session.get(Idea, uuid.UUID(idea_id))
        ideas.change_status(session.get(User, handler.id), idea, to_status="acknowledged")
        ideas.add_comment(session.get(User, colleague.id), idea, body="Bra idé!")
        session.commit()
    db_query(happen)

    # The header's bell counts what is unread on every screen.
    page.reload()
    expect(page.locator("a.bell")).to_have_attribute("aria-label", "Notiser, 2 olästa")
    page.goto(f"{live_server}/notifications")

    expect(page.get_by_role("heading", level=1, name="Notiser")).to_be_visible()
    links = page.locator(".notifications .card-title a")
    expect(links).to_have_text(["Ny: Ny kommentar på din idé", "Ny: Din idé är mottagen"])
    expect(links.first).to_have_attribute("href", f"/ideas/{idea_id}")
    expect(page.get_by_text("Kim om ”Halkskydd vid entrén”: Bra idé!")).to_be_visible()
    # Push is possible in this browser and off, so the offer is there, asking nothing yet.
    expect(page.get_by_role("button", name="Meddela mig när min idé har lästs")).to_be_visible()
    # What the screen showed is read now, and the bell says so.
    expect(page.locator("a.bell")).to_have_attribute("aria-label", "Notiser")
    # The bell reads "Notiser" before the count arrives too, so ask the database until it agrees.
    def unread():
        return db_query(lambda s: s.scalars(select(Notification).where(
            Notification.user_id == uuid.UUID(me["id"]), Notification.read_at.is_(None))).all())
    for _ in range(100):
        if not unread():
            break
        page.wait_for_timeout(100)
    assert unread() == []
    assert_accessible(page, "notifications")
