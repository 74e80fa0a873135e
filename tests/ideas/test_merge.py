"""Merging a duplicate into another idea: votes once each, the submitter told, who may."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from server.errors import Conflict
from server.extensions import db
from server.ideas import merging
from server.ideas import services as ideas
from server.ideas.models import Idea, StatusChange, Vote
from server.push.models import Notification, PushDelivery
from tests.conftest import count_rows, push_subscription


@pytest.fixture
def two(as_user, post_idea, org):
    """A duplicate and the idea it repeats, both in Hemtjänst Norr, each by its own colleague."""
    first = as_user(unit=org["north"], name="Anna Ek")
    second = as_user(unit=org["north"], name="Bo Al")
    duplicate = post_idea(first, title="Halkskydd", description="Halkskydd på trappan").json
    kept = post_idea(second, title="Sanda trappan", description="Sand på trappan vid entrén").json
    return {"duplicate": duplicate["id"], "kept": kept["id"], "first": first, "second": second}


def merge(client, idea_id, into, note="Samma idé som en tidigare", **headers):
    body = {"into": into} if note is None else {"into": into, "note": note}
    return client.post(f"/api/v1/ideas/{idea_id}/merge", json=body, headers=headers)


def votes_of(app, idea_id) -> set:
    with app.app_context():
        try:
            return set(db.session.scalars(select(Vote.user_id).where(
                Vote.idea_id == uuid.UUID(idea_id))))
        finally:
            db.session.remove()


def test_the_duplicate_is_merged_and_its_voters_count_on_the_other_idea_each_once(
        app, two, as_user, org):
    handler = as_user("handler", unit=org["care"], name="Chef Cia")
    only_here, on_both = as_user(unit=org["south"]), as_user(unit=org["cleaning"])
    for voter in (only_here, on_both, two["second"]):  # the kept idea's own submitter too
        assert voter.put(f"/api/v1/ideas/{two['duplicate']}/vote").status_code == 200
    assert on_both.put(f"/api/v1/ideas/{two['kept']}/vote").status_code == 200

    response = merge(handler, two["duplicate"], two["kept"])
    assert response.status_code == 200, response.json
    merged = response.json
    assert merged["status"] == "merged"
    assert merged["merged_into"] == {"id": two["kept"], "title": "Sanda trappan",
                                     "description": "Sand på trappan vid entrén",
                                     "status": "submitted"}
    assert merged["vote_count"] == 0 and merged["can_vote"] is False
    assert merged["can_merge"] is False and merged["allowed_transitions"] == []
    last = merged["history"][-1]
    assert (last["from_status"], last["to_status"], last["note"]) == (
        "submitted", "merged", "Samma idé som en tidigare")
    assert last["actor"]["display_name"] == "Chef Cia"

    kept = handler.get(f"/api/v1/ideas/{two['kept']}").json
    # on_both once, only_here moved; the kept idea's submitter cannot vote on their own idea.
    assert kept["vote_count"] == 2
    assert votes_of(app, two["kept"]) == {only_here.user.id, on_both.user.id}
    assert votes_of(app, two["duplicate"]) == set()
    assert [(i["id"], i["status"]) for i in kept["merged_ideas"]] == [(two["duplicate"], "merged")]
    assert kept["merged_into"] is None and kept["status"] == "submitted"

    # The duplicate takes no new votes; its voters vote on the kept idea.
    late = as_user(unit=org["north"])
    refused = late.put(f"/api/v1/ideas/{two['duplicate']}/vote")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "voting_closed"
    assert only_here.put(f"/api/v1/ideas/{two['kept']}/vote").json["vote_count"] == 2
    # Comments stay open, so the submitter can still ask why.
    assert two["first"].post(f"/api/v1/ideas/{two['duplicate']}/comments",
                             json={"body": "Varför?"}).status_code == 201
    # The feed names the status like any other.
    listed = handler.get("/api/v1/ideas?scope=org&status=merged").json["items"]
    assert [i["id"] for i in listed] == [two["duplicate"]]


def test_the_submitter_is_notified_in_their_language_with_a_link_to_the_other_idea(
        app, two, as_user, org):
    subscription = push_subscription()
    assert two["first"].post("/api/v1/push/subscriptions", json=subscription).status_code in (200, 201)
    handler = as_user("handler", unit=org["north"], name="Chef Cia")
    assert merge(handler, two["duplicate"], two["kept"], note="Se den andra").status_code == 200

    inbox = two["first"].get("/api/v1/notifications").json["items"]
    assert len(inbox) == 1
    entry = inbox[0]
    assert entry["kind"] == "merged" and entry["url"] == f"/ideas/{two['kept']}"
    assert entry["title"] == "Din idé är sammanslagen"
    assert entry["body"] == ("Chef Cia har slagit ihop ”Halkskydd” med ”Sanda trappan”. "
                             "Rösterna räknas där.\n”Se den andra”")
    assert two["first"].patch("/api/v1/me", json={"language": "en"}).status_code == 200
    english = two["first"].get("/api/v1/notifications").json["items"][0]
    assert english["title"] == "Your idea has been merged"
    assert "“Halkskydd” into “Sanda trappan”" in english["body"]
    # Pushed through the outbox, written with the merge; nobody else is told.
    assert count_rows(app, PushDelivery) == 1
    assert two["second"].get("/api/v1/notifications").json["items"] == []
    with app.app_context():
        assert {n.user_id for n in db.session.scalars(select(Notification)
                                                      .where(Notification.kind == "merged"))} == {
            two["first"].user.id}
        db.session.remove()


@pytest.mark.parametrize(("role", "unit", "expected"), [
    ("staff", "north", 403),
    ("handler", "cleaning", 403),  # handles neither
    ("handler", "north", 403),     # handles the duplicate only (the kept idea is in Söder)
    ("handler", "south", 403),     # handles the kept idea only
    ("handler", "care", 200),      # handles both
    ("admin", "root", 200),
])
def test_only_a_handler_of_both_ideas_or_an_admin_may_merge(
        app, as_user, post_idea, org, role, unit, expected):
    duplicate = post_idea(as_user(unit=org["north"])).json["id"]
    kept = post_idea(as_user(unit=org["south"])).json["id"]
    caller = as_user(role, unit=org[unit])
    response = merge(caller, duplicate, kept)
    assert response.status_code == expected, response.json
    if expected != 200:
        assert response.json["error"]["code"] == "forbidden"
        assert caller.get(f"/api/v1/ideas/{duplicate}").json["status"] == "submitted"
        assert count_rows(app, Notification) == 0 or _merged_notifications(app) == 0


def test_an_idea_the_caller_cannot_see_is_not_found_either_way(app, two, as_user, make_unit,
                                                                post_idea):
    elsewhere = make_unit("Grannkommun")
    stranger_admin = as_user("admin", unit=elsewhere)
    theirs = post_idea(as_user(unit=elsewhere)).json["id"]
    admin = as_user("admin", unit=two["first"].user.unit)  # same organisation as the two
    for caller, idea_id, into in ((stranger_admin, two["duplicate"], two["kept"]),
                                  (stranger_admin, theirs, two["kept"]),
                                  (admin, two["duplicate"], theirs),
                                  (admin, two["duplicate"], str(uuid.uuid4()))):
        response = merge(caller, idea_id, into)
        assert response.status_code == 404, (idea_id, into, response.json)
        assert response.json["error"]["code"] == "not_found"
    assert admin.get(f"/api/v1/ideas/{two['duplicate']}").json["status"] == "submitted"
    assert _merged_notifications(app) == 0


def test_across_organisations_the_service_refuses_too(app, two, as_user, make_unit, post_idea):
    elsewhere = make_unit("Grannkommun")
    theirs = post_idea(as_user(unit=elsewhere)).json["id"]
    admin = as_user("admin", unit=two["first"].user.unit)
    with app.app_context():
        idea, into = (db.session.get(Idea, uuid.UUID(i)) for i in (two["duplicate"], theirs))
        with pytest.raises(Conflict) as refused:
            merging.merge_idea(db.session.get(type(admin.user), admin.user.id), idea, into=into)
        assert refused.value.code == "merge_across_organisations"
        db.session.rollback()
        db.session.remove()


def test_a_vote_that_read_the_idea_open_is_not_counted_once_a_merge_committed(app, two, as_user,
                                                                              org):
    """The vote's read came before the merge's commit: its count is refused, its row goes too."""
    voter = as_user(unit=org["north"], name="Cecilia Ny")
    with app.app_context():
        idea = db.session.get(Idea, uuid.UUID(two["duplicate"]))
        assert idea.status == "submitted"  # what the vote read
        db.session.expunge(idea)
        db.session.rollback()
        # The merge commits now, from another connection; the vote's copy is stale.
        with db.engine.begin() as other:
            other.execute(update(Idea).where(Idea.id == idea.id).values(
                status="merged", merged_into_id=uuid.UUID(two["kept"])))
        with pytest.raises(Conflict) as refused:
            ideas.vote(db.session.get(type(voter.user), voter.user.id), idea)
        assert refused.value.code == "voting_closed"
        db.session.rollback()
        db.session.remove()
    assert votes_of(app, two["duplicate"]) == set()


def test_into_itself_into_a_merged_idea_or_from_a_decided_one_is_a_conflict(
        app, two, as_user, post_idea, org):
    admin = as_user("admin", unit=org["root"])
    third = post_idea(as_user(unit=org["north"]), description="Tredje").json["id"]

    itself = merge(admin, two["duplicate"], two["duplicate"])
    assert (itself.status_code, itself.json["error"]["code"]) == (409, "merge_into_itself")
    assert merge(admin, third, two["kept"]).status_code == 200
    into_merged = merge(admin, two["duplicate"], third)
    assert (into_merged.status_code, into_merged.json["error"]["code"]) == (409, "merge_into_merged")
    again = merge(admin, third, two["duplicate"])
    assert (again.status_code, again.json["error"]["code"]) == (409, "merge_not_allowed")
    for steps in (["acknowledged", "approved"], ["declined"],
                  ["acknowledged", "approved", "implemented"]):
        decided = post_idea(as_user(unit=org["north"])).json["id"]
        for step in steps:
            assert admin.post(f"/api/v1/ideas/{decided}/status",
                              json={"status": step, "note": "Beslut"}).status_code == 200
        refused = merge(admin, decided, two["kept"])
        assert (refused.status_code, refused.json["error"]["code"]) == (409, "merge_not_allowed")
        assert admin.get(f"/api/v1/ideas/{decided}").json["status"] == steps[-1]
    # Acknowledged and in-review ideas merge like submitted ones.
    for steps in (["acknowledged"], ["acknowledged", "in_review"]):
        open_idea = post_idea(as_user(unit=org["north"])).json["id"]
        for step in steps:
            admin.post(f"/api/v1/ideas/{open_idea}/status", json={"status": step, "note": ""})
        assert merge(admin, open_idea, two["kept"]).json["status"] == "merged"
    # Merging needs the other idea: the status move alone is not a way there.
    moved = admin.post(f"/api/v1/ideas/{two['duplicate']}/status",
                       json={"status": "merged", "note": ""})
    assert (moved.status_code, moved.json["error"]["code"]) == (409, "illegal_transition")
    assert admin.get(f"/api/v1/ideas/{two['duplicate']}").json["status"] == "submitted"


@pytest.mark.parametrize("body", [
    {}, {"note": "utan mål"}, {"into": "inte-ett-id"}, {"into": 7}, {"into": None},
    {"into": "{kept}", "note": "x" * 2001}, {"into": "{kept}", "note": 12},
    {"into": "{kept}", "extra": True}, ["{kept}"],
])
def test_a_bad_body_is_refused_and_changes_nothing(app, two, as_user, org, body):
    admin = as_user("admin", unit=org["root"])
    if isinstance(body, dict):
        body = {k: v.format(kept=two["kept"]) if isinstance(v, str) else v for k, v in body.items()}
    else:
        body = [v.format(kept=two["kept"]) for v in body]
    response = admin.post(f"/api/v1/ideas/{two['duplicate']}/merge", json=body)
    assert response.status_code == 422, response.json
    assert admin.get(f"/api/v1/ideas/{two['duplicate']}").json["status"] == "submitted"
    assert count_rows(app, StatusChange) == 2  # the two submissions


def test_a_replayed_merge_returns_the_first_answer_and_merges_once(app, two, as_user, org):
    admin = as_user("admin", unit=org["root"])
    key = str(uuid.uuid4())
    first = merge(admin, two["duplicate"], two["kept"], **{"Idempotency-Key": key})
    again = merge(admin, two["duplicate"], two["kept"], **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert _merged_notifications(app) == 1
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(StatusChange).where(
            StatusChange.to_status == "merged")) == 1
        db.session.remove()
    other = merge(admin, two["duplicate"], two["kept"], note="annan", **{"Idempotency-Key": key})
    assert other.status_code == 422


def test_the_export_names_the_idea_a_merged_idea_went_into(two, as_user, org):
    import io
    import json
    import zipfile

    merge(as_user("admin", unit=org["root"]), two["duplicate"], two["kept"])
    archive = zipfile.ZipFile(io.BytesIO(two["first"].get("/api/v1/me/export").data))
    ideas = json.loads(archive.read("ideas.json"))
    assert ideas[0]["status"] == "merged"
    assert ideas[0]["merged_into"] == {"id": two["kept"], "title": "Sanda trappan"}


def _merged_notifications(app) -> int:
    with app.app_context():
        try:
            return len(db.session.scalars(select(Notification.id).where(
                Notification.kind == "merged")).all())
        finally:
            db.session.remove()

