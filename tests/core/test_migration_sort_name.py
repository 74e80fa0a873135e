"""The people's sort names are filled in for everyone already there."""
import uuid
from datetime import datetime, timezone

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server.extensions import db
from test_migrations import _uuid, empty_app  # noqa: F401  (a fixture)


def test_existing_people_get_their_case_folded_sort_name(empty_app):  # noqa: F811
    upgrade()  # the file may hold an earlier test's schema: start from nothing
    downgrade(revision="base")
    upgrade(revision="1a7e3c9d5b20")
    root = uuid.uuid4()
    now = datetime.now(timezone.utc)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, path, headcount, created_at) "
                          "VALUES (:id, 'Kommun', :path, 0, :now)"),
                     {"id": _uuid(root), "path": f"/{root.hex}/", "now": now})
        for name in ("Åsa Berg", "STRASSE", "Straße"):
            conn.execute(text("INSERT INTO users (id, display_name, unit_id, role, language, "
                              "active, created_at) VALUES (:id, :name, :unit, 'staff', 'sv', "
                              ":yes, :now)"),
                         {"id": _uuid(uuid.uuid4()), "name": name, "unit": _uuid(root),
                          "yes": True, "now": now})
    upgrade()
    with db.engine.begin() as conn:
        names = dict(conn.execute(text("SELECT display_name, sort_name FROM users")).all())
    assert names == {"Åsa Berg": "åsa berg", "STRASSE": "strasse", "Straße": "strasse"}
    downgrade(revision="1a7e3c9d5b20")
    downgrade(revision="base")
