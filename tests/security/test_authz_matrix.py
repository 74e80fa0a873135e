"""Who may do what: every operation of the OpenAPI document against six kinds of caller.

The table below is the access policy, written out. An operation in the document
without a row here fails the test, so a new endpoint must state who may use it.

Expected outcomes: "ok" a 2xx answer; "passed" past access control (any answer
but 401, 403, 404 or 5xx: the dummy body may be refused on its merits);
"any" below 500 (public endpoints whose answer depends on earlier callers);
a number: exactly that status.
"""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

import pytest

from server.auth.models import Passkey
from server.extensions import db
from tests.conftest import push_subscription, record_session

ACTORS = ("anonymous", "stranger", "staff", "other_handler", "handler", "admin")


def _row(anonymous, stranger, staff, other_handler, handler, admin):
    return dict(zip(ACTORS, (anonymous, stranger, staff, other_handler, handler, admin)))


SIGNED_IN = _row(401, "ok", "ok", "ok", "ok", "ok")
SAME_ORG = _row(401, 404, "ok", "ok", "ok", "ok")
READERS = _row(401, 403, 403, "ok", "ok", "ok")
ADMIN_ONLY = _row(401, 403, 403, 403, 403, "ok")
PUBLIC = _row("ok", "ok", "ok", "ok", "ok", "ok")

