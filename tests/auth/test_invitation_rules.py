"""An invitation grants what its creator could grant when it was made, and no more.

Each test is a way an invitation once outlived or outgrew its creator's rights: the
person it re-admits was promoted since, or its creator was deactivated, demoted,
moved or erased. Command-line invitations have no creator and keep working.
"""
from __future__ import annotations

import re

import pytest

API = "/api/v1"


def _invite(client, unit, **fields) -> dict:
    response = client.post(f"{API}/invitations", json={"unit_id": str(unit.id), **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _change(admin, user, **fields) -> None:
    response = admin.patch(f"{API}/users/{user.id}", json=fields)
    assert response.status_code == 200, response.get_json()


def _join_token(output: str) -> str:
    """The token of the invitation link a command printed."""
    return re.search(r"/join/(\S+)", output).group(1)


def _redeem(new_client, token, name="Ny Kollega"):
    """Redeem on a fresh phone; returns the answer and that phone's client."""
    phone = new_client()
    return phone.post(f"{API}/invitations/{token}/redeem", json={"display_name": name}), phone


def _refused_everywhere(new_client, token) -> None:
    """The link is dead for every way in: look-up, QR code, poster and redeeming."""
    anyone = new_client()
    assert anyone.get(f"{API}/invitations/{token}").get_json()["valid"] is False
    assert anyone.get(f"{API}/invitations/{token}/qr.svg").status_code == 410
    assert anyone.get(f"{API}/invitations/{token}/poster").status_code == 410
    answer, phone = _redeem(new_client, token)
    assert answer.status_code == 410, answer.get_json()
    assert answer.get_json()["error"]["code"] == "invitation_unusable"
    assert phone.get(f"{API}/me").status_code == 401  # nobody was signed in


# --- re-admission (a lost phone) ------------------------------------------------------

def test_a_recovery_made_for_staff_does_not_sign_in_the_administrator_they_became(
        admin, handler, as_user, org, new_client):
    """The pentest's finding: a handler's old recovery link must not yield an admin session."""
    colleague = as_user("staff", unit=org["north"], name="Kim Kollega")
    recovery = _invite(handler, org["north"], user_id=str(colleague.user.id))
    _change(admin, colleague.user, role="admin")

    answer, phone = _redeem(new_client, recovery["token"])
    assert answer.status_code == 410
    assert answer.get_json()["error"]["code"] == "invitation_unusable"
    assert phone.get(f"{API}/me").status_code == 401
    assert phone.get(f"{API}/users").status_code == 401
    # The colleague's own session is untouched: a refused link ends nothing.
    assert colleague.get(f"{API}/me").get_json()["role"] == "admin"


def test_a_recovery_made_by_an_admin_stops_at_the_role_it_recorded(admin, as_user, org,
                                                                   new_client):
    colleague = as_user("staff", unit=org["north"])
    recovery = _invite(admin, org["north"], user_id=str(colleague.user.id))
    _change(admin, colleague.user, role="handler")
    _refused_everywhere(new_client, recovery["token"])


def test_a_recovery_still_works_for_someone_given_fewer_rights_since(admin, as_user, org,
                                                                     new_client):
    colleague = as_user("handler", unit=org["north"])
    recovery = _invite(admin, org["north"], user_id=str(colleague.user.id))
    _change(admin, colleague.user, role="staff")
    answer, phone = _redeem(new_client, recovery["token"])
    assert answer.status_code == 201
    assert phone.get(f"{API}/me").get_json()["role"] == "staff"


@pytest.mark.parametrize("role", ["handler", "admin"])
def test_a_handler_cannot_re_admit_a_handler_or_administrator(handler, as_user, org, role):
    colleague = as_user(role, unit=org["north"])
    response = handler.post(f"{API}/invitations", json={"unit_id": str(org["north"].id),
                                                         "user_id": str(colleague.user.id)})
    assert response.status_code == 403
    assert "token" not in response.get_json()


def test_a_handler_cannot_re_admit_staff_of_another_unit(handler, as_user, org):
    elsewhere = as_user("staff", unit=org["cleaning"])
    response = handler.post(f"{API}/invitations", json={"unit_id": str(org["north"].id),
                                                         "user_id": str(elsewhere.user.id)})
    assert response.status_code == 403


def test_an_administrator_re_admits_a_handler(admin, as_user, org, new_client):
    colleague = as_user("handler", unit=org["north"], name="Lisa")
    recovery = _invite(admin, org["north"], user_id=str(colleague.user.id))
    answer, phone = _redeem(new_client, recovery["token"])
    assert answer.status_code == 201
    assert phone.get(f"{API}/me").get_json()["role"] == "handler"
    # The lost phone's session ended.
    assert colleague.get(f"{API}/me").status_code == 401


def test_a_recovery_dies_when_its_person_moves_out_of_the_handlers_units(
        admin, handler, as_user, org, new_client):
    colleague = as_user("staff", unit=org["north"])
    recovery = _invite(handler, org["north"], user_id=str(colleague.user.id))
    _change(admin, colleague.user, unit_id=str(org["cleaning"].id))
    _refused_everywhere(new_client, recovery["token"])


# --- the creator's rights -------------------------------------------------------------

def test_an_invitation_dies_when_its_creator_is_deactivated(admin, handler, org, new_client):
    invitation = _invite(handler, org["north"])
    _change(admin, handler.user, active=False)
    _refused_everywhere(new_client, invitation["token"])


def test_an_invitation_that_died_stays_dead_when_its_creator_is_restored(admin, handler, org,
                                                                         new_client):
    invitation = _invite(handler, org["north"])
    _change(admin, handler.user, active=False)
    _change(admin, handler.user, active=True)
    _refused_everywhere(new_client, invitation["token"])
    listed = admin.get(f"{API}/invitations").get_json()["items"]
    assert invitation["id"] not in [i["id"] for i in listed]


def test_an_invitation_dies_when_its_handler_is_made_staff(admin, handler, org, new_client):
    invitation = _invite(handler, org["north"], role="handler")
    _change(admin, handler.user, role="staff")
    _refused_everywhere(new_client, invitation["token"])


def test_a_poster_dies_with_its_creators_rights(admin, handler, org, new_client):
    poster = _invite(handler, org["north"], max_uses=30)
    assert _redeem(new_client, poster["token"], "Första")[0].status_code == 201
    _change(admin, handler.user, role="staff")
    _refused_everywhere(new_client, poster["token"])


def test_an_admin_invitation_dies_when_its_creator_is_made_a_handler(admin, as_user, org,
                                                                     new_client):
    other_admin = as_user("admin", unit=org["root"])
    invitation = _invite(other_admin, org["north"], role="admin")
    _change(admin, other_admin.user, role="handler")
    _refused_everywhere(new_client, invitation["token"])


def test_a_demoted_creator_s_invitation_lives_while_they_could_still_make_it(
        admin, as_user, org, new_client):
    """An admin made a handler of the top unit may still invite staff: that invitation lives."""
    other_admin = as_user("admin", unit=org["root"])
    staff_invitation = _invite(other_admin, org["north"])
    admin_invitation = _invite(other_admin, org["north"], role="admin")
    _change(admin, other_admin.user, role="handler")
    answer, phone = _redeem(new_client, staff_invitation["token"])
    assert answer.status_code == 201
    assert phone.get(f"{API}/me").get_json()["role"] == "staff"
    assert _redeem(new_client, admin_invitation["token"])[0].status_code == 410


def test_an_invitation_dies_when_its_creator_moves_out_of_the_unit(admin, handler, org,
                                                                   new_client):
    invitation = _invite(handler, org["north"])
    _change(admin, handler.user, unit_id=str(org["cleaning"].id))
    _refused_everywhere(new_client, invitation["token"])


def test_an_invitation_dies_when_its_creator_is_erased(admin, handler, org, new_client):
    invitation = _invite(handler, org["north"])
    assert admin.delete(f"{API}/users/{handler.user.id}").status_code == 204
    _refused_everywhere(new_client, invitation["token"])


def test_an_invitation_to_an_archived_unit_admits_nobody(app, admin, org, new_client, runner):
    invitation = _invite(admin, org["cleaning"])
    result = runner.invoke(args=["gnista", "invite", "--unit", "Lokalvård"])
    from_command_line = _join_token(result.output)
    response = admin.patch(f"{API}/units/{org['cleaning'].id}", json={"archived": True})
    assert response.status_code == 200, response.get_json()
    _refused_everywhere(new_client, invitation["token"])
    _refused_everywhere(new_client, from_command_line)
    refused = admin.post(f"{API}/invitations", json={"unit_id": str(org["cleaning"].id)})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "unit_archived"


def test_someone_who_may_not_invite_there_is_not_told_the_unit_is_archived(admin, handler, org):
    assert admin.patch(f"{API}/units/{org['cleaning'].id}", json={"archived": True}).status_code == 200
    refused = handler.post(f"{API}/invitations", json={"unit_id": str(org["cleaning"].id)})
    assert refused.status_code == 403, refused.get_json()


# --- the command line -----------------------------------------------------------------

def _joins_as_admin(runner, new_client, args, name) -> None:
    """Run a command that prints an invitation link; redeeming it makes an administrator."""
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    answer, phone = _redeem(new_client, _join_token(result.output), name)
    assert answer.status_code == 201
    assert phone.get(f"{API}/me").get_json()["role"] == "admin"


def test_a_command_line_invitation_works_without_a_creator(runner, new_client, org):
    _joins_as_admin(runner, new_client, ["gnista", "invite", "--role", "admin"], "Första Admin")


def test_a_new_organisation_s_admin_invitation_works(runner, new_client):
    _joins_as_admin(runner, new_client, ["gnista", "org", "create", "Grannkommun"],
                    "Grannkommunens Admin")
