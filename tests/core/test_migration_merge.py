"""Merged ideas: the new status and link arrive, and leave again on a downgrade."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import exc, text

from server.extensions import db
from test_migrations import _insert_unit, _uuid, empty_app  # noqa: F401  (empty_app: a fixture)

BEFORE = "d3e5a1c7b9f4"
MERGING = "e7b2c4d6f8a1"


def _add_idea(conn, ident, unit, person, now, *, status="submitted", description="Kaffe"):
    conn.execute(text(
        "INSERT INTO ideas (id, org_id, unit_id, submitter_id, description, anonymous, status, "
        "vote_count, comment_count, created_at, updated_at) VALUES (:id, :unit, :unit, :person, "
        ":description, :no, :status, 0, 0, :now, :now)"),
        {"id": _uuid(ident), "unit": _uuid(unit), "person": _uuid(person), "no": False,
         "status": status, "description": description, "now": now})


def _insert_person(conn, person, unit, now):
    conn.execute(text("INSERT INTO users (id, display_name, sort_name, unit_id, role, language, "
                      "active, created_at) VALUES (:id, 'Hanna', 'hanna', :unit, 'staff', 'sv', "
                      ":yes, :now)"),
                 {"id": _uuid(person), "unit": _uuid(unit), "yes": True, "now": now})


def _indexes(conn) -> dict:
    if db.engine.dialect.name != "sqlite":
        return {}
    return dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name IN ('ideas', 'notifications') "
                                  "AND sql IS NOT NULL")).all())


def test_a_merged_idea_is_stored_and_a_downgrade_gives_back_its_earlier_status(empty_app):  # noqa: F811
    upgrade()  # the file may hold an earlier test's schema: start from nothing
    downgrade(revision="base")
    upgrade(revision=BEFORE)
    unit, person, kept, duplicate = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(timezone.utc)
    with db.engine.begin() as conn:
        _insert_unit(conn, unit, now)
        _insert_person(conn, person, unit, now)
        _add_idea(conn, kept, unit, person, now, description="Halkskydd på trappan")
        _add_idea(conn, duplicate, unit, person, now, status="acknowledged")
        before = _indexes(conn)
    with pytest.raises(exc.IntegrityError), db.engine.begin() as conn:
        _add_idea(conn, uuid.uuid4(), unit, person, now, status="merged")

    upgrade(revision=MERGING)
    with db.engine.begin() as conn:
        # The rebuilt tables keep their indexes as they were, partial predicates included.
        after = _indexes(conn)
        assert {k: v for k, v in after.items() if k != "ix_ideas_merged_into_id"} == before
        conn.execute(text("UPDATE ideas SET status = 'merged', merged_into_id = :kept "
                          "WHERE id = :id"), {"kept": _uuid(kept), "id": _uuid(duplicate)})
        conn.execute(text("INSERT INTO status_changes (id, idea_id, from_status, to_status, note, "
                          "created_at) VALUES (:id, :idea, 'acknowledged', 'merged', '', :at)"),
                     {"id": _uuid(uuid.uuid4()), "idea": _uuid(duplicate),
                      "at": now + timedelta(minutes=1)})
        conn.execute(text("INSERT INTO notifications (id, user_id, kind, idea_id, params, url, "
                          "created_at) VALUES (:id, :user, 'merged', :idea, '{}', '/', :now)"),
                     {"id": _uuid(uuid.uuid4()), "user": _uuid(person), "idea": _uuid(duplicate),
                      "now": now})
        # Search still follows the ideas after the rebuild (env.py's repair).
        if db.engine.dialect.name == "sqlite":
            assert conn.execute(text("SELECT count(*) FROM idea_search WHERE idea_search "
                                     "MATCH '\"halkskydd\"'")).scalar_one() == 1
    with pytest.raises(exc.IntegrityError), db.engine.begin() as conn:
        _add_idea(conn, uuid.uuid4(), unit, person, now, status="merge")

    downgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT status FROM ideas WHERE id = :id"),
                            {"id": _uuid(duplicate)}).scalar_one() == "acknowledged"
        assert conn.execute(text("SELECT count(*) FROM status_changes WHERE to_status = 'merged'")
                            ).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM notifications")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM ideas")).scalar_one() == 2
        assert _indexes(conn) == before
    downgrade(revision="base")
