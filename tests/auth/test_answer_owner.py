"""Every API answer to a signed-in session names whose it is, for the shared phone's offline copies."""
from __future__ import annotations

HEADER = "X-Gnista-User"


def test_an_answer_to_a_signed_in_person_names_them(as_user, post_idea):
    client = as_user()
    post_idea(client)

    for path in ("/api/v1/me", "/api/v1/ideas?scope=mine", "/api/v1/notifications"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers[HEADER] == str(client.user.id)


def test_an_answer_to_nobody_names_nobody(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert HEADER not in response.headers


def test_signing_out_answers_without_a_name(as_user):
    client = as_user()
    response = client.delete("/api/v1/session", headers={"X-Requested-With": "gnista"})
    assert response.status_code == 204
    assert HEADER not in response.headers


def test_the_app_shell_names_nobody(as_user):
    response = as_user().get("/")
    assert response.status_code == 200
    assert HEADER not in response.headers


def test_naming_the_person_after_a_write_reads_nothing_more(app, as_user, post_idea):
    from sqlalchemy import event

    from server.extensions import db

    voter = as_user()
    idea = post_idea(as_user()).get_json()
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = voter.put(f"/api/v1/ideas/{idea['id']}/vote")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    assert response.headers[HEADER] == str(voter.user.id)
    last_write = max(i for i, s in enumerate(statements) if s.lstrip().upper().startswith(("INSERT", "UPDATE")))
    after = [s for s in statements[last_write + 1:] if "FROM users" in s]
    assert after == [], after
