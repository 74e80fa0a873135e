"""The migrations build exactly the models' schema, and downgrade/upgrade round-trips."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from server import create_app
from server.extensions import db
from server.ideas import search_index


@pytest.fixture
def empty_app(database, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": database("migrations"),
                      "INSTANCE_PATH": str(tmp_path / "instance"),
                      "UPLOAD_FOLDER": str(tmp_path / "photos"), "SECRET_KEY": "x" * 32})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "render_as_batch": True,
            "include_object": search_index.include_object})
        return compare_metadata(context, db.metadata)


def tables() -> set[str]:
    # The search index's tables are not models; test_search.py checks they work.
    return {name for name in inspect(db.engine).get_table_names()
            if name != "alembic_version" and not search_index.is_search_table(name)}


def search_tables() -> set[str]:
    return {name for name in inspect(db.engine).get_table_names() if search_index.is_search_table(name)}


def test_upgrade_head_matches_the_models(empty_app):
    upgrade()
    assert differences() == []
    assert tables() == set(db.metadata.tables)
    assert "idea_search" in search_tables()


def test_downgrade_and_upgrade_round_trip(empty_app):
    upgrade()
    downgrade(revision="base")
    assert tables() == set()
    assert search_tables() == set()
    upgrade()
    assert differences() == []


def test_invitations_without_a_creator_are_taken_for_the_command_line_s(empty_app):
    """Before the flag, the command line's and an erased creator's both had no creator."""
    import uuid
    from datetime import datetime, timedelta, timezone

    upgrade()  # the file may hold an earlier test's schema: start from nothing
    downgrade(revision="base")
    upgrade(revision="c4e1a7b9d2f3")
    root, person = uuid.uuid4(), uuid.uuid4()
    now = datetime.now(timezone.utc)
    rows = {"cli": None, "made": person}
    with db.engine.begin() as conn:
        _insert_unit(conn, root, now)
        _insert_person(conn, person, root, now, role="handler")
        for name, creator in rows.items():
            conn.execute(text(
                "INSERT INTO invitations (id, token_hash, unit_id, role, created_by_id, "
                "created_at, expires_at, max_uses, use_count) VALUES (:id, :hash, :unit, "
                "'staff', :creator, :now, :until, 5, 0)"),
                {"id": _uuid(uuid.uuid4()), "hash": name * 8, "unit": _uuid(root),
                 "creator": _uuid(creator) if creator else None, "now": now,
                 "until": now + timedelta(days=14)})
    upgrade()
    with db.engine.begin() as conn:
        flags = dict(conn.execute(text(
            "SELECT token_hash, from_command_line FROM invitations")).all())
        assert {key[:4]: bool(value) for key, value in flags.items()} == {"clic": True,
                                                                          "made": False}
        conn.execute(text("UPDATE invitations SET revoked_at = :now WHERE token_hash = :hash"),
                     {"now": now, "hash": "made" * 8})
    # Going back, a revoked invitation must not come back to life: it is used up instead.
    downgrade(revision="c4e1a7b9d2f3")
    with db.engine.begin() as conn:
        uses = dict(conn.execute(text("SELECT token_hash, use_count FROM invitations")).all())
    downgrade(revision="base")
    assert {key[:4]: value for key, value in uses.items()} == {"clic": 0, "made": 5}


def test_stored_replies_are_hashed_and_sealed_in_place_and_still_replay(empty_app):
    """A reply stored in plain text before the sealing is sealed under its key and replays."""
    import json
    import uuid
    from datetime import datetime, timezone
    from types import SimpleNamespace

    from server.idempotency import services
    from server.idempotency.sealing import key_hash
    from tests.conftest import record_session

    upgrade()  # the file may hold an earlier test's schema: start from nothing
    downgrade(revision="base")
    upgrade(revision="1a7e3c9d5b20")
    unit, person, key, claimed = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(timezone.utc)
    request_body = {"unit_id": str(unit)}
    reply = json.dumps({"token": "plain-invitation-token-1234", "max_uses": 1})
    with db.engine.begin() as conn:
        _insert_unit(conn, unit, now)
        _insert_person(conn, person, unit, now, role="admin")
        conn.execute(text(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, status_code, "
            "response_body, created_at) VALUES (:user, :key, :fingerprint, 'POST', "
            "'/api/v1/invitations', 201, :body, :now)"),
            {"user": _uuid(person), "key": _uuid(key), "body": reply, "now": now,
             "fingerprint": services.fingerprint("POST", "/api/v1/invitations",
                                                 json_body=request_body)})
        conn.execute(text("INSERT INTO idempotency_claims (user_id, key, token, expires_at) "
                          "VALUES (:user, :key, :token, :now)"),
                     {"user": _uuid(person), "key": _uuid(claimed),
                      "token": _uuid(uuid.uuid4()), "now": now})
    upgrade()
    with db.engine.begin() as conn:
        stored = conn.execute(text("SELECT key_hash, fingerprint, sealed_body "
                                   "FROM idempotency_keys")).one()
        claim = conn.execute(text("SELECT key_hash FROM idempotency_claims")).scalar_one()
    assert stored.key_hash == key_hash(person, key)
    assert claim == key_hash(person, claimed)
    assert b"plain-invitation-token" not in bytes(stored.sealed_body)
    assert stored.fingerprint != services.fingerprint("POST", "/api/v1/invitations",
                                                      json_body=request_body)

    client = empty_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = record_session(empty_app, SimpleNamespace(id=person))
    replay = client.post("/api/v1/invitations", json=request_body,
                         headers={"Idempotency-Key": str(key), "X-Requested-With": "gnista"})
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_data(as_text=True) == reply
    db.session.remove()

    # Going back cannot recover the plain key or reply: the stored replies are gone.
    downgrade(revision="1a7e3c9d5b20")
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM idempotency_claims")).scalar_one() == 0
    downgrade(revision="base")


def _uuid(value):
    """A UUID as the column stores it: native on PostgreSQL, 32 hex digits on SQLite."""
    return value if db.engine.dialect.name == "postgresql" else value.hex


def _insert_unit(conn, unit, now) -> None:
    """A root unit, "Kommun", as the schema of any revision since the first holds it."""
    conn.execute(text("INSERT INTO units (id, name, path, headcount, created_at) "
                      "VALUES (:id, 'Kommun', :path, 0, :now)"),
                 {"id": _uuid(unit), "path": f"/{unit.hex}/", "now": now})


def _insert_person(conn, person, unit, now, *, role="staff", name="Hanna") -> None:
    conn.execute(text("INSERT INTO users (id, display_name, unit_id, role, language, active, "
                      "created_at) VALUES (:id, :name, :unit, :role, 'sv', :yes, :now)"),
                 {"id": _uuid(person), "name": name, "unit": _uuid(unit), "role": role,
                  "yes": True, "now": now})


def test_search_triggers_a_table_rebuild_dropped_come_back_after_migrating(empty_app):
    """SQLite's batch mode drops a table to rebuild it, and its triggers with it."""
    import uuid
    from datetime import datetime, timezone

    upgrade()
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL alters a table in place; its triggers stay")
    unit, now = uuid.uuid4(), datetime.now(timezone.utc)

    def add_idea(conn, description):
        conn.execute(text(
            "INSERT INTO ideas (id, org_id, unit_id, description, anonymous, status, vote_count, "
            "comment_count, created_at, updated_at) VALUES (:id, :unit, :unit, :description, "
            ":no, 'submitted', 0, 0, :now, :now)"),
            {"id": _uuid(uuid.uuid4()), "unit": _uuid(unit), "description": description,
             "no": False, "now": now})

    def found(word):
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM idea_search WHERE idea_search MATCH "
                                     ":word"), {"word": f'"{word}"'}).scalar_one()

    with db.engine.begin() as conn:
        _insert_unit(conn, unit, now)
        # What a rebuild of `ideas` leaves: its search triggers gone.
        conn.execute(text("DROP TRIGGER idea_search_idea_insert"))
        add_idea(conn, "Kaffe till nattpersonalen")
    assert found("kaffe") == 0  # the index no longer follows the ideas

    upgrade()  # any run of the migrations, even with none to apply
    assert found("kaffe") == 1  # indexed anew from the ideas as they are
    with db.engine.begin() as conn:
        add_idea(conn, "Halkskydd på trappan")
    assert found("halkskydd") == 1  # and followed again
    downgrade(revision="base")
