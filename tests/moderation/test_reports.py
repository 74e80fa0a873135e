"""Reports: who may report and review, the threshold that hides, and what hidden means."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from server.extensions import db
from server.moderation.models import Report
from server.push.models import Notification, PushDelivery
from tests.conftest import push_subscription


@pytest.fixture
def desk(as_user, post_idea, org):
    """An idea in Hemtjänst Norr with a comment, its handler, and colleagues to report it."""
    author = as_user(unit=org["north"], name="Anna Ek")
    idea = post_idea(author, title="Rullstol",
                     description="Fru Lindqvist på Storgatan 4 behöver en ny rullstol").json
    commenter = as_user(unit=org["north"], name="Bo Al")
    comment = commenter.post(f"/api/v1/ideas/{idea['id']}/comments",
                             json={"body": "Hennes son är otrevlig mot personalen"}).json
    return {"idea": idea["id"], "comment": comment["id"], "author": author,
            "commenter": commenter, "handler": as_user("handler", unit=org["north"]),
            "colleagues": [as_user(unit=org["south"]) for _ in range(3)]}


def report(client, idea_id, reason="client_data", **body):
    return client.post(f"/api/v1/ideas/{idea_id}/reports", json={"reason": reason, **body})


def search(client, words):
    return [i["id"] for i in client.get("/api/v1/ideas", query_string={
        "scope": "org", "q": words}).json["items"]]


def open_reports(app, idea_id):
    with app.app_context():
        try:
            return db.session.scalars(select(Report).where(
                Report.idea_id == uuid.UUID(idea_id), Report.resolved_at.is_(None))).all()
        finally:
            db.session.remove()


def test_a_report_is_counted_once_per_person_and_the_handlers_are_told_in_their_language(
        app, desk, as_user, org):
    english_handler = as_user("handler", unit=org["care"])
    english_handler.patch("/api/v1/me", json={"language": "en"})
    english_handler.post("/api/v1/push/subscriptions", json=push_subscription())
    reporter = desk["colleagues"][0]
    first = report(reporter, desk["idea"], note="Namn och adress")
    assert first.status_code == 201, first.json
    assert first.json["reason"] == "client_data" and first.json["resolution"] is None
    again = report(reporter, desk["idea"], reason="other")
    assert again.status_code == 201 and again.json["id"] == first.json["id"]
    assert len(open_reports(app, desk["idea"])) == 1

    [told] = [n for n in desk["handler"].get("/api/v1/notifications").json["items"]
              if n["kind"] == "reported"]
    assert told["title"] == "Rapporterad idé: uppgifter om en brukare"
    assert told["url"] == "/inbox"
    # Neither the reported words nor the reporter travel in the message.
    assert "Lindqvist" not in told["title"] + told["body"]
    assert reporter.user.display_name not in told["body"]
    [english] = [n for n in english_handler.get("/api/v1/notifications").json["items"]
                 if n["kind"] == "reported"]
    assert english["title"] == "Reported idea: information about a client"
    with app.app_context():
        assert db.session.scalar(select(PushDelivery).join(Notification).where(
            Notification.kind == "reported", Notification.user_id == english_handler.user.id))
        db.session.remove()
    # Colleagues who handle nothing are not told.
    assert all(n["kind"] != "reported"
               for n in desk["commenter"].get("/api/v1/notifications").json["items"])


def test_three_people_s_reports_hide_the_idea_from_all_but_its_author_and_handlers(desk):
    idea = desk["idea"]
    onlooker = desk["commenter"]
    first, second, third = desk["colleagues"]
    report(first, idea)
    report(first, idea, reason="offensive")  # the same person twice is still one
    report(second, idea)
    assert onlooker.get(f"/api/v1/ideas/{idea}").status_code == 200
    # Found before, so that its absence below is the hiding's doing.
    assert idea in search(onlooker, "rullstol")
    assert idea in [i["id"] for i in onlooker.get(
        "/api/v1/ideas/similar", query_string={"text": "Ny rullstol behövs"}).json["items"]]
    report(third, idea, reason="other")
    for client in (onlooker, first):
        assert client.get(f"/api/v1/ideas/{idea}").status_code == 404
        assert idea not in [i["id"] for i in client.get("/api/v1/ideas?scope=org").json["items"]]
        assert idea not in search(client, "rullstol")
        assert idea not in [i["id"] for i in client.get(
            "/api/v1/ideas/similar", query_string={"text": "Ny rullstol behövs"}).json["items"]]
        # Nor can it be voted on, commented or its photos fetched: it is not there.
        assert client.put(f"/api/v1/ideas/{idea}/vote").status_code == 404
        assert client.post(f"/api/v1/ideas/{idea}/comments", json={"body": "Hm"}).status_code == 404
        assert report(client, idea).status_code == 404
    mine = desk["author"].get(f"/api/v1/ideas/{idea}").json
    assert mine["hidden"] == "reported" and mine["description"].startswith("Fru Lindqvist")
    assert idea in [i["id"] for i in desk["author"].get("/api/v1/ideas?scope=mine").json["items"]]
    handled = desk["handler"].get(f"/api/v1/ideas/{idea}").json
    assert handled["hidden"] == "reported"
    assert idea in [i["id"] for i in desk["handler"].get("/api/v1/ideas?scope=unit").json["items"]]
    assert idea in search(desk["handler"], "rullstol")


def test_a_hidden_comment_keeps_its_place_without_its_words_and_is_not_searched(desk):
    idea, comment = desk["idea"], desk["comment"]
    for colleague in desk["colleagues"]:
        assert report(colleague, idea, comment_id=comment, reason="offensive").status_code == 201
    seen = desk["author"].get(f"/api/v1/ideas/{idea}").json["comments"]
    assert seen == [{"id": comment, "body": None, "author": None, "by_submitter": False,
                     "created_at": seen[0]["created_at"], "hidden": "reported",
                     "hidden_reason": None}]
    assert desk["commenter"].get(f"/api/v1/ideas/{idea}").json["comments"][0]["body"] \
        .startswith("Hennes son")
    assert desk["handler"].get(f"/api/v1/ideas/{idea}").json["comments"][0]["body"] \
        .startswith("Hennes son")
    for client in (desk["author"], desk["handler"], desk["commenter"]):
        assert search(client, "otrevlig") == []
    # The idea itself stays: it was not reported.
    assert desk["colleagues"][0].get(f"/api/v1/ideas/{idea}").status_code == 200


def test_a_comment_of_another_idea_or_a_hidden_one_cannot_be_reported_and_bad_input_changes_nothing(
        app, desk, post_idea):
    other = post_idea(desk["author"], description="Annan idé").json["id"]
    reporter = desk["colleagues"][0]
    assert report(reporter, other, comment_id=desk["comment"]).status_code == 404
    assert report(reporter, desk["idea"], comment_id=str(uuid.uuid4())).status_code == 404
    for body in ({"reason": "boring"}, {}, {"reason": "other", "note": "x" * 1001},
                 {"reason": "other", "comment_id": "not-a-uuid"}):
        response = reporter.post(f"/api/v1/ideas/{desk['idea']}/reports", json=body)
        assert 400 <= response.status_code < 500, body
    assert reporter.post(f"/api/v1/ideas/{uuid.uuid4()}/reports",
                         json={"reason": "other"}).status_code == 404
    assert open_reports(app, desk["idea"]) == [] and open_reports(app, other) == []


def test_the_desk_lists_open_reports_per_item_for_the_handlers_of_the_idea_only(
        desk, as_user, org, make_unit):
    idea, comment = desk["idea"], desk["comment"]
    first, second, _ = desk["colleagues"]
    report(first, idea, note="Namn och adress")
    report(second, idea, reason="offensive")
    report(first, idea, comment_id=comment, reason="offensive")
    items = desk["handler"].get("/api/v1/reports").json["items"]
    assert [(i["idea"]["id"], i["comment"] and i["comment"]["id"]) for i in items] == [
        (idea, None), (idea, comment)]
    assert [r["reason"] for r in items[0]["reports"]] == ["client_data", "offensive"]
    assert items[0]["reports"][0]["note"] == "Namn och adress"
    assert items[0]["reports"][0]["reporter"]["display_name"] == first.user.display_name
    assert items[1]["comment"]["body"].startswith("Hennes son")
    admin = as_user("admin", unit=org["root"])
    assert len(admin.get("/api/v1/reports").json["items"]) == 2
    # A handler of another unit, and of another organisation, sees none of them.
    assert as_user("handler", unit=org["cleaning"]).get("/api/v1/reports").json["items"] == []
    stranger = as_user("admin", unit=make_unit("Annan kommun"))
    assert stranger.get("/api/v1/reports").json["items"] == []
    # A reporter does not see the reports, theirs or others'.
    assert first.get("/api/v1/reports").status_code == 403


def test_the_desk_never_names_an_anonymous_submitter_to_a_handler_who_may_not_know_them(
        as_user, post_idea, org):
    admin = as_user("admin", unit=org["root"])
    category = admin.post("/api/v1/categories", json={
        "name": "Lokaler", "unit_id": str(org["cleaning"].id)}).json
    author = as_user(unit=org["north"])
    idea = author.post("/api/v1/ideas", data={
        "description": "Trasig dörr hos brukaren", "anonymous": "true",
        "category_id": category["id"]}, content_type="multipart/form-data").json
    comment = as_user(unit=org["north"]).post(f"/api/v1/ideas/{idea['id']}/comments",
                                              json={"body": "Ring fastighetsskötaren"}).json
    # The anonymous submitter reports a comment on her own idea.
    report(author, idea["id"], comment_id=comment["id"], reason="other")
    routed = as_user("handler", unit=org["cleaning"])
    [item] = routed.get("/api/v1/reports").json["items"]
    assert item["idea"]["submitter"] is None
    assert item["reports"][0]["reporter"] is None
    own = as_user("handler", unit=org["north"])
    [item] = own.get("/api/v1/reports").json["items"]
    assert item["reports"][0]["reporter"]["id"] == str(author.user.id)


def resolve(client, report_id, **body):
    return client.post(f"/api/v1/reports/{report_id}/resolve", json=body)


def _hidden_by_three(desk, **extra):
    ids = [report(c, desk["idea"], **extra).json["id"] for c in desk["colleagues"]]
    return ids[0]


def test_a_handler_restores_an_idea_and_every_open_report_on_it_is_resolved(app, desk):
    first = _hidden_by_three(desk)
    done = resolve(desk["handler"], first, action="restore")
    assert done.status_code == 200 and done.json["resolution"] == "restored"
    assert open_reports(app, desk["idea"]) == []
    assert desk["colleagues"][0].get(f"/api/v1/ideas/{desk['idea']}").json["hidden"] is None
    assert desk["handler"].get("/api/v1/reports").json["items"] == []
    again = resolve(desk["handler"], first, action="restore")
    assert again.status_code == 409 and again.json["error"]["code"] == "already_resolved"


def test_hiding_needs_a_reason_which_the_author_reads_and_no_one_else_sees_the_idea(app, desk):
    first = _hidden_by_three(desk)
    refused = resolve(desk["handler"], first, action="hide", reason="  ")
    assert refused.status_code == 422 and refused.json["error"]["code"] == "reason_required"
    assert len(open_reports(app, desk["idea"])) == 3
    assert resolve(desk["handler"], first, action="hide",
                   reason="Innehåller uppgifter om en brukare").status_code == 200
    mine = desk["author"].get(f"/api/v1/ideas/{desk['idea']}").json
    assert (mine["hidden"], mine["hidden_reason"]) == ("hidden", "Innehåller uppgifter om en brukare")
    assert desk["commenter"].get(f"/api/v1/ideas/{desk['idea']}").status_code == 404
    # The author learns why, never who reported.
    text = str(mine)
    assert all(c.user.display_name not in text for c in desk["colleagues"])


def test_only_a_handler_of_the_idea_resolves_and_another_organisation_learns_nothing(
        desk, as_user, org, make_unit):
    first = report(desk["colleagues"][0], desk["idea"]).json["id"]
    assert resolve(desk["colleagues"][0], first, action="restore").status_code == 403
    assert resolve(desk["author"], first, action="restore").status_code == 403
    assert resolve(as_user("handler", unit=org["cleaning"]), first,
                   action="restore").status_code == 403
    stranger = as_user("admin", unit=make_unit("Annan kommun"))
    assert resolve(stranger, first, action="restore").status_code == 404
    assert resolve(desk["handler"], uuid.uuid4(), action="restore").status_code == 404
    for body in ({"action": "delete"}, {}, {"action": "redact", "text": "a", "start": 0, "end": 1},
                 {"action": "redact", "field": "votes", "text": "a"}):
        response = resolve(desk["handler"], first, **body)
        assert 400 <= response.status_code < 500, body
    assert desk["handler"].get("/api/v1/reports").json["items"][0]["id"] == first


def test_a_hidden_comment_s_words_leave_the_inboxes_they_reached(desk):
    author, comment_id = desk["author"], desk["comment"]

    def told():
        return [n for n in author.get("/api/v1/notifications").json["items"]
                if n["kind"] == "commented"]

    assert any("otrevlig" in n["body"] for n in told())
    for colleague in desk["colleagues"]:
        assert report(colleague, desk["idea"], comment_id=comment_id).status_code == 201
    [message] = told()
    assert "otrevlig" not in message["title"] + message["body"]
    assert "[borttaget]" in message["body"]


def test_a_hidden_idea_merged_with_another_lends_it_no_words(desk, as_user, post_idea, org):
    other = post_idea(desk["author"], description="En annan rullstol behövs").json
    merged = desk["handler"].post(f"/api/v1/ideas/{desk['idea']}/merge",
                                  json={"into": other["id"]})
    assert merged.status_code == 200, merged.json
    for colleague in desk["colleagues"]:
        assert report(colleague, desk["idea"]).status_code == 201
    reader = as_user(unit=org["north"])
    [ref] = reader.get(f"/api/v1/ideas/{other['id']}").json["merged_ideas"]
    assert ref["id"] == desk["idea"] and ref["title"] is None and ref["description"] == ""
    [seen] = desk["handler"].get(f"/api/v1/ideas/{other['id']}").json["merged_ideas"]
    assert "Lindqvist" in seen["description"]
