"""Fuzz every operation of the OpenAPI document as a signed-in administrator and staff member.

Schemathesis generates valid and invalid input from the document itself; every
answer must be something other than a server error and must match the document.
Bounded (a fixed number of examples per operation, derandomised, no shrinking) so
it runs the same way every time and in well under a few minutes.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               negative_data_rejection,
                                               response_headers_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from server.auth.models import Passkey
from server.extensions import db
from tests.conftest import record_session

MAX_EXAMPLES = 20
# No 5xx, and every answer as documented. Whether a well-formed request is also
# accepted depends on state (a passkey challenge, an idea's status), so that is
# left to the feature tests.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                         database=None, phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))


@pytest.fixture
def admin(make_user, org):
    return make_user("admin", unit=org["root"])


def _session_cookie(app, user, sign_in, new_client) -> dict:
    client = sign_in(new_client(), user)
    name = app.config["SESSION_COOKIE_NAME"]
    return {name: client.get_cookie(name).value}


@pytest.fixture
def real_ids(app, admin, as_user, org, post_idea, make_jpeg, sign_in, new_client):
    """Ids of things that exist, so that fuzzing reaches past the 404s."""
    staff = as_user("staff", unit=org["north"])
    idea = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    invitation = sign_in(new_client(), admin).post(
        "/api/v1/invitations", json={"unit_id": str(org["south"].id)}).get_json()
    with app.app_context():
        passkey = Passkey(user_id=admin.id, credential_id=uuid.uuid4().bytes, public_key=b"k",
                          transports=[])
        db.session.add(passkey)
        db.session.commit()
        passkey_id = str(passkey.id)
    other_device = record_session(app, admin).split(".")[1]
    category = sign_in(new_client(), admin).post(
        "/api/v1/categories", json={"name": "Arbetsmiljö"}).get_json()
    report = staff.post(f"/api/v1/ideas/{idea['id']}/reports",
                        json={"reason": "other"}).get_json()
    return {"idea_id": idea["id"], "photo_id": idea["photos"][0]["id"],
            "category_id": category["id"], "report_id": report["id"],
            "unit_id": str(org["north"].id), "user_id": str(staff.user.id),
            "passkey_id": passkey_id, "session_id": str(uuid.UUID(other_device)),
            "token": invitation["token"]}


# An administrator reaches the most code; a staff member meets the refusals, which
# must be documented too.
@pytest.mark.parametrize("role, mode", [("admin", GenerationMode.POSITIVE),
                                        ("admin", GenerationMode.NEGATIVE),
                                        ("staff", GenerationMode.POSITIVE)],
                         ids=["admin-valid", "admin-invalid", "staff-valid"])
def test_no_operation_fails_or_breaks_its_document(app, admin, make_user, org, sign_in,
                                                   new_client, real_ids, role, mode):
    caller = admin if role == "admin" else make_user("staff", unit=org["north"])
    session_cookie = _session_cookie(app, caller, sign_in, new_client)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    seen: dict[str, Counter] = defaultdict(Counter)
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    runs = []
    for operation in operations:
        runs.append((operation, None))
        names = [p.name for p in operation.path_parameters]
        if names and mode is GenerationMode.POSITIVE:
            runs.append((operation, {n: real_ids[n] for n in names}))

    for operation, path_parameters in runs:
        # Signing out (one device or the others) ends a session: those get one of their own.
        ends_sessions = operation.method.upper() == "DELETE" and "/session" in operation.path

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
        def fuzz(case):
            cookies = (_session_cookie(app, caller, sign_in, new_client) if ends_sessions
                       else session_cookie)
            with app.app_context():
                try:
                    # The WSGI transport does not undo gzip; tests/core/test_compression.py checks it.
                    response = case.call_and_validate(
                        headers={"X-Requested-With": "gnista", "Accept-Encoding": "identity"},
                        cookies=cookies, checks=checks)
                finally:
                    db.session.remove()
                seen[operation.label][response.status_code] += 1

        try:
            fuzz()
        except Unsatisfiable:
            pass  # nothing to make invalid: an operation without parameters or body
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label} {path_parameters or ''}: {exc}")
    assert not failures, "\n\n".join(failures)
    print({label: dict(counts) for label, counts in seen.items()})
