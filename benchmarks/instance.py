"""Prepare a Gnista instance for a benchmark: schema, seed rows and signed-in sessions."""
from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "benchmark-only-secret-key-not-for-production-" + "x" * 16


def environment(instance: Path, database_url: str, origin: str) -> dict:
    """Return the environment a benchmarked app process runs with."""
    env = dict(os.environ)
    env.update({"GNISTA_INSTANCE_PATH": str(instance), "DATABASE_URL": database_url,
                "SECRET_KEY": SECRET_KEY, "GNISTA_ORIGIN": origin,
                "GNISTA_RATELIMIT_ENABLED": "0", "PYTHONPATH": str(ROOT)})
    # Limits are off, but gunicorn.conf.py refuses several workers with a per-process
    # store, as it would in production: name the shared store production uses.
    env.setdefault("GNISTA_RATELIMIT_STORAGE", "redis://127.0.0.1:6379/0")
    return env


def upgrade(env: dict) -> None:
    """Build the schema with the project's migrations."""
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


@dataclass
class Seed:
    org_id: uuid.UUID
    cookies: list[str] = field(default_factory=list)
    user_ids: list[uuid.UUID] = field(default_factory=list)
    idea_ids: list[uuid.UUID] = field(default_factory=list)
    idea_owner: list[int] = field(default_factory=list)


def session_cookie(app, user) -> str:
    """Mint the signed session cookie a signed-in browser would hold."""
    from server.auth import sessions
    from server.extensions import db
    sessions.start(user)  # a signed-in browser has a session record as well
    db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "_permanent": True})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def seed(env: dict, *, users: int = 100, ideas: int = 2000, workplaces: int = 4,
         rng: random.Random | None = None) -> Seed:
    """Insert one municipality with its users and ideas in bulk; return sessions and ids."""
    rng = rng or random.Random(8)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from sqlalchemy import insert, text

        from server import create_app
        from server.admin.models import Unit
        from server.auth.models import User
        from server.extensions import db
        from server.ideas.models import Idea, StatusChange

        app = create_app({"INSTANCE_PATH": env["GNISTA_INSTANCE_PATH"]})
        with app.app_context():
            root = Unit(name="Benchkommun", headcount=users * 2)
            units = [Unit(name=f"Enhet {i + 1}", parent=root, headcount=users // workplaces)
                     for i in range(workplaces)]
            db.session.add_all([root, *units])
            people = [User(display_name=f"Anställd {i + 1}", unit=units[i % workplaces],
                           role="staff") for i in range(users)]
            db.session.add_all(people)
            db.session.flush()
            start = datetime.now(timezone.utc) - timedelta(days=365)
            rows, history, owners = [], [], []
            for i in range(ideas):
                owner = rng.randrange(len(people))
                submitter = people[owner]
                owners.append(owner)
                created = start + timedelta(seconds=i * 365 * 86400 / ideas)
                ident = uuid.uuid4()
                rows.append({"id": ident, "org_id": root.id, "unit_id": submitter.unit_id,
                             "submitter_id": submitter.id, "title": f"Idé {i + 1}",
                             "description": "Flytta kaffemaskinen närmare personalrummet. " * 3,
                             "anonymous": False, "status": "submitted", "vote_count": 0,
                             "comment_count": 0, "created_at": created, "updated_at": created})
                history.append({"id": uuid.uuid4(), "idea_id": ident, "from_status": None,
                                "to_status": "submitted", "note": "",
                                "actor_id": submitter.id, "created_at": created})
            db.session.execute(insert(Idea), rows)
            db.session.execute(insert(StatusChange), history)
            db.session.commit()
            # A running database has planner statistics (autovacuum keeps them);
            # freshly bulk-loaded tables do not until this.
            with db.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
            result = Seed(org_id=root.id, user_ids=[u.id for u in people],
                          idea_ids=[r["id"] for r in rows], idea_owner=owners)
            with app.test_request_context():
                result.cookies = [session_cookie(app, u) for u in people]
            db.engine.dispose()
        return result
    finally:
        os.environ.clear()
        os.environ.update(saved)
