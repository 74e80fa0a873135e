"""`flask gnista org create NAME`: a new organisation and its administrator's invitation."""
from __future__ import annotations

import re

from sqlalchemy import select

from server.admin.models import Unit


def _create(runner, name):
    return runner.invoke(args=["gnista", "org", "create", name])


def _join(new_client, result, display_name):
    token = re.search(r"http://localhost:5000/join/(\S+)", result.output).group(1)
    client = new_client()
    response = client.post(f"/api/v1/invitations/{token}/redeem",
                           json={"display_name": display_name})
    assert response.status_code == 201, response.get_json()
    return client, response.get_json()


def test_org_create_makes_a_root_unit_and_an_admin_invitation(runner, new_client, db_run):
    result = _create(runner, "Vetlanda kommun")
    assert result.exit_code == 0, result.output
    roots = db_run(lambda s: [(u.name, u.parent_id) for u in s.scalars(select(Unit))])
    assert roots == [("Vetlanda kommun", None)]
    admin, me = _join(new_client, result, "Vera")
    assert me["role"] == "admin" and me["unit"]["name"] == "Vetlanda kommun"
    assert admin.get("/api/v1/units").status_code == 200


def test_two_organisations_are_kept_apart(runner, new_client, post_idea):
    first, _ = _join(new_client, _create(runner, "Piteå kommun"), "Petra")
    second, _ = _join(new_client, _create(runner, "Motala kommun"), "Mats")
    idea = post_idea(first, description="Halkskydd vid entrén").get_json()
    assert second.get(f"/api/v1/ideas/{idea['id']}").status_code == 404
    assert second.get("/api/v1/ideas?scope=org").get_json()["items"] == []
    names = {u["name"] for u in second.get("/api/v1/units").get_json()["items"]}
    assert names == {"Motala kommun"}
    users = second.get("/api/v1/users").get_json()["items"]
    assert {u["display_name"] for u in users} == {"Mats"}


def test_a_taken_or_empty_name_is_refused_and_creates_nothing(runner, db_run):
    assert _create(runner, "Borås stad").exit_code == 0
    for name in ("borås stad", "  ", "x" * 201):
        result = _create(runner, name)
        assert result.exit_code != 0
        assert "Error" in result.output and "Traceback" not in result.output
    assert db_run(lambda s: len(s.scalars(select(Unit)).all())) == 1
