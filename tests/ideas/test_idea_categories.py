"""Ideas and their categories: choosing one, routing to the category's unit, editing, filtering."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from server.ideas.models import Idea, IdeaEdit
from server.push.models import Notification
from tests.conftest import count_rows


@pytest.fixture
def admin(as_user, org):
    return as_user("admin", unit=org["root"])


@pytest.fixture
def categories(admin, org):
    def make(name, **body):
        response = admin.post("/api/v1/categories", json={"name": name, **body})
        assert response.status_code == 201, response.json
        return response.json
    # Hygiene routes to the cleaning unit, wherever the idea comes from.
    return {"hygiene": make("Hygien", name_en="Hygiene", unit_id=str(org["cleaning"].id)),
            "food": make("Kost", name_en="Food"),
            "old": make("Gammal", active=False)}


def _submit(client, category_id=None, *, description="Tvål vid varje handfat", **extra):
    data = {"description": description, **extra}
    if category_id is not None:
        data["category_id"] = category_id
    return client.post("/api/v1/ideas", data=data, content_type="multipart/form-data")


def test_the_submitter_may_choose_a_category_and_the_idea_shows_it(as_user, org, categories):
    staff = as_user("staff", unit=org["north"])
    created = _submit(staff, categories["food"]["id"])
    assert created.status_code == 201, created.json
    assert created.json["category"] == {"id": categories["food"]["id"], "name": "Kost"}
    assert _submit(staff).json["category"] is None
    listed = staff.get("/api/v1/ideas?scope=mine").json["items"]
    assert [i["category"] for i in listed] == [None, {"id": categories["food"]["id"],
                                                      "name": "Kost"}]
    assert staff.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    assert staff.get(f"/api/v1/ideas/{created.json['id']}").json["category"]["name"] == "Food"


@pytest.mark.parametrize("category", ["old", "unknown", "not-a-uuid", "foreign"])
def test_an_unchoosable_category_refuses_the_idea(category, as_user, org, categories, make_unit,
                                                  app):
    staff = as_user("staff", unit=org["north"])
    if category == "foreign":
        theirs = as_user("admin", unit=make_unit("Grannkommun")).post(
            "/api/v1/categories", json={"name": "Deras"}).json
    chosen = {"old": lambda: categories["old"]["id"], "unknown": lambda: str(uuid.uuid4()),
              "not-a-uuid": lambda: "kost", "foreign": lambda: theirs["id"]}[category]()
    response = _submit(staff, chosen)
    assert response.status_code == 422, response.json
    assert count_rows(app, Idea) == 0


def test_a_category_with_a_unit_routes_the_idea_to_its_handlers(as_user, org, categories, app):
    cleaning_handler = as_user("handler", unit=org["cleaning"])
    south_handler = as_user("handler", unit=org["south"])
    north_handler = as_user("handler", unit=org["north"])
    staff = as_user("staff", unit=org["north"])
    routed = _submit(staff, categories["hygiene"]["id"], anonymous="true").json
    plain = _submit(staff, categories["food"]["id"], description="Frukt på morgonen").json

    # Notified of the new idea as the unit's own handlers are; the unit of the other is not.
    with app.app_context():
        told = {(n.user_id, n.idea_id) for n in Idea.query.session.scalars(
            select(Notification).where(Notification.kind == "new_idea"))}
    assert (cleaning_handler.user.id, uuid.UUID(routed["id"])) in told
    assert (north_handler.user.id, uuid.UUID(routed["id"])) in told
    assert (cleaning_handler.user.id, uuid.UUID(plain["id"])) not in told
    assert not {i for u, i in told if u == south_handler.user.id}

    # They see it among their unit's ideas and can act on it; the anonymous submitter stays
    # known only to the handlers of the idea's own unit, whom the submitter chose it for.
    feed = cleaning_handler.get("/api/v1/ideas?scope=unit").json["items"]
    assert [i["id"] for i in feed] == [routed["id"]]
    assert feed[0]["submitter"] is None
    assert north_handler.get(f"/api/v1/ideas/{routed['id']}").json["submitter"]["id"] == str(
        staff.user.id)
    within = cleaning_handler.get(f"/api/v1/ideas?unit_id={org['cleaning'].id}").json["items"]
    assert [i["id"] for i in within] == [routed["id"]]
    detail = cleaning_handler.get(f"/api/v1/ideas/{routed['id']}").json
    assert detail["submitter"] is None
    assert str(staff.user.id) not in str(detail)
    assert detail["allowed_transitions"] == ["acknowledged", "declined"]
    moved = cleaning_handler.post(f"/api/v1/ideas/{routed['id']}/status",
                                  json={"status": "acknowledged", "note": "Vi tar den"})
    assert moved.status_code == 200, moved.json

    # The routing ends with the category: the plain idea is not theirs, nor the others'.
    refused = cleaning_handler.post(f"/api/v1/ideas/{plain['id']}/status",
                                    json={"status": "acknowledged"})
    assert refused.status_code == 403
    assert south_handler.post(f"/api/v1/ideas/{routed['id']}/status",
                              json={"status": "in_review"}).status_code == 403
    assert south_handler.get(f"/api/v1/ideas/{routed['id']}").json["submitter"] is None
    assert south_handler.get("/api/v1/ideas?scope=unit").json["items"] == []


def test_a_handler_changes_the_category_and_the_history_keeps_each_edit(
        as_user, org, categories, app):
    staff = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    idea = _submit(staff, categories["food"]["id"]).json
    # The submitter may change their own words and photos, not the category.
    assert staff.get(f"/api/v1/ideas/{idea['id']}").json["can_edit"] == [
        "title", "description", "photos"]
    assert handler.get(f"/api/v1/ideas/{idea['id']}").json["can_edit"] == ["category_id", "assignee_id", "due_date"]

    changed = handler.patch(f"/api/v1/ideas/{idea['id']}",
                            json={"category_id": categories["hygiene"]["id"]})
    assert changed.status_code == 200, changed.json
    assert changed.json["category"] == {"id": categories["hygiene"]["id"], "name": "Hygien"}
    cleared = handler.patch(f"/api/v1/ideas/{idea['id']}", json={"category_id": None}).json
    assert cleared["category"] is None
    # The same value again is no edit.
    assert handler.patch(f"/api/v1/ideas/{idea['id']}",
                         json={"category_id": None}).status_code == 200
    edits = handler.get(f"/api/v1/ideas/{idea['id']}").json["edits"]
    assert [e["changes"] for e in edits] == [
        [{"field": "category", "from": "Kost", "to": "Hygien"}],
        [{"field": "category", "from": "Hygien", "to": None}]]
    assert {e["actor"]["id"] for e in edits} == {str(handler.user.id)}
    assert count_rows(app, IdeaEdit) == 2
    assert staff.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    shown = staff.get(f"/api/v1/ideas/{idea['id']}").json["edits"][0]["changes"]
    assert shown == [{"field": "category", "from": "Food", "to": "Hygiene"}]


@pytest.mark.parametrize("who", ["staff", "submitter", "other_handler"])
def test_only_the_idea_s_handlers_change_its_category(who, as_user, org, categories, app):
    submitter = as_user("staff", unit=org["north"])
    idea = _submit(submitter, categories["food"]["id"]).json
    client = {"staff": lambda: as_user("staff", unit=org["north"]),
              "submitter": lambda: submitter,
              "other_handler": lambda: as_user("handler", unit=org["south"])}[who]()
    response = client.patch(f"/api/v1/ideas/{idea['id']}",
                            json={"category_id": categories["hygiene"]["id"]})
    assert response.status_code == 403
    assert submitter.get(f"/api/v1/ideas/{idea['id']}").json["category"]["name"] == "Kost"
    assert count_rows(app, IdeaEdit) == 0


@pytest.mark.parametrize("body", [{}, {"category_id": "kost"}, {"category_id": str(uuid.uuid4())},
                                  {"status": "approved"}, "old", "foreign"])
def test_a_bad_edit_changes_nothing(body, as_user, org, categories, make_unit, app):
    staff = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    idea = _submit(staff, categories["food"]["id"]).json
    if body == "old":
        body = {"category_id": categories["old"]["id"]}
    elif body == "foreign":
        theirs = as_user("admin", unit=make_unit("Grannkommun")).post(
            "/api/v1/categories", json={"name": "Deras"}).json
        body = {"category_id": theirs["id"]}
    response = handler.patch(f"/api/v1/ideas/{idea['id']}", json=body)
    assert response.status_code == 422, response.json
    after = handler.get(f"/api/v1/ideas/{idea['id']}").json
    assert (after["category"]["name"], after["edits"], after["updated_at"]) == (
        "Kost", [], idea["updated_at"])
    assert count_rows(app, IdeaEdit) == 0


def test_another_organisation_cannot_edit_the_idea(as_user, org, categories, make_unit):
    staff = as_user("staff", unit=org["north"])
    idea = _submit(staff, categories["food"]["id"]).json
    stranger = as_user("admin", unit=make_unit("Grannkommun"))
    response = stranger.patch(f"/api/v1/ideas/{idea['id']}", json={"category_id": None})
    assert response.status_code == 404
    assert staff.get(f"/api/v1/ideas/{idea['id']}").json["category"]["name"] == "Kost"


def test_the_feed_filters_by_category_with_the_other_filters(as_user, org, categories, make_unit):
    staff = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    food = [_submit(staff, categories["food"]["id"], description=f"Frukt {n}").json
            for n in range(3)]
    _submit(staff, categories["hygiene"]["id"], description="Frukt och tvål")
    _submit(staff, description="Frukt utan kategori")
    handler.post(f"/api/v1/ideas/{food[0]['id']}/status", json={"status": "acknowledged"})

    def ids(**params):
        response = staff.get("/api/v1/ideas", query_string={"scope": "org", **params})
        assert response.status_code == 200, response.json
        return [i["id"] for i in response.json["items"]]

    food_id = categories["food"]["id"]
    assert ids(category_id=food_id) == [f["id"] for f in reversed(food)]
    assert ids(category_id=food_id, status="acknowledged") == [food[0]["id"]]
    assert ids(category_id=food_id, q="frukt", sort="top") == [f["id"] for f in reversed(food)]
    assert ids(category_id=food_id, unit_id=str(org["south"].id)) == []
    first = staff.get("/api/v1/ideas", query_string={"category_id": food_id, "limit": 2,
                                                      "scope": "org"}).json
    rest = staff.get("/api/v1/ideas", query_string={"category_id": food_id, "limit": 2,
                                                     "scope": "org",
                                                     "cursor": first["next_cursor"]}).json
    assert [i["id"] for i in first["items"] + rest["items"]] == [f["id"] for f in reversed(food)]
    theirs = as_user("admin", unit=make_unit("Grannkommun")).post(
        "/api/v1/categories", json={"name": "Deras"}).json
    for bad in (theirs["id"], str(uuid.uuid4()), "kost"):
        assert staff.get("/api/v1/ideas", query_string={"category_id": bad}).status_code == 422
