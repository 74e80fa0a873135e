"""The unit tree through the administration API."""
from server.admin.models import Unit
from server.extensions import db


def _units(client, **params):
    response = client.get("/api/v1/units", query_string=params)
    assert response.status_code == 200, response.json
    return {u["name"]: u for u in response.json["items"]}


def test_admin_lists_the_whole_tree_in_order_with_depths(as_user, org):
    admin = as_user("admin", unit=org["root"])
    items = admin.get("/api/v1/units").json["items"]
    assert [(u["name"], u["depth"]) for u in items] == [
        ("Testkommun", 0), ("Omsorg", 1), ("Hemtjänst Norr", 2), ("Hemtjänst Söder", 2),
        ("Service", 1), ("Lokalvård", 2)]


def test_targets_are_inherited_from_the_nearest_ancestor(as_user, org):
    admin = as_user("admin", unit=org["root"])
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"target_per_employee": 3.5})
    assert response.status_code == 200, response.json
    units = _units(admin)
    assert units["Testkommun"]["effective_target_per_employee"] == 2.0
    assert units["Omsorg"]["target_per_employee"] == 3.5
    assert units["Hemtjänst Norr"]["target_per_employee"] is None
    assert units["Hemtjänst Norr"]["effective_target_per_employee"] == 3.5
    assert units["Hemtjänst Norr"]["target_inherited"] is True
    assert units["Lokalvård"]["effective_target_per_employee"] == 2.0
    # Clearing the own target inherits again.
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"target_per_employee": None})
    assert response.json["effective_target_per_employee"] == 2.0
    assert _units(admin)["Hemtjänst Söder"]["effective_target_per_employee"] == 2.0


def test_admin_creates_and_renames_a_unit(as_user, org):
    admin = as_user("admin", unit=org["root"])
    response = admin.post("/api/v1/units", json={
        "name": "  Kök Väster ", "parent_id": str(org["service"].id), "headcount": 12})
    assert response.status_code == 201, response.json
    created = response.json
    assert created["name"] == "Kök Väster"
    assert created["parent_id"] == str(org["service"].id)
    assert created["depth"] == 2
    assert created["effective_target_per_employee"] == 2.0
    response = admin.patch(f"/api/v1/units/{created['id']}",
                           json={"name": "Kök Öster", "headcount": 14})
    assert response.json["name"] == "Kök Öster"
    assert response.json["headcount"] == 14


def test_a_unit_without_parent_goes_under_the_organisation(as_user, org):
    admin = as_user("admin", unit=org["root"])
    response = admin.post("/api/v1/units", json={"name": "Skola"})
    assert response.status_code == 201
    assert response.json["parent_id"] == str(org["root"].id)


def test_moving_a_unit_rewrites_the_paths_of_its_subtree(app, as_user, org, make_unit):
    deep = make_unit("Nattpatrull", parent=org["north"], headcount=4)
    admin = as_user("admin", unit=org["root"])
    response = admin.patch(f"/api/v1/units/{org['north'].id}",
                           json={"parent_id": str(org["service"].id)})
    assert response.status_code == 200, response.json
    assert response.json["parent_id"] == str(org["service"].id)
    with app.app_context():
        north = db.session.get(Unit, org["north"].id)
        night = db.session.get(Unit, deep.id)
        service = db.session.get(Unit, org["service"].id)
        assert north.path == f"{service.path}{north.id.hex}/"
        assert night.path == f"{north.path}{night.id.hex}/"
        assert service.contains(night)
        assert not db.session.get(Unit, org["care"].id).contains(night)
    items = admin.get("/api/v1/units").json["items"]
    assert [(u["name"], u["depth"]) for u in items] == [
        ("Testkommun", 0), ("Omsorg", 1), ("Hemtjänst Söder", 2),
        ("Service", 1), ("Hemtjänst Norr", 2), ("Nattpatrull", 3), ("Lokalvård", 2)]