EXPECTED = {
    "POST /api/v1/passkeys/registration/options": SIGNED_IN,
    "POST /api/v1/passkeys": _row(401, "passed", "passed", "passed", "passed", "passed"),
    "GET /api/v1/passkeys": SIGNED_IN,
    # The administrator's own passkey: nobody else even learns it exists.
    "PATCH /api/v1/passkeys/{passkey_id}": _row(401, 404, 404, 404, 404, "ok"),
    "DELETE /api/v1/passkeys/{passkey_id}": _row(401, 404, 404, 404, 404, "ok"),
    "DELETE /api/v1/users/{user_id}/passkeys": _row(401, 404, 403, 403, 403, "ok"),
    "POST /api/v1/session/options": PUBLIC,
    "POST /api/v1/session": _row("any", "any", "any", "any", "any", "any"),
    "DELETE /api/v1/session": SIGNED_IN,
    "GET /api/v1/sessions": SIGNED_IN,
    "DELETE /api/v1/sessions": SIGNED_IN,
    # Another device of the administrator: nobody else can even tell it exists.
    "DELETE /api/v1/sessions/{session_id}": _row(401, 404, 404, 404, 404, "ok"),
    "GET /api/v1/me": SIGNED_IN,
    "PATCH /api/v1/me": SIGNED_IN,
    "GET /api/v1/me/export": SIGNED_IN,
    "POST /api/v1/invitations": _row(401, 404, 403, 403, "ok", "ok"),
    # Open invitations of the units one handles; another unit's is not even said to exist.
    "GET /api/v1/invitations": READERS,
    "DELETE /api/v1/invitations/{token}": _row(401, 403, 403, 404, "ok", "ok"),
    # The token is the capability: whoever holds the link may look at it.
    "GET /api/v1/invitations/{token}": PUBLIC,
    "GET /api/v1/invitations/{token}/qr.svg": PUBLIC,
    "GET /api/v1/invitations/{token}/poster": PUBLIC,
    "POST /api/v1/invitations/{token}/redeem": _row("ok", "any", "any", "any", "any", "any"),
    "GET /api/v1/ideas": SIGNED_IN,
    "POST /api/v1/ideas": SIGNED_IN,
    "GET /api/v1/ideas/{idea_id}": SAME_ORG,
    # Only the caller's own organisation's ideas: a stranger gets an empty list.
    "GET /api/v1/ideas/similar": SIGNED_IN,
    "PUT /api/v1/ideas/{idea_id}/vote": SAME_ORG,
    "DELETE /api/v1/ideas/{idea_id}/vote": SAME_ORG,
    "POST /api/v1/ideas/{idea_id}/comments": SAME_ORG,
    "POST /api/v1/ideas/{idea_id}/status": _row(401, 404, 403, 403, "ok", "ok"),
    # A handler of both ideas' units (tests/ideas/test_merge.py: of only one of them, 403).
    "POST /api/v1/ideas/{idea_id}/merge": _row(401, 404, 403, 403, "ok", "ok"),
    "GET /api/v1/photos/{photo_id}": SAME_ORG,
    "GET /api/v1/push/key": SIGNED_IN,
    "POST /api/v1/push/subscriptions": SIGNED_IN,
    "DELETE /api/v1/push/subscriptions": SIGNED_IN,
    "GET /api/v1/notifications": SIGNED_IN,
    "POST /api/v1/notifications/read": SIGNED_IN,
    "GET /api/v1/units": READERS,
    "POST /api/v1/units": ADMIN_ONLY,
    "GET /api/v1/units/{unit_id}": _row(401, 403, 403, 404, "ok", "ok"),
    "PATCH /api/v1/units/{unit_id}": ADMIN_ONLY,
    "GET /api/v1/users": READERS,
    # Names and units of the whole organisation, to choose an idea's assignee.
    "GET /api/v1/people": READERS,
    "PATCH /api/v1/users/{user_id}": ADMIN_ONLY,
    "DELETE /api/v1/users/{user_id}": ADMIN_ONLY,
    # The handler's own unit's figures; another unit's are not theirs to read.
    "GET /api/v1/categories": SIGNED_IN,
    "POST /api/v1/categories": ADMIN_ONLY,
    "PATCH /api/v1/categories/{category_id}": ADMIN_ONLY,
    "DELETE /api/v1/categories/{category_id}": ADMIN_ONLY,
    # Handlers of the idea set its category; a colleague of the unit may not.
    "PATCH /api/v1/ideas/{idea_id}": _row(401, 404, 403, 403, "ok", "ok"),
    # Only the submitter adds or removes photos (tests/ideas/test_editing.py), and nobody here is.
    "POST /api/v1/ideas/{idea_id}/photos": _row(401, 404, 403, 403, 403, 403),
    "DELETE /api/v1/ideas/{idea_id}/photos/{photo_id}": _row(401, 404, 403, 403, 403, 403),
    "PUT /api/v1/ideas/{idea_id}/watch": SAME_ORG,
    "DELETE /api/v1/ideas/{idea_id}/watch": SAME_ORG,
    # Anyone who sees the idea reports it; its handlers review (tests/moderation/).
    "POST /api/v1/ideas/{idea_id}/reports": SAME_ORG,
    # Staff have no desk; another unit's handler gets an empty one.
    "GET /api/v1/reports": READERS,
    "POST /api/v1/reports/{report_id}/resolve": _row(401, 404, 403, 403, "ok", "ok"),
    "GET /api/v1/stats": _row(401, 403, 403, 404, "ok", "ok"),
    "GET /api/v1/stats.csv": _row(401, 403, 403, 404, "ok", "ok"),
}


@dataclass
class World:
    clients: dict
    ids: dict
    fresh_idea: object
    fresh_report: object = None
    subscriptions: dict = field(default_factory=dict)


