"""Keeping categories: only administrators write, only the own organisation's, bad input changes nothing."""
from __future__ import annotations

import uuid

import pytest

from server.categories.models import Category
from tests.conftest import count_rows


def _create(client, **body):
    return client.post("/api/v1/categories", json=body)


def _names(client, **params):
    response = client.get("/api/v1/categories", query_string=params)
    assert response.status_code == 200, response.json
    return [c["name"] for c in response.json["items"]]


@pytest.fixture
def admin(as_user, org):
    return as_user("admin", unit=org["root"])


def test_admin_keeps_categories_and_everyone_reads_the_active_ones(admin, as_user, org):
    created = _create(admin, name="  Hygien ", name_en="Hygiene",
                      unit_id=str(org["cleaning"].id))
    assert created.status_code == 201, created.json
    assert created.json | {"id": None} == {
        "id": None, "name": "Hygien", "name_en": "Hygiene", "label": "Hygien",
        "unit_id": str(org["cleaning"].id),
        "unit": {"id": str(org["cleaning"].id), "name": "Lokalvård"}, "active": True}
    _create(admin, name="Arbetsmiljö")
    old = _create(admin, name="Gammal", active=False).json
    staff = as_user("staff", unit=org["north"])
    assert _names(staff) == ["Arbetsmiljö", "Hygien"]
    assert _names(admin, include_inactive="true") == ["Arbetsmiljö", "Gammal", "Hygien"]

    changed = admin.patch(f"/api/v1/categories/{created.json['id']}",
                          json={"name": "Hygien och städ", "unit_id": None})
    assert changed.status_code == 200, changed.json
    assert (changed.json["name"], changed.json["unit_id"], changed.json["name_en"]) == (
        "Hygien och städ", None, "Hygiene")
    assert admin.patch(f"/api/v1/categories/{old['id']}",
                       json={"active": True}).json["active"] is True
    assert admin.delete(f"/api/v1/categories/{old['id']}").status_code == 204
    assert _names(staff) == ["Arbetsmiljö", "Hygien och städ"]


def test_names_are_in_the_reader_s_language(admin, as_user, org):
    _create(admin, name="Kost", name_en="Food")
    _create(admin, name="Miljö")
    reader = as_user("staff", unit=org["north"])
    assert reader.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    items = reader.get("/api/v1/categories").json["items"]
    assert [(c["label"], c["name"]) for c in items] == [("Food", "Kost"), ("Miljö", "Miljö")]


@pytest.mark.parametrize("role", ["staff", "handler"])
def test_only_administrators_write(role, admin, as_user, org, app):
    category = _create(admin, name="Kost").json
    other = as_user(role, unit=org["north"])
    assert _create(other, name="Egen").status_code == 403
    assert other.patch(f"/api/v1/categories/{category['id']}",
                       json={"name": "Ändrad"}).status_code == 403
    assert other.delete(f"/api/v1/categories/{category['id']}").status_code == 403
    assert count_rows(app, Category) == 1
    assert _names(admin, include_inactive="true") == ["Kost"]


def test_another_organisation_s_categories_and_units_are_out_of_reach(
        admin, as_user, make_unit, org, app):
    other_root = make_unit("Grannkommun")
    other_admin = as_user("admin", unit=other_root)
    theirs = _create(other_admin, name="Deras").json
    _create(admin, name="Vår")
    assert _names(admin, include_inactive="true") == ["Vår"]
    assert admin.patch(f"/api/v1/categories/{theirs['id']}",
                       json={"name": "Kapad"}).status_code == 404
    assert admin.delete(f"/api/v1/categories/{theirs['id']}").status_code == 404
    refused = _create(admin, name="Ny", unit_id=str(other_root.id))
    assert (refused.status_code, refused.json["error"]["code"]) == (422, "unknown_unit")
    assert _names(other_admin) == ["Deras"]
    assert count_rows(app, Category) == 2


