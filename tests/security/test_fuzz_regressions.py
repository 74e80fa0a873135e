"""Inputs the fuzzer found that once broke the server."""
from __future__ import annotations

import uuid


def test_a_multipart_part_without_a_name_is_not_a_server_error(as_user):
    client = as_user("staff")
    boundary = "gnistaboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nloose\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
            f"Hej\r\n--{boundary}--\r\n").encode()
    response = client.post("/api/v1/ideas", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}",
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code < 500


def test_fingerprint_orders_parts_without_names():
    from server.idempotency.services import fingerprint
    assert fingerprint("POST", "/api/v1/ideas", form={None: "a", "description": "b"},
                       files=[(None, b"x"), ("photo", b"y")])


# --- Crafted bodies, texts and cursors: a clear 4xx that changes nothing ------------------

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from server.extensions import db

DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
SURROGATE = "\ud800"
UNSTORABLE = [SURROGATE, "ok \udfff", "a\x00b"]


def _row_counts(app) -> dict:
    with app.app_context():
        try:
            return {t.name: db.session.scalar(select(func.count()).select_from(t))
                    for t in db.metadata.sorted_tables}
        finally:
            db.session.remove()


def _cursor(parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


@pytest.fixture
def world(app, as_user, make_user, org, post_idea, sign_in, new_client):
    """An administrator, a staff member with an idea, and the ids the paths need."""
    admin = sign_in(new_client(), make_user("admin", unit=org["root"]))
    staff = as_user("staff", unit=org["north"])
    idea = post_idea(staff).get_json()
    token = admin.post("/api/v1/invitations", json={"unit_id": str(org["south"].id)}).get_json()["token"]
    category = admin.post("/api/v1/categories", json={"name": "Kost"}).get_json()
    report = staff.post(f"/api/v1/ideas/{idea['id']}/reports", json={"reason": "other"}).get_json()
    ids = {"idea_id": idea["id"], "unit_id": str(org["north"].id), "category_id": category["id"],
           "report_id": report["id"],
           "user_id": str(staff.user.id), "passkey_id": str(uuid.uuid4()), "token": token}
    return {"admin": admin, "staff": staff, "ids": ids}


def _json_operations(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue  # path-level parameters
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                ref = body["schema"].get("$ref", "")
                schema = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], body["schema"])
                yield method, path, schema


def test_every_json_operation_answers_a_deeply_nested_body_with_400(app, world):
    admin, ids = world["admin"], world["ids"]
    before = _row_counts(app)
    operations = list(_json_operations(admin))
    assert len(operations) > 10
    for method, path, _schema in operations:
        url = path.format(**ids)
        response = admin.open(url, method=method.upper(), data=DEEP_JSON,
                              content_type="application/json",
                              headers={"Idempotency-Key": str(uuid.uuid4())})
        assert response.status_code == 400, (method, path, response.get_json())
        assert response.get_json()["error"]["code"] == "json_too_deep"
        assert "nested too deeply" in response.get_json()["error"]["message"]
    assert _row_counts(app) == before


def test_every_json_text_field_refuses_lone_surrogates_and_nul(app, world):
    admin, ids = world["admin"], world["ids"]
    before = _row_counts(app)
    tried = 0
    for method, path, schema in _json_operations(admin):
        for name, prop in schema.get("properties", {}).items():
            if prop.get("type") != "string":
                continue
            for bad in UNSTORABLE:
                tried += 1
                # The raw body: json.dumps would refuse nothing, but be explicit about escapes.
                body = json.dumps({name: bad}, ensure_ascii=True)
                response = admin.open(path.format(**ids), method=method.upper(), data=body,
                                      content_type="application/json",
                                      headers={"Idempotency-Key": str(uuid.uuid4())})
                assert 400 <= response.status_code < 500, (method, path, name, response.data)
                assert response.get_json()["error"]["message"]
    assert tried > 10
    assert _row_counts(app) == before


def test_a_comment_with_a_lone_surrogate_names_the_field(world):
    staff, ids = world["staff"], world["ids"]
    response = staff.post(f"/api/v1/ideas/{ids['idea_id']}/comments",
                          data=b'{"body": "Bra \\ud800 id\\u00e9"}', content_type="application/json")
    assert response.status_code == 422
    assert "lone surrogate" in response.get_json()["error"]["fields"]["body"][0]
    assert staff.get(f"/api/v1/ideas/{ids['idea_id']}").get_json()["comments"] == []


def test_form_and_query_text_refuse_nul(app, world, post_idea):
    before = _row_counts(app)
    response = post_idea(world["staff"], description="Nyckel\x00skåp")
    assert response.status_code == 422
    assert world["admin"].get("/api/v1/users?q=a%00b").status_code == 422
    assert world["admin"].get("/api/v1/ideas?q=a%00b").status_code == 422
    assert _row_counts(app) == before


AT, ID = "2026-01-01T00:00:00+00:00", "a" * 32
# Each shape: the parts of a `top` cursor, and of a `new` (and inbox, and invitations) cursor
# when it has one.
CROOKED_CURSORS = {
    "a huge vote count": ([1e30, AT, ID], None),
    "a vote count beyond the column": ([2**63, AT, ID], None),
    "a negative vote count": ([-1, AT, ID], None),
    "a boolean vote count": ([True, AT, ID], None),
    "a naive time": ([3, "2026-01-01T00:00:00", ID], ["2026-01-01T00:00:00", ID]),
    "a time that overflows in UTC": ([3, "9999-12-31T23:59:59-05:00", ID],
                                     ["9999-12-31T23:59:59-05:00", ID]),
    "an id that is a number": ([3, AT, 5], [AT, 5]),
    "not a list": ({"votes": 3}, {"at": AT}),
}


