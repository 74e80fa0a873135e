"""Who is told what, in which language, and the inbox API."""
from __future__ import annotations

import uuid

from sqlalchemy import select, update

from server.auth.models import User
from server.push.models import Notification

INBOX = "/api/v1/notifications"


def inbox(client) -> dict:
    response = client.get(INBOX)
    assert response.status_code == 200
    return response.get_json()


def set_status(client, idea_id, status, note=""):
    response = client.post(f"/api/v1/ideas/{idea_id}/status", json={"status": status, "note": note})
    assert response.status_code == 200, response.get_json()
    return response


def speak_english(db_run, user):
    db_run(lambda s: (s.execute(update(User).where(User.id == user.id).values(language="en")),
                      s.commit()))


def test_an_acknowledged_idea_tells_the_submitter_in_swedish(as_user, org, post_idea):
    staff = as_user(unit=org["north"])
    handler = as_user("handler", unit=org["north"], name="Åsa Lind")
    idea = post_idea(staff, title="Halkskydd vid entrén").get_json()

    set_status(handler, idea["id"], "acknowledged", "Tack! Vi tittar på det på APT.")

    data = inbox(staff)
    assert data["unread_count"] == 1
    [item] = data["items"]
    assert item["kind"] == "acknowledged"
    assert item["title"] == "Din idé är mottagen"
    assert item["body"] == "Åsa Lind har tagit emot ”Halkskydd vid entrén”.\n”Tack! Vi tittar på det på APT.”"
    assert item["url"] == f"/ideas/{idea['id']}"
    assert item["idea_id"] == idea["id"]
    assert item["read_at"] is None


def test_a_status_change_tells_the_submitter_in_their_language(as_user, org, post_idea, db_run):
    staff = as_user(unit=org["north"])
    speak_english(db_run, staff.user)
    handler = as_user("handler", unit=org["care"], name="Omar")
    idea = post_idea(staff, description="Key boxes in the cars").get_json()
    set_status(handler, idea["id"], "declined", "We already ordered them.")

    [item] = inbox(staff)["items"]

    assert item["kind"] == "status_changed"
    assert item["title"] == "Your idea: Declined"
    assert item["body"] == "Omar has moved “Key boxes in the cars” to Declined.\n“We already ordered them.”"


def test_the_inbox_follows_the_readers_current_language(as_user, org, post_idea, db_run):
    staff = as_user(unit=org["north"])
    handler = as_user("handler", unit=org["north"], name="Åsa Lind")
    idea = post_idea(staff, title="Halkskydd vid entrén").get_json()
    set_status(handler, idea["id"], "declined", "Vi tittar på det.")
    [swedish] = inbox(staff)["items"]
    assert swedish["title"] == "Din idé: Genomförs inte"

    switched = staff.patch("/api/v1/me", json={"language": "en"})
    assert switched.status_code == 200 and switched.get_json()["language"] == "en"

    [english] = inbox(staff)["items"]
    assert english["id"] == swedish["id"]
    assert english["title"] == "Your idea: Declined"
    assert english["body"] == "Åsa Lind has moved “Halkskydd vid entrén” to Declined.\n“Vi tittar på det.”"
    # What is stored is the message and its words, never a rendered text.
    stored = db_run(lambda s: s.scalar(select(Notification).where(Notification.user_id == staff.user.id)))
    assert stored.kind == "status_changed"
    assert stored.params == {"idea": "Halkskydd vid entrén", "actor": "Åsa Lind",
                             "status": "declined", "note": "Vi tittar på det."}


