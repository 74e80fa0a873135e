"""Users through the administration API: roles, units, deactivation, visibility."""

import re


def _names(response):
    assert response.status_code == 200, response.json
    return [u["display_name"] for u in response.json["items"]]


def test_admin_lists_users_of_the_organisation_by_name(as_user, make_user, org, make_unit):
    admin = as_user("admin", unit=org["root"], name="Åsa Admin")
    make_user("staff", unit=org["north"], name="bertil")
    make_user("handler", unit=org["cleaning"], name="Anna")
    make_user("staff", unit=make_unit("Grannkommun"), name="Utomstående")
    assert _names(admin.get("/api/v1/users")) == ["Anna", "bertil", "Åsa Admin"]


def test_users_are_filtered_by_unit_subtree_name_and_role(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"], name="Admin")
    make_user("staff", unit=org["north"], name="Nils Norr")
    make_user("handler", unit=org["south"], name="Sara Söder")
    make_user("staff", unit=org["cleaning"], name="Lena Lokal")
    assert _names(admin.get("/api/v1/users", query_string={"unit_id": org["care"].id})) == [
        "Nils Norr", "Sara Söder"]
    assert _names(admin.get("/api/v1/users", query_string={"q": "SÖD"})) == ["Sara Söder"]
    assert _names(admin.get("/api/v1/users", query_string={"q": "%"})) == []
    assert _names(admin.get("/api/v1/users", query_string={"role": "handler"})) == ["Sara Söder"]


def test_users_are_paged_with_a_cursor(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"], name="A0")
    for i in range(1, 6):
        make_user("staff", unit=org["north"], name=f"A{i}")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = admin.get("/api/v1/users", query_string=params)
        seen += _names(response)
        cursor = response.json["next_cursor"]
        if not cursor:
            break
    assert seen == [f"A{i}" for i in range(6)]
    assert admin.get("/api/v1/users", query_string={"cursor": "nonsense"}).status_code == 422


def test_paging_and_search_fold_swedish_capitals_as_the_database_sorts(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"], name="Admin")
    names = ["Åsa Åberg", "Örjan Öst", "Ärla Äng", "Straße", "Strasse", "Östen", "åke"]
    for name in names:
        make_user("staff", unit=org["north"], name=name)
    everyone = _names(admin.get("/api/v1/users", query_string={"limit": 200}))
    seen, cursor = [], None
    while True:
        response = admin.get("/api/v1/users", query_string={
            "limit": 2, **({"cursor": cursor} if cursor else {})})
        seen += _names(response)
        cursor = response.json["next_cursor"]
        if not cursor:
            break
    assert seen == everyone and sorted(seen) == sorted(names + ["Admin"])
    assert _names(admin.get("/api/v1/users", query_string={"q": "åsa"})) == ["Åsa Åberg"]
    assert _names(admin.get("/api/v1/users", query_string={"q": "ÖST"})) == ["Örjan Öst", "Östen"]


def test_the_list_says_when_someone_was_last_seen(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"], name="Admin")
    make_user("staff", unit=org["north"], name="Never Here")
    items = {u["display_name"]: u for u in admin.get("/api/v1/users").json["items"]}
    # Only the day: a time could be matched with an anonymous idea's arrival.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", items["Admin"]["last_seen_on"])
    assert items["Never Here"]["last_seen_on"] is None


def test_admin_changes_role_unit_and_name(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"])
    user = make_user("staff", unit=org["north"], name="Nils")
    response = admin.patch(f"/api/v1/users/{user.id}", json={
        "role": "handler", "unit_id": str(org["cleaning"].id), "display_name": "Nils N."})
    assert response.status_code == 200, response.json
    assert response.json["role"] == "handler"
    assert response.json["unit"] == {"id": str(org["cleaning"].id), "name": "Lokalvård"}
    assert response.json["display_name"] == "Nils N."


def test_deactivating_a_user_ends_their_sessions(as_user, org):
    admin = as_user("admin", unit=org["root"])
    staff = as_user("staff", unit=org["north"])
    assert staff.get("/api/v1/me").status_code == 200
    response = admin.patch(f"/api/v1/users/{staff.user.id}", json={"active": False})
    assert response.status_code == 200, response.json
    assert response.json["active"] is False
    assert response.json["deactivated_at"] is not None
    assert staff.get("/api/v1/me").status_code == 401
    response = admin.patch(f"/api/v1/users/{staff.user.id}", json={"active": True})
    assert response.json["active"] is True
    assert response.json["deactivated_at"] is None


def test_the_last_admin_cannot_demote_or_deactivate_themselves(as_user, make_user, org):
    admin = as_user("admin", unit=org["root"])
    for body in ({"role": "handler"}, {"active": False}):
        response = admin.patch(f"/api/v1/users/{admin.user.id}", json=body)
        assert response.status_code == 409
        assert response.json["error"]["code"] == "last_admin"
    make_user("admin", unit=org["service"], active=False)  # an inactive admin does not count
    assert admin.patch(f"/api/v1/users/{admin.user.id}",
                       json={"role": "staff"}).status_code == 409
    make_user("admin", unit=org["service"])
    response = admin.patch(f"/api/v1/users/{admin.user.id}", json={"role": "handler"})
    assert response.status_code == 200
    assert response.json["role"] == "handler"


def test_an_admin_of_another_organisation_does_not_count(as_user, make_user, org, make_unit):
    admin = as_user("admin", unit=org["root"])
    make_user("admin", unit=make_unit("Grannkommun"))
    response = admin.patch(f"/api/v1/users/{admin.user.id}", json={"active": False})
    assert response.status_code == 409


def test_a_user_cannot_be_placed_in_an_archived_unit(as_user, org):
    admin = as_user("admin", unit=org["root"])
    staff = as_user("staff", unit=org["north"])
    assert admin.patch(f"/api/v1/units/{org['cleaning'].id}",
                       json={"archived": True}).status_code == 200
    response = admin.patch(f"/api/v1/users/{staff.user.id}",
                           json={"unit_id": str(org["cleaning"].id)})
    assert response.status_code == 409


def test_staff_cannot_list_or_change_users(as_user, org):
    staff = as_user("staff", unit=org["north"])
    assert staff.get("/api/v1/users").status_code == 403
    assert staff.patch(f"/api/v1/users/{staff.user.id}", json={"role": "admin"}).status_code == 403


def test_handler_reads_only_the_people_of_their_units(as_user, make_user, org):
    handler = as_user("handler", unit=org["care"], name="Hanna")
    make_user("staff", unit=org["north"], name="Nils")
    other = make_user("staff", unit=org["cleaning"], name="Lena")
    assert _names(handler.get("/api/v1/users")) == ["Hanna", "Nils"]
    response = handler.get("/api/v1/users", query_string={"unit_id": org["cleaning"].id})
    assert response.status_code == 404
    response = handler.patch(f"/api/v1/users/{other.id}", json={"role": "staff"})
    assert response.status_code == 403


def test_users_of_another_organisation_are_invisible(as_user, make_user, org, make_unit):
    admin = as_user("admin", unit=org["root"])
    stranger = make_user("staff", unit=make_unit("Grannkommun"))
    response = admin.patch(f"/api/v1/users/{stranger.id}", json={"active": False})
    assert response.status_code == 404
    response = admin.patch(f"/api/v1/users/{admin.user.id}",
                           json={"unit_id": str(stranger.unit_id)})
    assert response.status_code == 404