@pytest.mark.parametrize("shape", CROOKED_CURSORS, ids=list(CROOKED_CURSORS))
def test_crooked_cursors_are_invalid_on_every_paged_list(world, shape):
    top, new = CROOKED_CURSORS[shape]
    urls = [f"/api/v1/ideas?sort=top&cursor={_cursor(top)}"]
    if new is not None:
        urls += [f"/api/v1/ideas?sort=new&cursor={_cursor(new)}",
                 f"/api/v1/notifications?cursor={_cursor(new)}",
                 f"/api/v1/invitations?cursor={_cursor(new)}"]
    for url in urls:
        response = world["admin"].get(url)
        assert response.status_code == 422, (url, response.data)
        assert response.get_json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("parts", [["0.5", ID], [True, ID], [float("inf"), ID], [float("nan"), ID],
                                   [0.5, 5], [0.5], [0.5, ID, ID]],
                         ids=["text", "boolean", "infinite", "nan", "numeric-id",
                              "short", "long"])
def test_crooked_cursors_of_a_search_are_invalid(world, parts):
    response = world["admin"].get(f"/api/v1/ideas?q=kaffe&cursor={_cursor(parts)}")
    assert response.status_code == 422, response.data
    assert response.get_json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("sort, parts", [
    ("trending", [0.5, ID]), ("trending", ["2026-01-01T00:00:00", 0.5, ID]),
    ("trending", [AT, "x", ID]), ("trending", [AT, float("inf"), ID]),
    ("waiting", [AT, ID]), ("waiting", [-1, AT, ID]), ("waiting", [True, AT, ID]),
    ("waiting", [0, "2026-01-01T00:00:00", ID]),
    # Times no row has: a trending page's window would reach before year one.
    ("trending", ["0001-01-10T00:00:00+00:00", 0.5, ID]),
    ("new", ["9999-12-31T00:00:00+00:00", ID]), ("waiting", [0, "1900-01-01T00:00:00+00:00", ID])])
def test_crooked_cursors_of_trending_and_waiting_are_invalid(world, sort, parts):
    response = world["admin"].get(f"/api/v1/ideas?sort={sort}&cursor={_cursor(parts)}")
    assert response.status_code == 422, response.data
    assert response.get_json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("at, status", [("0001-01-01T00:00:00+00:00", 422),
                                        ("9999-12-31T23:59:59+00:00", 422)],
                         ids=["year-1", "year-9999"])
def test_a_trending_cursor_at_the_ends_of_time_answers_a_page_or_422(world, post_idea, at,
                                                                     status):
    """Its time counts back 30 days for the votes, and its hours go into pow: no row has either."""
    post_idea(world["staff"], description="Idé")
    response = world["admin"].get(f"/api/v1/ideas?scope=org&sort=trending"
                                  f"&cursor={_cursor([at, 0.5, ID])}")
    assert response.status_code == status, response.data


@pytest.mark.parametrize("parts", [[SURROGATE, "a" * 32], ["a\x00b", "a" * 32], [7, "a" * 32],
                                   ["anna", 5], ["anna"]],
                         ids=["surrogate", "nul", "number", "numeric-id", "short"])
def test_crooked_cursors_of_the_user_list_are_invalid(world, parts):
    response = world["admin"].get(f"/api/v1/users?cursor={_cursor(parts)}")
    assert response.status_code == 422, response.data
    assert response.get_json()["error"]["code"] == "invalid_cursor"


def test_a_real_cursor_still_pages(world, post_idea):
    for n in range(3):
        post_idea(world["staff"], description=f"Idé {n}")
    for sort in ("top", "new", "trending", "waiting"):
        first = world["admin"].get(f"/api/v1/ideas?scope=org&sort={sort}&limit=2").get_json()
        second = world["admin"].get(f"/api/v1/ideas?scope=org&sort={sort}&limit=2"
                                    f"&cursor={first['next_cursor']}").get_json()
        assert len(first["items"]) == 2 and len(second["items"]) == 2
        assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    first = world["admin"].get("/api/v1/ideas?scope=org&q=id%C3%A9&limit=2").get_json()
    second = world["admin"].get(f"/api/v1/ideas?scope=org&q=id%C3%A9&limit=2"
                                f"&cursor={first['next_cursor']}").get_json()
    assert len(first["items"]) == 2 and len(second["items"]) >= 1
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(query=st.text(alphabet=st.characters(blacklist_categories=()), min_size=0, max_size=60))
def test_any_characters_in_a_search_answer_a_page_or_422_never_a_server_error(world, query):
    response = world["staff"].get("/api/v1/ideas", query_string={"q": query, "scope": "org"})
    assert response.status_code in (200, 422), response.data
    if response.status_code == 200:
        assert isinstance(response.get_json()["items"], list)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.characters(blacklist_categories=()), min_size=1, max_size=40))
def test_any_characters_in_a_comment_are_stored_or_refused_never_a_server_error(world, text):
    staff, ids = world["staff"], world["ids"]
    body = json.dumps({"body": text}, ensure_ascii=True)
    response = staff.post(f"/api/v1/ideas/{ids['idea_id']}/comments", data=body,
                          content_type="application/json",
                          headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code in (201, 422), response.data
    if response.status_code == 201:
        assert response.get_json()["body"] == text.strip()