def test_a_handler_whose_account_is_gone_is_named_in_the_readers_language(
        as_user, org, post_idea, db_run):
    staff = as_user(unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    idea = post_idea(staff, title="Nya moppar").get_json()
    handler.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Bra idé"})
    db_run(lambda s: (s.execute(update(Notification).values(
        params={"idea": "Nya moppar", "comment": "Bra idé", "author": None})), s.commit()))
    assert inbox(staff)["items"][0]["body"] == "En handläggare om ”Nya moppar”: Bra idé"
    speak_english(db_run, staff.user)
    assert inbox(staff)["items"][0]["body"] == "A handler on “Nya moppar”: Bra idé"


def test_a_new_idea_tells_the_handlers_and_admins_above_its_unit(as_user, org, post_idea):
    near = as_user("handler", unit=org["north"])
    above = as_user("handler", unit=org["care"])
    admin = as_user("admin", unit=org["root"])
    sibling = as_user("handler", unit=org["south"])
    elsewhere = as_user("admin", unit=org["service"])
    colleague = as_user("staff", unit=org["north"])

    post_idea(as_user(unit=org["north"]), description="Nyckelskåp i bilarna")

    for client in (near, above, admin):
        [item] = inbox(client)["items"]
        assert item["kind"] == "new_idea"
        assert item["title"] == "Ny idé i Hemtjänst Norr"
        assert item["body"] == "Nyckelskåp i bilarna"
    for client in (sibling, elsewhere, colleague):
        assert inbox(client) == {"items": [], "unread_count": 0, "next_cursor": None}


def test_a_handler_is_not_told_about_their_own_idea(as_user, org, post_idea):
    handler = as_user("handler", unit=org["north"])
    post_idea(handler)
    assert inbox(handler)["items"] == []


def test_a_comment_tells_the_submitter_unless_they_wrote_it(as_user, org, post_idea):
    staff = as_user(unit=org["north"])
    idea = post_idea(staff, title="Nya moppar").get_json()
    staff.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Fler detaljer: röda."})
    colleague = as_user(unit=org["north"], name="Kim")

    colleague.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Bra idé!"})

    [item] = inbox(staff)["items"]
    assert item["kind"] == "commented"
    assert item["title"] == "Ny kommentar på din idé"
    assert item["body"] == "Kim om ”Nya moppar”: Bra idé!"


def test_an_implemented_idea_tells_its_voters(as_user, org, post_idea):
    staff = as_user(unit=org["north"])
    idea = post_idea(staff, title="Nya moppar").get_json()
    voter, bystander = as_user(unit=org["south"]), as_user(unit=org["south"])
    voter.put(f"/api/v1/ideas/{idea['id']}/vote")
    handler = as_user("handler", unit=org["north"])
    for status in ("acknowledged", "approved", "implemented"):
        set_status(handler, idea["id"], status)

    [item] = inbox(voter)["items"]
    assert item["kind"] == "voted_implemented"
    assert item["title"] == "En idé du röstat på är genomförd"
    assert item["body"] == "”Nya moppar” är genomförd."
    assert inbox(bystander)["items"] == []
    assert [i["kind"] for i in inbox(staff)["items"]] == ["status_changed", "status_changed",
                                                           "acknowledged"]


def test_a_refused_change_leaves_no_notification(as_user, org, post_idea, db_run):
    staff = as_user(unit=org["north"])
    idea = post_idea(staff).get_json()
    handler = as_user("handler", unit=org["north"])

    response = handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "declined"})

    assert response.status_code == 422
    assert db_run(lambda s: s.scalars(select(Notification).where(
        Notification.user_id == staff.user.id)).all()) == []


def test_the_inbox_pages_newest_first(as_user, org, post_idea):
    handler = as_user("handler", unit=org["north"])
    staff = as_user(unit=org["north"])
    for n in range(5):
        post_idea(staff, description=f"Idé {n}")

    first = handler.get(f"{INBOX}?limit=2").get_json()
    second = handler.get(f"{INBOX}?limit=2&cursor={first['next_cursor']}").get_json()
    third = handler.get(f"{INBOX}?limit=2&cursor={second['next_cursor']}").get_json()

    bodies = [i["body"] for page in (first, second, third) for i in page["items"]]
    assert bodies == ["Idé 4", "Idé 3", "Idé 2", "Idé 1", "Idé 0"]
    assert third["next_cursor"] is None
    assert first["unread_count"] == 5


def test_a_broken_cursor_is_refused(as_user):
    response = as_user().get(f"{INBOX}?cursor=bm9uc2Vuc2U")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_cursor"


def test_marking_some_notifications_read(as_user, org, post_idea):
    handler = as_user("handler", unit=org["north"])
    staff = as_user(unit=org["north"])
    for n in range(3):
        post_idea(staff, description=f"Idé {n}")
    newest = inbox(handler)["items"][0]

    response = handler.post(f"{INBOX}/read", json={"ids": [newest["id"]]})

    assert response.status_code == 200
    assert response.get_json() == {"unread_count": 2}
    items = inbox(handler)["items"]
    assert items[0]["read_at"] is not None
    assert [i["read_at"] for i in items[1:]] == [None, None]


def test_marking_everything_read(as_user, org, post_idea):
    handler = as_user("handler", unit=org["north"])
    for n in range(3):
        post_idea(as_user(unit=org["north"]), description=f"Idé {n}")

    assert handler.post(f"{INBOX}/read", json={}).get_json() == {"unread_count": 0}
    assert all(i["read_at"] for i in inbox(handler)["items"])


def test_nobody_marks_someone_elses_notifications(as_user, org, post_idea):
    handler = as_user("handler", unit=org["north"])
    post_idea(as_user(unit=org["north"]))
    [item] = inbox(handler)["items"]
    other = as_user("handler", unit=org["north"])

    other.post(f"{INBOX}/read", json={"ids": [item["id"], str(uuid.uuid4())]})

    assert inbox(handler)["unread_count"] == 1


def test_the_inbox_needs_sign_in(client):
    assert client.get(INBOX).status_code == 401
    assert client.post(f"{INBOX}/read", json={}).status_code == 401