@pytest.mark.parametrize("body", [
    {"name": ""}, {"name": "   "}, {"name": "x" * 81}, {"name": "Bra", "name_en": "y" * 81},
    {"name": "Bra", "unit_id": "not-a-uuid"}, {"name": "Bra", "unit_id": str(uuid.uuid4())},
    {"name": "Bra", "active": "kanske"}, {"name": "Bra\u0000"}, {"name_en": "Only English"},
    {"name": ["Bra"]},
])
def test_bad_input_is_refused_and_changes_nothing(body, admin, app):
    response = _create(admin, **body)
    assert response.status_code == 422, response.json
    assert count_rows(app, Category) == 0


@pytest.mark.parametrize("body", [{"name": ""}, {"unit_id": str(uuid.uuid4())},
                                  {"active": None}, {"name_en": "z" * 81}])
def test_a_bad_change_changes_nothing(body, admin):
    category = _create(admin, name="Kost", name_en="Food").json
    response = admin.patch(f"/api/v1/categories/{category['id']}", json=body)
    assert response.status_code == 422, response.json
    assert admin.get("/api/v1/categories").json["items"] == [category]


def test_names_are_unique_in_the_organisation_whatever_their_case(admin, as_user, make_unit, app):
    first = _create(admin, name="Kost").json
    second = _create(admin, name="Miljö").json
    again = _create(admin, name="KOST")
    assert (again.status_code, again.json["error"]["code"]) == (409, "category_exists")
    renamed = admin.patch(f"/api/v1/categories/{second['id']}", json={"name": "kost"})
    assert renamed.status_code == 409
    # Å, Ä and Ö fold too, though SQLite's lower() folds only ASCII.
    assert _create(admin, name="Äldreomsorg").status_code == 201
    shouted = _create(admin, name="ÄLDREOMSORG")
    assert (shouted.status_code, shouted.json["error"]["code"]) == (409, "category_exists")
    # A name pasted with a combining diaeresis is the same name.
    pasted = _create(admin, name="A\u0308ldreomsorg")
    assert (pasted.status_code, pasted.json["error"]["code"]) == (409, "category_exists")
    # Renaming a category to its own name in another case is no clash with itself.
    assert admin.patch(f"/api/v1/categories/{second['id']}",
                       json={"name": "MILJÖ"}).status_code == 200
    assert admin.patch(f"/api/v1/categories/{second['id']}",
                       json={"name": "Miljö"}).status_code == 200
    # Another organisation may use the same name.
    other_admin = as_user("admin", unit=make_unit("Grannkommun"))
    assert _create(other_admin, name="Kost").status_code == 201
    assert _names(admin) == ["Kost", "Miljö", "Äldreomsorg"]
    assert first["name"] == "Kost"


def test_an_archived_unit_cannot_be_routed_to(admin, org, app):
    assert admin.patch(f"/api/v1/units/{org['cleaning'].id}",
                       json={"archived": True}).status_code == 200
    refused = _create(admin, name="Städ", unit_id=str(org["cleaning"].id))
    assert (refused.status_code, refused.json["error"]["code"]) == (422, "unit_archived")
    assert count_rows(app, Category) == 0


def test_a_category_in_use_is_deactivated_not_deleted(admin, as_user, org, app):
    category = _create(admin, name="Kost").json
    staff = as_user("staff", unit=org["north"])
    idea = staff.post("/api/v1/ideas", data={"description": "Mer frukt",
                                             "category_id": category["id"]},
                      content_type="multipart/form-data")
    assert idea.status_code == 201, idea.json
    refused = admin.delete(f"/api/v1/categories/{category['id']}")
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "category_in_use")
    assert count_rows(app, Category) == 1
    assert admin.patch(f"/api/v1/categories/{category['id']}",
                       json={"active": False}).status_code == 200
    # Off the picker, still on the idea.
    assert _names(staff) == []
    shown = staff.get(f"/api/v1/ideas/{idea.json['id']}").json
    assert shown["category"] == {"id": category["id"], "name": "Kost"}
