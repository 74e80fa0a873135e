"""Erasing a person: personal data goes, the statistics stay."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from server.auth.models import Invitation, Passkey, User
from server.extensions import db
from server.ideas.models import Comment, Idea, StatusChange, Vote
from server.push.models import Notification, PushSubscription


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _seed_person(app, user_id):
    with app.app_context():
        db.session.add(Passkey(user_id=user_id, credential_id=uuid.uuid4().bytes,
                               public_key=b"key", transports=[]))
        db.session.add(PushSubscription(user_id=user_id, endpoint=f"https://push.example/{uuid.uuid4()}",
                                        p256dh="p", auth="a"))
        db.session.commit()


def test_admin_erases_a_person_and_keeps_their_ideas(app, as_user, post_idea, org):
    admin = as_user("admin")
    handler = as_user("handler")
    person = as_user("staff")
    colleague = as_user("staff")
    _seed_person(app, person.user.id)
    mine = post_idea(person, description="Min idé").get_json()
    theirs = post_idea(colleague, description="Kollegans idé").get_json()
    person.put(f"/api/v1/ideas/{theirs['id']}/vote")
    person.post(f"/api/v1/ideas/{theirs['id']}/comments", json={"body": "Bra!"})
    handler.post(f"/api/v1/ideas/{mine['id']}/status", json={"status": "acknowledged", "note": "Ok"})
    recovery = admin.post("/api/v1/invitations",
                          json={"unit_id": str(org["north"].id), "user_id": str(person.user.id)})
    assert recovery.status_code == 201

    response = admin.delete(f"/api/v1/users/{person.user.id}")
    assert response.status_code == 204, response.get_data(as_text=True)

    uid = person.user.id
    assert _count(app, User, User.id == uid) == 0
    assert _count(app, Passkey, Passkey.user_id == uid) == 0
    assert _count(app, PushSubscription, PushSubscription.user_id == uid) == 0
    assert _count(app, Notification, Notification.user_id == uid) == 0
    assert _count(app, Invitation, Invitation.user_id == uid) == 0
    assert _count(app, Vote, Vote.user_id == uid) == 0
    with app.app_context():
        idea = db.session.get(Idea, uuid.UUID(mine["id"]))
        assert idea.submitter_id is None and idea.description == "Min idé"
        assert idea.unit_id == org["north"].id and idea.status == "acknowledged"
        assert [h.to_status for h in idea.history] == ["submitted", "acknowledged"]
        other = db.session.get(Idea, uuid.UUID(theirs["id"]))
        assert other.vote_count == 0
        comment = db.session.scalars(select(Comment).where(Comment.idea_id == other.id)).one()
        assert comment.author_id is None and other.comment_count == 1
    # The session ends: the erased person's cookie no longer signs anyone in.
    assert person.get("/api/v1/me").status_code == 401
    # Everyone else still reads the ideas, now without the name.
    shown = colleague.get(f"/api/v1/ideas/{mine['id']}").get_json()
    assert shown["submitter"] is None
    assert colleague.get(f"/api/v1/ideas/{theirs['id']}").get_json()["comments"][0]["author"] is None


def test_erasing_a_handler_keeps_the_history_they_wrote(app, as_user, post_idea):
    admin = as_user("admin")
    handler = as_user("handler")
    staff = as_user("staff")
    idea = post_idea(staff).get_json()
    handler.post(f"/api/v1/ideas/{idea['id']}/status", json={"status": "acknowledged", "note": "Ok"})
    assert admin.delete(f"/api/v1/users/{handler.user.id}").status_code == 204
    assert _count(app, StatusChange, StatusChange.actor_id.is_(None),
                  StatusChange.to_status == "acknowledged") == 1
    history = staff.get(f"/api/v1/ideas/{idea['id']}").get_json()["history"]
    assert history[1]["actor"] is None and history[1]["note"] == "Ok"


def test_statistics_still_count_an_erased_persons_ideas(as_user, post_idea, org):
    admin = as_user("admin", unit=org["root"])
    person = as_user("staff")
    post_idea(person)
    post_idea(person, description="En till")
    before = admin.get(f"/api/v1/stats?unit_id={org['north'].id}").get_json()
    assert admin.delete(f"/api/v1/users/{person.user.id}").status_code == 204
    after = admin.get(f"/api/v1/stats?unit_id={org['north'].id}").get_json()
    assert after["submitted"] == before["submitted"] == 2
    # Participation is counted over the submitters that remain (documented in the README).
    assert after["participants"] == before["participants"] - 1


def test_only_an_admin_of_the_same_organisation_erases(as_user, make_unit, make_user):
    person = as_user("staff")
    for role in ("staff", "handler"):
        assert as_user(role).delete(f"/api/v1/users/{person.user.id}").status_code == 403
    other_org = make_unit("Annan kommun")
    stranger = as_user("admin", unit=other_org)
    assert stranger.delete(f"/api/v1/users/{person.user.id}").status_code == 404
    assert person.get("/api/v1/me").status_code == 200


def test_an_admin_cannot_erase_themselves(as_user):
    admin = as_user("admin")
    as_user("admin")
    response = admin.delete(f"/api/v1/users/{admin.user.id}")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "erase_self"


def test_erasing_an_unknown_user_is_404(as_user):
    assert as_user("admin").delete(f"/api/v1/users/{uuid.uuid4()}").status_code == 404
