"""Every error is JSON with a code and a message a person can act on."""
import pytest


def assert_error(response, status, code=None):
    assert response.status_code == status
    assert response.is_json
    error = response.json["error"]
    assert error["message"] and isinstance(error["message"], str)
    if code:
        assert error["code"] == code


def test_unknown_api_route_is_json_404(as_user):
    assert_error(as_user().get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_json_405(as_user):
    response = as_user().patch("/api/v1/ideas")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_body_too_large_is_json_413(app, as_user):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = as_user().post("/api/v1/ideas", data={"description": "x" * 5000},
                              content_type="multipart/form-data")
    assert_error(response, 413, "too_large")


def test_validation_errors_name_the_field(as_user):
    response = as_user().post("/api/v1/ideas", data={"title": "Bara rubrik"},
                              content_type="multipart/form-data")
    assert_error(response, 422, "invalid")
    assert "description" in response.json["error"]["message"]
    assert "description" in response.json["error"]["fields"]


def test_malformed_json_is_a_clear_4xx(as_user, post_idea):
    idea = post_idea(as_user()).json
    response = as_user().post(f"/api/v1/ideas/{idea['id']}/comments", data="{not json",
                              content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/ideas",
                                  "/api/v1/ideas/6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11"])
def test_signed_out_requests_are_json_401(client, path):
    assert_error(client.get(path), 401, "unauthenticated")


def test_unsafe_request_without_the_custom_header_is_refused(app, make_user, sign_in):
    raw = app.test_client()
    sign_in(type("C", (), {"raw": raw})(), make_user())
    response = raw.post("/api/v1/ideas", data={"description": "x"},
                        content_type="multipart/form-data")
    assert_error(response, 403, "csrf_header_missing")


def test_cross_site_origin_is_refused(as_user):
    response = as_user().post("/api/v1/ideas", data={"description": "x"},
                              content_type="multipart/form-data",
                              headers={"Origin": "https://evil.example"})
    assert_error(response, 403, "cross_site")
    response = as_user().post("/api/v1/ideas", data={"description": "x"},
                              content_type="multipart/form-data",
                              headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(response, 403, "cross_site")


def test_same_origin_write_is_accepted(as_user):
    response = as_user().post("/api/v1/ideas", data={"description": "x"},
                              content_type="multipart/form-data",
                              headers={"Origin": "http://localhost:5000",
                                       "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 201
