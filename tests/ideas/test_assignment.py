"""Assigning an idea to a person with a due date: who may, what is kept, what each reader sees."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from server.extensions import db
from server.ideas.assignment import is_overdue, today
from server.ideas.models import Idea, IdeaEdit
from server.push.models import Notification
from tests.conftest import count_rows


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


@pytest.fixture
def people(as_user, org):
    return {"submitter": as_user("staff", unit=org["north"], name="Sara Staff"),
            "handler": as_user("handler", unit=org["north"], name="Hanna Handler"),
            # Anyone in the organisation may carry an idea out, in another unit too.
            "doer": as_user("staff", unit=org["cleaning"], name="Dora Doer")}


@pytest.fixture
def idea(people, post_idea):
    return post_idea(people["submitter"], title="Halkskydd vid entrén").get_json()


def _patch(client, idea, **body):
    return client.patch(f"/api/v1/ideas/{idea['id']}", json=body)


def test_a_handler_assigns_with_a_due_date_and_the_history_keeps_it(people, idea, app):
    handler, doer = people["handler"], people["doer"]
    due = _day(14)
    response = _patch(handler, idea, assignee_id=str(doer.user.id), due_date=due)
    assert response.status_code == 200, response.json
    shown = response.json
    assert shown["assignee"] == {"id": str(doer.user.id), "display_name": "Dora Doer"}
    assert (shown["due_date"], shown["overdue"]) == (due, False)
    assert shown["can_edit"] == ["category_id", "assignee_id", "due_date"]
    [edit] = shown["edits"]
    assert sorted(edit["changes"], key=lambda c: c["field"]) == [
        {"field": "assignee", "from": None, "to": "Dora Doer"},
        {"field": "due_date", "from": None, "to": due}]
    assert edit["actor"]["id"] == str(handler.user.id)

    # Cleared again, each field on its own; the same value again is no edit.
    assert _patch(handler, idea, due_date=due).status_code == 200
    cleared = _patch(handler, idea, assignee_id=None).json
    assert (cleared["assignee"], cleared["due_date"]) == (None, due)
    cleared = _patch(handler, idea, due_date=None).json
    assert (cleared["assignee"], cleared["due_date"], cleared["overdue"]) == (None, None, False)
    assert [e["changes"] for e in cleared["edits"][1:]] == [
        [{"field": "assignee", "from": "Dora Doer", "to": None}],
        [{"field": "due_date", "from": due, "to": None}]]
    assert count_rows(app, IdeaEdit) == 3

    # Every reader sees the assignment, in the feed as in the detail.
    _patch(handler, idea, assignee_id=str(doer.user.id), due_date=due)
    for reader in (people["submitter"], doer):
        detail = reader.get(f"/api/v1/ideas/{idea['id']}").json
        [listed] = [i for i in reader.get("/api/v1/ideas?scope=org").json["items"]
                    if i["id"] == idea["id"]]
        for shape in (detail, listed):
            assert shape["assignee"]["display_name"] == "Dora Doer"
            assert (shape["due_date"], shape["overdue"]) == (due, False)
        # The submitter may still change their own words; the assignee, nothing.
        assert detail["can_edit"] == (["title", "description", "photos"]
                                      if reader is people["submitter"] else [])


def test_the_assignee_is_notified_in_their_language(people, idea, app):
    handler, doer = people["handler"], people["doer"]
    assert doer.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    due = _day(7)
    _patch(handler, idea, assignee_id=str(doer.user.id), due_date=due)
    [entry] = doer.get("/api/v1/notifications").json["items"]
    assert entry["kind"] == "assigned"
    assert entry["title"] == "You are responsible for an idea"
    assert entry["body"] == ("Hanna Handler has made you responsible for carrying out "
                             f"“Halkskydd vid entrén”. Due by {due}.")
    assert entry["url"] == f"/ideas/{idea['id']}"
    # Changing only the due date, or assigning oneself, tells nobody anything new.
    _patch(handler, idea, due_date=_day(9))
    _patch(handler, idea, assignee_id=str(handler.user.id))
    with app.app_context():
        kinds = db.session.scalars(select(Notification.kind).where(
            Notification.kind == "assigned")).all()
    assert kinds == ["assigned"]


def test_a_due_date_in_the_past_is_refused_when_set_anew(people, idea, app):
    handler = people["handler"]
    refused = _patch(handler, idea, due_date=_day(-1), assignee_id=str(people["doer"].user.id))
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "due_date_in_past"
    assert "has already passed" in refused.json["error"]["message"]
    assert count_rows(app, IdeaEdit) == 0 and count_rows(app, Notification) == 1  # new_idea
    assert _patch(handler, idea, due_date=_day(0)).status_code == 200

    # A date that passed since it was set stays (the idea is then overdue); it is not set anew.
    with app.app_context():
        db.session.get(Idea, uuid.UUID(idea["id"])).due_date = today() - timedelta(days=3)
        db.session.commit()
    kept = _patch(handler, idea, due_date=(today() - timedelta(days=3)).isoformat())
    assert kept.status_code == 200 and kept.json["overdue"] is True


@pytest.mark.parametrize("body", [
    {"assignee_id": "nobody"}, {"assignee_id": str(uuid.uuid4())}, {"due_date": "31/12/2026"},
    {"due_date": "2026-02-30"}, {"due_date": 20261231}, "foreign", "inactive"])
def test_a_bad_assignment_changes_nothing(body, people, idea, as_user, make_unit, make_user,
                                          org, app):
    if body == "foreign":
        body = {"assignee_id": str(make_user("staff", unit=make_unit("Grannkommun")).id)}
    elif body == "inactive":
        body = {"assignee_id": str(make_user("staff", unit=org["south"], active=False).id)}
    response = _patch(people["handler"], idea, **body, due_date=_day(3)) if "due_date" not in \
        body else _patch(people["handler"], idea, **body)
    assert response.status_code == 422, response.json
    after = people["handler"].get(f"/api/v1/ideas/{idea['id']}").json
    assert (after["assignee"], after["due_date"], after["edits"]) == (None, None, [])
    assert count_rows(app, IdeaEdit) == 0
    with app.app_context():
        assert db.session.scalars(select(Notification.kind)).all() == ["new_idea"]


@pytest.mark.parametrize("who", ["submitter", "doer", "colleague", "other_handler"])
def test_only_the_idea_s_handlers_assign(who, people, idea, as_user, org, app):
    client = people.get(who) or {
        "colleague": lambda: as_user("staff", unit=org["north"]),
        "other_handler": lambda: as_user("handler", unit=org["south"])}[who]()
    for body in ({"assignee_id": str(people["doer"].user.id)}, {"due_date": _day(5)}):
        assert _patch(client, idea, **body).status_code == 403
    assert count_rows(app, IdeaEdit) == 0


def test_another_organisation_cannot_assign_or_be_assigned(people, idea, as_user, make_unit):
    stranger = as_user("admin", unit=make_unit("Grannkommun"))
    assert _patch(stranger, idea, assignee_id=str(stranger.user.id)).status_code == 404
    response = _patch(people["handler"], idea, assignee_id=str(stranger.user.id))
    assert response.status_code == 422 and response.json["error"]["code"] == "unknown_assignee"
    assert stranger.get("/api/v1/ideas?scope=assigned").json["items"] == []


def test_an_admin_assigns_and_the_assignee_finds_it_under_assigned_to_me(
        people, idea, as_user, org, post_idea):
    admin = as_user("admin", unit=org["root"])
    doer = people["doer"]
    other = post_idea(people["submitter"], description="Något annat").get_json()
    assert _patch(admin, idea, assignee_id=str(doer.user.id)).status_code == 200
    listed = doer.get("/api/v1/ideas?scope=assigned").json["items"]
    assert [i["id"] for i in listed] == [idea["id"]]
    assert other["id"] not in {i["id"] for i in listed}
    assert people["submitter"].get("/api/v1/ideas?scope=assigned").json["items"] == []
    assert doer.get("/api/v1/ideas?scope=assigned&status=implemented").json["items"] == []


def test_overdue_ends_when_the_idea_is_done_and_the_inbox_lists_the_overdue(
        people, idea, app, post_idea):
    handler = people["handler"]
    later = post_idea(people["submitter"], description="Inte försenad").get_json()
    _patch(handler, later, due_date=_day(30))
    with app.app_context():
        db.session.get(Idea, uuid.UUID(idea["id"])).due_date = today() - timedelta(days=1)
        db.session.commit()
    detail = handler.get(f"/api/v1/ideas/{idea['id']}").json
    assert detail["overdue"] is True
    overdue = handler.get("/api/v1/ideas?scope=unit&overdue=true").json["items"]
    assert [(i["id"], i["overdue"]) for i in overdue] == [(idea["id"], True)]
    for status in ("acknowledged", "approved", "implemented"):
        assert handler.post(f"/api/v1/ideas/{idea['id']}/status",
                            json={"status": status}).status_code == 200
    assert handler.get(f"/api/v1/ideas/{idea['id']}").json["overdue"] is False
    assert handler.get("/api/v1/ideas?scope=unit&overdue=true").json["items"] == []


def test_an_anonymous_submitter_stays_unknown_when_assigned_their_own_idea(
        people, as_user, org, post_idea, make_unit):
    submitter, handler = people["submitter"], people["handler"]
    idea = post_idea(submitter, description="Anonym idé", anonymous=True).get_json()
    routed_reader = as_user("staff", unit=org["south"])
    assert _patch(handler, idea, assignee_id=str(submitter.user.id)).status_code == 200
    # The submitter and the unit's handler know who it is; a colleague elsewhere does not.
    assert submitter.get(f"/api/v1/ideas/{idea['id']}").json["assignee"]["id"] == str(
        submitter.user.id)
    assert handler.get(f"/api/v1/ideas/{idea['id']}").json["assignee"]["id"] == str(
        submitter.user.id)
    detail = routed_reader.get(f"/api/v1/ideas/{idea['id']}").json
    [listed] = [i for i in routed_reader.get("/api/v1/ideas?scope=org").json["items"]
                if i["id"] == idea["id"]]
    for shape in (detail, listed):
        assert shape["assignee"] is None and shape["submitter"] is None
    assert str(submitter.user.id) not in str(detail) + str(listed)
    assert "Sara" not in str(detail) + str(listed)


def test_an_anonymous_idea_assigned_to_someone_else_keeps_its_submitter_hidden(
        people, as_user, org, post_idea):
    idea = post_idea(people["submitter"], description="Anonym idé", anonymous=True).get_json()
    doer = people["doer"]
    _patch(people["handler"], idea, assignee_id=str(doer.user.id))
    seen = doer.get(f"/api/v1/ideas/{idea['id']}").json
    assert seen["submitter"] is None and seen["assignee"]["id"] == str(doer.user.id)
    [entry] = doer.get("/api/v1/notifications").json["items"]
    assert "Sara" not in entry["body"]


def test_an_erased_assignee_leaves_the_idea_and_its_history_unnamed(people, idea, as_user, org):
    admin = as_user("admin", unit=org["root"])
    doer = people["doer"]
    _patch(people["handler"], idea, assignee_id=str(doer.user.id))
    assert admin.delete(f"/api/v1/users/{doer.user.id}").status_code in (200, 204)
    detail = people["handler"].get(f"/api/v1/ideas/{idea['id']}").json
    assert detail["assignee"] is None
    assert detail["edits"][0]["changes"] == [{"field": "assignee", "from": None, "to": None}]
    assert "Dora" not in str(detail)


def test_people_lookup_for_handlers_names_the_organisation_s_active_people(
        people, as_user, org, make_unit, make_user):
    make_user("staff", unit=org["south"], name="Dora Inaktiv", active=False)
    make_user("staff", unit=make_unit("Grannkommun"), name="Dora Granne")
    handler = people["handler"]
    found = handler.get("/api/v1/people?q=dora").json["items"]
    assert found == [{"id": str(people["doer"].user.id), "display_name": "Dora Doer",
                      "unit": {"id": str(org["cleaning"].id), "name": "Lokalvård"}}]
    assert len(handler.get("/api/v1/people?limit=2").json["items"]) == 2
    assert handler.get("/api/v1/people?q=%25").json["items"] == []
    assert handler.get("/api/v1/people?limit=0").status_code == 422
    assert people["submitter"].get("/api/v1/people?q=dora").status_code == 403
    stranger = as_user("admin", unit=make_unit("Tredje kommunen"))
    assert stranger.get("/api/v1/people?q=dora").json["items"] == []


def test_due_dates_are_days_in_swedish_time():
    # 23:30 UTC on New Year's Eve is already 1 January in Stockholm.
    assert today(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)) == date(2027, 1, 1)
    on = date(2027, 1, 1)
    assert is_overdue(status="approved", due_date=date(2026, 12, 31), on=on)
    assert not is_overdue(status="approved", due_date=on, on=on)
    assert not is_overdue(status="approved", due_date=None, on=on)
    for finished in ("implemented", "declined", "merged"):
        assert not is_overdue(status=finished, due_date=date(2026, 1, 1), on=on)