def _request(operation: str, world: World, actor: str) -> tuple[str, str, dict]:
    """Build one request for the operation, aimed at the world's objects."""
    method, template = operation.split(" ", 1)
    ids = dict(world.ids)
    kwargs: dict = {}
    if operation == "POST /api/v1/ideas/{idea_id}/status":
        ids["idea_id"] = world.fresh_idea()  # a new idea each time, so each move is legal
        kwargs["json"] = {"status": "acknowledged", "note": "Tack"}
    elif operation == "POST /api/v1/ideas/{idea_id}/merge":
        ids["idea_id"] = world.fresh_idea()  # a fresh pair each time, so each merge is legal
        kwargs["json"] = {"into": world.fresh_idea(), "note": "Samma idé"}
    elif operation == "POST /api/v1/reports/{report_id}/resolve":
        ids["report_id"] = world.fresh_report()  # a new open report each time
        kwargs["json"] = {"action": "restore"}
    elif operation in ("POST /api/v1/ideas", "POST /api/v1/ideas/{idea_id}/photos"):
        kwargs.update(data={"description": "Ny idé", "photo": [
            (io.BytesIO(world.ids["jpeg"]), "p.jpg", "image/jpeg")]},
            content_type="multipart/form-data")
    elif operation == "POST /api/v1/push/subscriptions":
        world.subscriptions[actor] = push_subscription()
        kwargs["json"] = world.subscriptions[actor]
    elif operation == "DELETE /api/v1/invitations/{token}":
        ids["token"] = ids["invitation_id"]  # revoked by its id, never by its token
    elif operation == "DELETE /api/v1/push/subscriptions":
        kwargs["json"] = {"endpoint": f"http://127.0.0.1:9/push/{uuid.uuid4().hex}"}
    else:
        body = {
            "POST /api/v1/passkeys": {"id": "AA", "rawId": "AA", "type": "public-key",
                                      "response": {}},
            "PATCH /api/v1/passkeys/{passkey_id}": {"name": "Telefon"},
            "POST /api/v1/session": {"id": "AA", "rawId": "AA", "type": "public-key",
                                     "response": {}},
            "PATCH /api/v1/me": {"language": "en"},
            "POST /api/v1/invitations": {"unit_id": ids["unit_id"]},
            "POST /api/v1/invitations/{token}/redeem": {"display_name": "Ny kollega"},
            "POST /api/v1/ideas/{idea_id}/comments": {"body": "Bra!"},
            "POST /api/v1/ideas/{idea_id}/reports": {"reason": "client_data"},
            "POST /api/v1/notifications/read": {},
            "POST /api/v1/units": {"name": "Ny enhet"},
            "PATCH /api/v1/units/{unit_id}": {"headcount": 21},
            "POST /api/v1/categories": {"name": "Hygien"},
            "PATCH /api/v1/categories/{category_id}": {"name_en": "Safety"},
            "PATCH /api/v1/ideas/{idea_id}": {"category_id": ids["category_id"]},
            "PATCH /api/v1/users/{user_id}": {"display_name": "Nytt namn"},
            "POST /api/v1/passkeys/registration/options": {},
            "POST /api/v1/session/options": {},
        }.get(operation)
        if body is not None:
            kwargs["json"] = body
    path = template.format(**ids)
    if operation == "GET /api/v1/ideas/similar":
        path += "?text=Nyckelskåp+i+bilarna"
    if operation.startswith("GET /api/v1/stats"):
        path += f"?unit_id={ids['unit_id']}"
    return method, path, kwargs


def _meets(status: int, expected) -> bool:
    if status >= 500:
        return False
    if expected == "ok":
        return 200 <= status < 300
    if expected == "passed":
        return status not in (401, 403, 404)
    if expected == "any":
        return True
    return status == expected


