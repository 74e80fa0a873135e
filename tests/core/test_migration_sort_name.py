"""The people's sort names are filled in for everyone already there."""
import uuid
from datetime import datetime, timezone

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server.extensions import db
from test_migrations import (_insert_person, _insert_unit, _uuid,  # noqa: F401  (empty_app: a fixture)
                             empty_app)


def test_existing_people_get_their_case_folded_sort_name(empty_app):  # noqa: F811
    """Also: nothing that hangs on a person goes while their table is rebuilt.

    SQLite alters a table by copying it; dropping the old copy with foreign keys
    on would cascade to every person's passkeys and sessions.
    """
    upgrade()  # the file may hold an earlier test's schema: start from nothing
    downgrade(revision="base")
    upgrade(revision="1a7e3c9d5b20")
    root = uuid.uuid4()
    now = datetime.now(timezone.utc)
    with db.engine.begin() as conn:
        _insert_unit(conn, root, now)
        for name in ("Åsa Berg", "STRASSE", "Straße"):
            _insert_person(conn, uuid.uuid4(), root, now, name=name)
        person = conn.execute(text("SELECT id FROM users WHERE display_name = 'Åsa Berg'")).scalar_one()
        conn.execute(text("INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, "
                          "transports, backed_up, name, created_at) VALUES (:id, :user, :cred, "
                          ":key, 0, '[]', :no, 'Telefon', :now)"),
                     {"id": _uuid(uuid.uuid4()), "user": person, "cred": b"credential",
                      "key": b"public-key", "no": False, "now": now})
        conn.execute(text("INSERT INTO user_sessions (id, user_id, device, created_at, last_used_at, "
                          "expires_at) VALUES (:id, :user, 'Telefon', :now, :now, :now)"),
                     {"id": _uuid(uuid.uuid4()), "user": person, "now": now})
    upgrade()
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM passkeys")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar_one() == 1
        names = dict(conn.execute(text("SELECT display_name, sort_name FROM users")).all())
    assert names == {"Åsa Berg": "åsa berg", "STRASSE": "strasse", "Straße": "strasse"}
    downgrade(revision="1a7e3c9d5b20")
    downgrade(revision="base")