def test_moving_a_unit_under_itself_or_its_sub_unit_is_refused(as_user, org):
    admin = as_user("admin", unit=org["root"])
    for target in ("care", "north"):
        response = admin.patch(f"/api/v1/units/{org['care'].id}",
                               json={"parent_id": str(org[target].id)})
        assert response.status_code == 409
        assert response.json["error"]["code"] == "cycle"


def test_the_top_unit_cannot_be_moved_or_archived(as_user, org):
    admin = as_user("admin", unit=org["root"])
    response = admin.patch(f"/api/v1/units/{org['root'].id}",
                           json={"parent_id": str(org["care"].id)})
    assert response.status_code == 409
    response = admin.patch(f"/api/v1/units/{org['root'].id}", json={"archived": True})
    assert response.status_code == 409


def test_moving_to_another_organisation_is_refused(as_user, org, make_unit):
    other = make_unit("Grannkommun")
    admin = as_user("admin", unit=org["root"])
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"parent_id": str(other.id)})
    assert response.status_code == 404


def test_archiving_takes_the_subtree_and_restoring_brings_it_back(as_user, org):
    admin = as_user("admin", unit=org["root"])
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"archived": True})
    assert response.status_code == 200, response.json
    assert response.json["archived"] is True
    assert set(_units(admin)) == {"Testkommun", "Service", "Lokalvård"}
    everything = _units(admin, include_archived="true")
    assert everything["Hemtjänst Norr"]["archived"] is True
    response = admin.post("/api/v1/units", json={"name": "X", "parent_id": str(org["care"].id)})
    assert response.status_code == 409
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"archived": False})
    assert response.json["archived"] is False
    assert _units(admin)["Hemtjänst Söder"]["archived"] is False


def test_a_unit_with_active_users_cannot_be_archived(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"])
    make_user("staff", unit=org["south"])
    response = admin.patch(f"/api/v1/units/{org['care'].id}", json={"archived": True})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "unit_has_users"


def test_negative_headcount_and_target_are_invalid(as_user, org):
    admin = as_user("admin", unit=org["root"])
    for body in ({"headcount": -1}, {"target_per_employee": -0.5}, {"name": ""}):
        response = admin.patch(f"/api/v1/units/{org['care'].id}", json=body)
        assert response.status_code == 422, body


def test_staff_cannot_see_units(as_user, org):
    staff = as_user("staff", unit=org["north"])
    assert staff.get("/api/v1/units").status_code == 403
    assert staff.patch(f"/api/v1/units/{org['north'].id}", json={"name": "X"}).status_code == 403


def test_handler_reads_only_their_own_subtree(as_user, org):
    handler = as_user("handler", unit=org["care"])
    items = handler.get("/api/v1/units").json["items"]
    assert [(u["name"], u["depth"]) for u in items] == [
        ("Omsorg", 1), ("Hemtjänst Norr", 2), ("Hemtjänst Söder", 2)]
    assert items[0]["effective_target_per_employee"] == 2.0
    assert handler.get(f"/api/v1/units/{org['north'].id}").status_code == 200
    assert handler.get(f"/api/v1/units/{org['cleaning'].id}").status_code == 404
    response = handler.patch(f"/api/v1/units/{org['north'].id}", json={"name": "X"})
    assert response.status_code == 403
    assert handler.post("/api/v1/units", json={"name": "X"}).status_code == 403


def test_another_organisation_is_invisible(as_user, org, make_unit):
    other = make_unit("Grannkommun")
    admin = as_user("admin", unit=org["root"])
    assert "Grannkommun" not in _units(admin)
    assert admin.get(f"/api/v1/units/{other.id}").status_code == 404
    assert admin.patch(f"/api/v1/units/{other.id}", json={"name": "X"}).status_code == 404
    response = admin.post("/api/v1/units", json={"name": "X", "parent_id": str(other.id)})
    assert response.status_code == 404
