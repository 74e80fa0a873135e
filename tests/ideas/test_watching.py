"""Following an idea: who may, what they are told, and what they are not."""
from __future__ import annotations

from sqlalchemy import select, update

from server.auth.models import User
from server.ideas.models import IdeaWatch
from server.push.models import Notification, PushDelivery
from tests.conftest import count_rows, push_subscription


def _inbox(client) -> list[dict]:
    response = client.get("/api/v1/notifications")
    assert response.status_code == 200
    return response.json["items"]


def _kinds(client) -> list[str]:
    return sorted(item["kind"] for item in _inbox(client))


def _status(client, idea_id, status, note=""):
    response = client.post(f"/api/v1/ideas/{idea_id}/status", json={"status": status, "note": note})
    assert response.status_code == 200, response.json
    return response


def _watch(client, idea_id, on=True):
    url = f"/api/v1/ideas/{idea_id}/watch"
    response = client.put(url) if on else client.delete(url)
    assert response.status_code == 200, response.json
    assert response.json == {"watching": on}


def test_a_follower_is_told_of_status_changes_and_comments_in_their_language(
        as_user, org, post_idea, db_run, app):
    submitter = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"], name="Åsa Lind")
    follower = as_user("staff", unit=org["south"])
    english = as_user("staff", unit=org["cleaning"])
    db_run(lambda s: (s.execute(update(User).where(User.id == english.user.id)
                                .values(language="en")), s.commit()))
    assert english.post("/api/v1/push/subscriptions", json=push_subscription()).status_code == 201
    idea = post_idea(submitter, title="Halkskydd vid entrén").json
    assert follower.get(f"/api/v1/ideas/{idea['id']}").json["watching"] is False
    for client in (follower, english):
        _watch(client, idea["id"])
        _watch(client, idea["id"])  # twice is once
    assert follower.get(f"/api/v1/ideas/{idea['id']}").json["watching"] is True
    assert count_rows(app, IdeaWatch) == 2

    _status(handler, idea["id"], "acknowledged", "Vi tittar på det.")
    assert handler.post(f"/api/v1/ideas/{idea['id']}/comments",
                        json={"body": "Beställt till måndag"}).status_code == 201

    [comment, status] = _inbox(follower)
    assert (status["kind"], status["title"]) == ("watched_status_changed",
                                                 "En idé du följer: Mottagen")
    assert status["body"] == ("Åsa Lind har ändrat ”Halkskydd vid entrén” till Mottagen.\n"
                              "”Vi tittar på det.”")
    assert (comment["kind"], comment["title"]) == ("watched_commented",
                                                   "Ny kommentar på en idé du följer")
    assert comment["body"] == "Åsa Lind om ”Halkskydd vid entrén”: Beställt till måndag"
    assert comment["url"] == f"/ideas/{idea['id']}"
    titles = [item["title"] for item in _inbox(english)]
    assert titles == ["New comment on an idea you follow", "An idea you follow: Received"]
    # In-app and pushed: one delivery per notification to the subscribed device.
    with app.app_context():
        from server.extensions import db
        mine = db.session.scalars(select(Notification.id).where(
            Notification.user_id == english.user.id)).all()
        assert len(db.session.scalars(select(PushDelivery).where(
            PushDelivery.notification_id.in_(mine))).all()) == 2
        db.session.remove()


def test_nobody_is_told_twice_nor_of_their_own_doing(as_user, org, post_idea):
    submitter = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    voter = as_user("staff", unit=org["north"])
    commenter = as_user("staff", unit=org["north"])
    idea = post_idea(submitter).json
    for client in (submitter, handler, voter, commenter):
        _watch(client, idea["id"])
    assert voter.put(f"/api/v1/ideas/{idea['id']}/vote").status_code == 200

    assert commenter.post(f"/api/v1/ideas/{idea['id']}/comments",
                          json={"body": "Bra"}).status_code == 201
    for status in ("acknowledged", "approved", "implemented"):
        _status(handler, idea["id"], status)

    assert _kinds(submitter) == ["acknowledged", "commented", "status_changed", "status_changed"]
    assert _kinds(handler) == ["new_idea", "watched_commented"]  # not of their own moves
    assert _kinds(commenter) == ["watched_status_changed"] * 3  # not of their own comment
    # The voter hears of the implementation as a voter, once.
    assert _kinds(voter) == ["voted_implemented", "watched_commented",
                             "watched_status_changed", "watched_status_changed"]


def test_a_follower_of_an_anonymous_idea_learns_nothing_of_its_submitter(
        as_user, org, post_idea, app):
    submitter = as_user("staff", unit=org["north"], name="Sara Hemlig")
    handler = as_user("handler", unit=org["north"])
    follower = as_user("staff", unit=org["north"])
    idea = post_idea(submitter, anonymous=True).json
    _watch(follower, idea["id"])
    assert submitter.post(f"/api/v1/ideas/{idea['id']}/comments",
                          json={"body": "Ett förtydligande"}).status_code == 201
    assert submitter.patch(f"/api/v1/ideas/{idea['id']}",
                           json={"description": "Nyckelskåp i alla bilar"}).status_code == 200
    _status(handler, idea["id"], "acknowledged")

    items = _inbox(follower)
    assert [i["kind"] for i in items] == ["watched_status_changed", "watched_commented"]
    assert items[1]["body"] == "Idéns förslagsställare om ”Nyckelskåp i bilarna”: Ett förtydligande"
    assert "Sara" not in str(items)
    shown = follower.get(f"/api/v1/ideas/{idea['id']}").json
    assert shown["submitter"] is None and "Sara" not in str(shown)
    with app.app_context():
        from server.extensions import db
        params = db.session.scalars(select(Notification.params).where(
            Notification.user_id == follower.user.id)).all()
        assert "Sara" not in str(params)
        db.session.remove()


def test_unfollowing_ends_the_notifications(as_user, org, post_idea):
    submitter = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    follower = as_user("staff", unit=org["north"])
    idea = post_idea(submitter).json
    _watch(follower, idea["id"])
    _watch(follower, idea["id"], on=False)
    _watch(follower, idea["id"], on=False)
    _status(handler, idea["id"], "acknowledged")
    assert _inbox(follower) == []
    assert follower.get(f"/api/v1/ideas/{idea['id']}").json["watching"] is False


def test_a_merged_idea_tells_its_followers(as_user, org, post_idea):
    submitter = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    follower = as_user("staff", unit=org["north"])
    idea = post_idea(submitter, description="Nyckelskåp").json
    into = post_idea(as_user("staff", unit=org["north"]), description="Nyckelskåp i bilar").json
    _watch(follower, idea["id"])
    assert handler.post(f"/api/v1/ideas/{idea['id']}/merge",
                        json={"into": into["id"]}).status_code == 200
    [item] = _inbox(follower)
    assert (item["kind"], item["title"]) == ("watched_status_changed",
                                             "En idé du följer: Sammanslagen")


def test_another_organisation_cannot_follow(as_user, org, make_unit, post_idea, app):
    idea = post_idea(as_user("staff", unit=org["north"])).json
    stranger = as_user("staff", unit=make_unit("Grannkommun"))
    assert stranger.put(f"/api/v1/ideas/{idea['id']}/watch").status_code == 404
    assert stranger.delete(f"/api/v1/ideas/{idea['id']}/watch").status_code == 404
    assert count_rows(app, IdeaWatch) == 0
