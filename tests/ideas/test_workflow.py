"""The status workflow, and who may move an idea."""
import itertools

import pytest

from server.ideas.workflow import STATUSES, TRANSITIONS

ALLOWED = {
    ("submitted", "acknowledged"), ("submitted", "declined"),
    ("acknowledged", "in_review"), ("acknowledged", "approved"), ("acknowledged", "declined"),
    ("in_review", "approved"), ("in_review", "declined"),
    ("approved", "implemented"), ("approved", "declined"),
    ("declined", "in_review"),
}
# A path from "submitted" to each status, using only allowed moves.
ROUTE = {
    "submitted": [],
    "acknowledged": ["acknowledged"],
    "in_review": ["acknowledged", "in_review"],
    "approved": ["acknowledged", "approved"],
    "implemented": ["acknowledged", "approved", "implemented"],
    "declined": ["declined"],
    "merged": [],  # merged into another idea below, never moved there by a status change
}


def test_the_definition_is_exactly_the_designed_one():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.fixture
def idea_in(as_user, post_idea, org):
    handler = as_user("handler", unit=org["care"])

    def make(status: str):
        idea = post_idea(as_user(unit=org["north"])).json
        for step in ROUTE[status]:
            response = handler.post(f"/api/v1/ideas/{idea['id']}/status",
                                    json={"status": step, "note": "Steg"})
            assert response.status_code == 200, response.json
        if status == "merged":
            kept = post_idea(as_user(unit=org["north"])).json
            response = handler.post(f"/api/v1/ideas/{idea['id']}/merge", json={"into": kept["id"]})
            assert response.status_code == 200, response.json
        return idea["id"], handler
    return make


@pytest.mark.parametrize("source,target", list(itertools.product(STATUSES, STATUSES)))
def test_every_move_is_allowed_or_409(idea_in, source, target):
    idea_id, handler = idea_in(source)
    response = handler.post(f"/api/v1/ideas/{idea_id}/status",
                            json={"status": target, "note": "En anledning"})
    if (source, target) in ALLOWED:
        assert response.status_code == 200, response.json
        assert response.json["status"] == target
    else:
        assert response.status_code == 409
        assert response.json["error"]["code"] == "illegal_transition"
        after = handler.get(f"/api/v1/ideas/{idea_id}").json
        assert after["status"] == source


def test_declining_needs_a_reason(idea_in):
    idea_id, handler = idea_in("submitted")
    response = handler.post(f"/api/v1/ideas/{idea_id}/status", json={"status": "declined"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "reason_required"
    blank = handler.post(f"/api/v1/ideas/{idea_id}/status",
                         json={"status": "declined", "note": "   "})
    assert blank.status_code == 422


def test_every_change_is_recorded_with_who_when_and_note(idea_in):
    idea_id, handler = idea_in("approved")
    history = handler.get(f"/api/v1/ideas/{idea_id}").json["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "submitted"), ("submitted", "acknowledged"), ("acknowledged", "approved")]
    assert all(h["created_at"] for h in history)
    assert history[1]["actor"]["id"] == str(handler.user.id)
    assert history[1]["note"] == "Steg"


@pytest.mark.parametrize("role,unit,expected", [
    ("staff", "north", 403),        # the idea's own unit, but not a handler
    ("handler", "south", 403),      # a handler of a sibling unit
    ("handler", "cleaning", 403),   # a handler in another administration
    ("handler", "north", 200),      # a handler of the idea's unit
    ("handler", "care", 200),       # a handler of a parent unit
    ("handler", "root", 200),       # a handler of the municipality
    ("admin", "cleaning", 200),     # an admin acts in the whole organisation
])
def test_who_may_change_status(as_user, post_idea, org, role, unit, expected):
    idea = post_idea(as_user(unit=org["north"])).json
    client = as_user(role, unit=org[unit])
    response = client.post(f"/api/v1/ideas/{idea['id']}/status",
                           json={"status": "acknowledged", "note": "Tack!"})
    assert response.status_code == expected
    detail = client.get(f"/api/v1/ideas/{idea['id']}").json
    assert bool(detail["allowed_transitions"]) == (expected == 200)


def test_an_admin_of_another_organisation_cannot_see_or_change(as_user, post_idea, make_unit):
    idea = post_idea(as_user()).json
    stranger = as_user("admin", unit=make_unit("Grannkommun"))
    assert stranger.get(f"/api/v1/ideas/{idea['id']}").status_code == 404
    response = stranger.post(f"/api/v1/ideas/{idea['id']}/status",
                             json={"status": "acknowledged", "note": ""})
    assert response.status_code == 404


def test_unknown_status_is_422(idea_in):
    idea_id, handler = idea_in("submitted")
    response = handler.post(f"/api/v1/ideas/{idea_id}/status", json={"status": "done"})
    assert response.status_code == 422
    assert "status" in response.json["error"]["message"]