@pytest.fixture
def world(app, org, make_unit, make_user, as_user, new_client, sign_in, post_idea, make_jpeg):
    other_org = make_unit("Annan kommun")
    submitter = as_user("staff", unit=org["north"])
    clients = {
        "anonymous": new_client(),
        "stranger": as_user("staff", unit=other_org),
        "staff": as_user("staff", unit=org["north"]),
        "other_handler": as_user("handler", unit=org["cleaning"]),
        "handler": as_user("handler", unit=org["north"]),
        "admin": as_user("admin", unit=org["root"]),
    }
    jpeg = make_jpeg(200, 150)
    idea = post_idea(submitter, photos=[jpeg], anonymous=True).get_json()
    invitation = clients["admin"].post("/api/v1/invitations",
                                       json={"unit_id": str(org["south"].id)}).get_json()
    to_revoke = clients["admin"].post("/api/v1/invitations",
                                      json={"unit_id": str(org["north"].id)}).get_json()
    with app.app_context():
        passkey = Passkey(user_id=clients["admin"].user.id, credential_id=uuid.uuid4().bytes,
                          public_key=b"k", transports=[])
        db.session.add(passkey)
        db.session.commit()
        passkey_id = str(passkey.id)
    category = clients["admin"].post("/api/v1/categories", json={"name": "Arbetsmiljö"}).get_json()
    admin_phone = record_session(app, clients["admin"].user).split(".")[1]
    ids = {"idea_id": idea["id"], "photo_id": idea["photos"][0]["id"],
           "unit_id": str(org["north"].id), "user_id": str(submitter.user.id),
           "passkey_id": passkey_id, "session_id": str(uuid.UUID(admin_phone)), "token": invitation["token"],
           "invitation_id": to_revoke["id"], "category_id": category["id"], "jpeg": jpeg}
    fresh_idea = lambda: post_idea(submitter, description="Till handläggning").get_json()["id"]  # noqa: E731
    return World(clients=clients, ids=ids, fresh_idea=fresh_idea,
                 fresh_report=lambda: submitter.post(
                     f"/api/v1/ideas/{fresh_idea()}/reports", json={"reason": "other"})
                 .get_json()["id"])


def test_every_documented_operation_has_a_row(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {f"{method.upper()} {path}" for path, item in spec["paths"].items()
                  for method in item if method in {"get", "post", "put", "patch", "delete"}}
    assert documented - set(EXPECTED) == set(), "add these operations to EXPECTED"
    assert set(EXPECTED) - documented == set(), "these rows name no documented operation"


@pytest.mark.parametrize("operation", sorted(EXPECTED))
def test_who_may_use_the_operation(world, operation):
    outcomes = {}
    for actor in ACTORS:  # least privileged first: an allowed change cannot hide a refusal
        method, path, kwargs = _request(operation, world, actor)
        response = world.clients[actor].open(path, method=method, **kwargs)
        outcomes[actor] = response.status_code
    wrong = {actor: f"got {outcomes[actor]}, expected {EXPECTED[operation][actor]}"
             for actor in ACTORS if not _meets(outcomes[actor], EXPECTED[operation][actor])}
    assert not wrong, f"{operation}: {wrong}"


def test_anonymous_submitters_are_hidden_from_colleagues_but_not_handlers(world):
    idea_id = world.ids["idea_id"]
    for actor in ("staff", "other_handler"):
        shown = world.clients[actor].get(f"/api/v1/ideas/{idea_id}").get_json()
        assert shown["submitter"] is None, actor
        assert shown["history"][0]["actor"] is None, actor
        listed = world.clients[actor].get("/api/v1/ideas?scope=org").get_json()["items"]
        assert all(i["submitter"] is None for i in listed if i["id"] == idea_id), actor
    for actor in ("handler", "admin"):
        shown = world.clients[actor].get(f"/api/v1/ideas/{idea_id}").get_json()
        assert shown["submitter"]["id"] == world.ids["user_id"], actor


def test_nothing_of_another_organisation_is_listed(world):
    stranger = world.clients["stranger"]
    assert stranger.get("/api/v1/ideas?scope=org").get_json()["items"] == []
    other_handler = world.clients["other_handler"]
    users = other_handler.get("/api/v1/users").get_json()["items"]
    assert world.ids["user_id"] not in {u["id"] for u in users}
    units = other_handler.get("/api/v1/units").get_json()["items"]
    assert world.ids["unit_id"] not in {u["id"] for u in units}
    invitations = other_handler.get("/api/v1/invitations").get_json()["items"]
    assert world.ids["invitation_id"] not in {i["id"] for i in invitations}
