"""The open invitations of one's units: listed without their tokens, and revoked."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from server.auth.models import Invitation
from server.extensions import db
from server.timestamps import utcnow

API = "/api/v1"


@pytest.fixture
def stranger_admin(as_user, make_unit):
    return as_user("admin", unit=make_unit("Grannkommun"))


def _invite(client, unit, **fields) -> dict:
    response = client.post(f"{API}/invitations", json={"unit_id": str(unit.id), **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _listed(client, query: str = "") -> list[dict]:
    response = client.get(f"{API}/invitations{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def _ids(items) -> list[str]:
    return [item["id"] for item in items]


def test_an_administrator_lists_the_organisation_s_open_invitations_newest_first(
        admin, handler, stranger_admin, org, as_user):
    colleague = as_user("staff", unit=org["north"], name="Kim Kollega")
    first = _invite(admin, org["cleaning"], display_name="Sara")
    second = _invite(handler, org["north"], max_uses=20)
    third = _invite(handler, org["north"], user_id=str(colleague.user.id))
    theirs = _invite(stranger_admin, stranger_admin.user.unit)

    items = _listed(admin)
    assert _ids(items) == [third["id"], second["id"], first["id"]]
    assert theirs["id"] not in _ids(items)
    by_id = {item["id"]: item for item in items}
    assert by_id[first["id"]]["unit"] == {"id": str(org["cleaning"].id), "name": "Lokalvård"}
    assert by_id[first["id"]]["display_name"] == "Sara"
    assert by_id[first["id"]]["created_by"] == {"id": str(admin.user.id),
                                                 "display_name": "Adam Admin"}
    assert by_id[first["id"]]["recovery_for"] is None
    # A poster names nobody: an empty name, never null for a screen to print.
    assert by_id[second["id"]]["display_name"] == ""
    assert (by_id[second["id"]]["max_uses"], by_id[second["id"]]["use_count"]) == (20, 0)
    assert by_id[third["id"]]["recovery_for"] == {"id": str(colleague.user.id),
                                                   "display_name": "Kim Kollega"}
    assert by_id[third["id"]]["role"] == "staff"
    assert by_id[first["id"]]["expires_at"] > by_id[first["id"]]["created_at"]


def test_a_handler_sees_only_the_invitations_of_their_units(admin, handler, org, as_user):
    ours = _invite(admin, org["north"])
    other_handler = as_user("handler", unit=org["cleaning"])
    theirs = _invite(other_handler, org["cleaning"])
    above = _invite(admin, org["care"])
    assert _ids(_listed(handler)) == [ours["id"]]
    assert _ids(_listed(other_handler)) == [theirs["id"]]
    assert above["id"] in _ids(_listed(admin))


def test_the_list_never_carries_a_token(admin, handler, org):
    tokens = [_invite(handler, org["north"])["token"],
              _invite(admin, org["cleaning"], max_uses=5)["token"]]
    response = admin.get(f"{API}/invitations")
    text = response.get_data(as_text=True)
    assert "token" not in text
    for token in tokens:
        assert token not in text
    with admin.application.app_context():
        hashes = [h for h in db.session.scalars(db.select(Invitation.token_hash))]
        db.session.remove()
    assert hashes and not any(h in text for h in hashes)


def test_only_open_invitations_are_listed(app, admin, handler, org, new_client):
    used = _invite(handler, org["north"])
    assert new_client().post(f"{API}/invitations/{used['token']}/redeem",
                             json={"display_name": "Anna"}).status_code == 201
    expired = _invite(handler, org["north"])
    revoked = _invite(handler, org["north"])
    assert admin.delete(f"{API}/invitations/{revoked['id']}").status_code == 204
    dead = _invite(handler, org["north"])
    still_open = _invite(admin, org["north"])
    with app.app_context():
        db.session.get(Invitation, uuid.UUID(expired["id"])).expires_at = utcnow() - timedelta(
            minutes=1)
        db.session.commit()
    # The handler who made `dead` is made staff: it is no longer open, nor listed.
    assert admin.patch(f"{API}/users/{handler.user.id}", json={"role": "staff"}).status_code == 200
    assert _ids(_listed(admin)) == [still_open["id"]]
    assert dead["id"] not in _ids(_listed(admin))


def test_the_list_filters_by_unit_and_its_sub_units(admin, handler, org):
    north = _invite(admin, org["north"])
    south = _invite(admin, org["south"])
    cleaning = _invite(admin, org["cleaning"])
    assert set(_ids(_listed(admin, f"?unit_id={org['care'].id}"))) == {north["id"], south["id"]}
    assert _ids(_listed(admin, f"?unit_id={org['cleaning'].id}")) == [cleaning["id"]]
    assert _ids(_listed(handler, f"?unit_id={org['north'].id}")) == [north["id"]]
    # Units that are not the handler's, or not anyone's, are 404 alike.
    assert handler.get(f"{API}/invitations?unit_id={org['cleaning'].id}").status_code == 404
    assert handler.get(f"{API}/invitations?unit_id={uuid.uuid4()}").status_code == 404
    assert admin.get(f"{API}/invitations?unit_id=not-a-unit").status_code == 422


def test_an_administrator_cannot_list_another_organisation_s_unit(admin, stranger_admin):
    theirs = stranger_admin.user.unit
    _invite(stranger_admin, theirs)
    assert admin.get(f"{API}/invitations?unit_id={theirs.id}").status_code == 404


def test_the_list_is_paged_with_a_cursor(admin, org):
    made = [_invite(admin, org["north"], display_name=f"Person {n}")["id"] for n in range(5)]
    seen, cursor = [], None
    for _ in range(5):
        query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = admin.get(f"{API}/invitations{query}").get_json()
        assert len(body["items"]) <= 2
        seen += _ids(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(made))
    bad = admin.get(f"{API}/invitations?cursor=not-a-cursor")
    assert bad.status_code == 422
    assert bad.get_json()["error"]["code"] == "invalid_cursor"


def test_a_page_is_full_even_when_dead_invitations_sit_between_open_ones(admin, as_user, org):
    made = []
    for n in range(4):
        creator = as_user("handler", unit=org["north"])
        made.append((creator, _invite(creator, org["north"])["id"]))
        made.append((admin, _invite(admin, org["north"])["id"]))
    for creator, _ in made[::2]:
        admin.patch(f"{API}/users/{creator.user.id}", json={"active": False})
    body = admin.get(f"{API}/invitations?limit=3").get_json()
    assert _ids(body["items"]) == [made[7][1], made[5][1], made[3][1]]
    rest = admin.get(f"{API}/invitations?limit=3&cursor={body['next_cursor']}").get_json()
    assert _ids(rest["items"]) == [made[1][1]]
    assert rest["next_cursor"] is None


def test_staff_may_neither_list_nor_revoke(as_user, admin, org):
    staff = as_user("staff", unit=org["north"])
    invitation = _invite(admin, org["north"])
    assert staff.get(f"{API}/invitations").status_code == 403
    assert staff.delete(f"{API}/invitations/{invitation['id']}").status_code == 403
    assert _ids(_listed(admin)) == [invitation["id"]]


# --- revoking -------------------------------------------------------------------------

def test_the_creation_answer_names_the_invitation_to_revoke(admin, org):
    created = _invite(admin, org["north"])
    assert _ids(_listed(admin)) == [created["id"]]


def test_a_revoked_invitation_is_refused_everywhere(admin, org, new_client):
    created = _invite(admin, org["north"], max_uses=10)
    token = created["token"]
    assert new_client().get(f"{API}/invitations/{token}/poster").status_code == 200
    assert admin.delete(f"{API}/invitations/{created['id']}").status_code == 204
    anyone = new_client()
    assert anyone.get(f"{API}/invitations/{token}").get_json()["valid"] is False
    assert anyone.get(f"{API}/invitations/{token}/qr.svg").status_code == 410
    assert anyone.get(f"{API}/invitations/{token}/poster").status_code == 410
    redeemed = anyone.post(f"{API}/invitations/{token}/redeem", json={"display_name": "Anna"})
    assert redeemed.status_code == 410
    assert redeemed.get_json()["error"]["code"] == "invitation_unusable"
    assert anyone.get(f"{API}/me").status_code == 401
    assert _listed(admin) == []
    # Sent again (a phone's queue replaying it), the answer is the same.
    assert admin.delete(f"{API}/invitations/{created['id']}").status_code == 204


def test_a_revoked_recovery_leaves_the_person_signed_in(admin, as_user, org, new_client):
    colleague = as_user("staff", unit=org["north"])
    created = _invite(admin, org["north"], user_id=str(colleague.user.id))
    assert admin.delete(f"{API}/invitations/{created['id']}").status_code == 204
    assert new_client().post(f"{API}/invitations/{created['token']}/redeem",
                             json={}).status_code == 410
    assert colleague.get(f"{API}/me").status_code == 200


def test_a_handler_revokes_in_their_units_only(admin, handler, org, app):
    ours = _invite(admin, org["north"])
    theirs = _invite(admin, org["cleaning"])
    assert handler.delete(f"{API}/invitations/{theirs['id']}").status_code == 404
    assert handler.delete(f"{API}/invitations/{ours['id']}").status_code == 204
    assert _ids(_listed(admin)) == [theirs["id"]]
    with app.app_context():
        assert db.session.get(Invitation, uuid.UUID(theirs["id"])).revoked_at is None
        db.session.remove()


def test_another_organisation_s_invitation_cannot_be_revoked_or_told_apart(
        admin, stranger_admin, app):
    theirs = _invite(stranger_admin, stranger_admin.user.unit)
    missing = admin.delete(f"{API}/invitations/{uuid.uuid4()}")
    refused = admin.delete(f"{API}/invitations/{theirs['id']}")
    assert refused.status_code == missing.status_code == 404
    assert refused.get_json() == missing.get_json()
    with app.app_context():
        assert db.session.get(Invitation, uuid.UUID(theirs["id"])).revoked_at is None
        db.session.remove()
    assert _ids(_listed(stranger_admin)) == [theirs["id"]]


@pytest.mark.parametrize("bad", ["not-a-uuid", "12345", "%00", "x" * 300,
                                 "00000000-0000-0000-0000-000000000000"])
def test_a_bad_invitation_id_is_404(admin, bad):
    response = admin.delete(f"{API}/invitations/{bad}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_token_is_not_an_id_to_revoke_by(admin, org, new_client):
    created = _invite(admin, org["north"])
    assert admin.delete(f"{API}/invitations/{created['token']}").status_code == 404
    assert new_client().get(f"{API}/invitations/{created['token']}").get_json()["valid"] is True


def test_revoking_needs_a_signed_in_caller(admin, org, new_client):
    created = _invite(admin, org["north"])
    assert new_client().delete(f"{API}/invitations/{created['id']}").status_code == 401
    assert new_client().get(f"{API}/invitations").status_code == 401
    assert _ids(_listed(admin)) == [created["id"]]
