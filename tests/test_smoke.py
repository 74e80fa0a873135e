def test_me_needs_sign_in(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


def test_signed_in_user_sees_themselves(as_user):
    client = as_user("staff", name="Amira")
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json["display_name"] == "Amira"


def test_submit_idea(as_user, post_idea, make_jpeg):
    client = as_user()
    response = post_idea(client, photos=[make_jpeg(gps=True)])
    assert response.status_code == 201, response.json
    assert len(response.json["photos"]) == 1
