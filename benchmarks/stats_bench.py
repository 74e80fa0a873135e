"""Time the statistics of a municipality with 10,000 employees and 50,000 ideas.

    .venv/bin/python benchmarks/stats_bench.py                      # SQLite, a temporary file
    .venv/bin/python benchmarks/stats_bench.py --database-url postgresql://postgres@127.0.0.1:5432/test

On PostgreSQL the rows go into a schema of their own, dropped at the end. Rows are
inserted in bulk (executemany), not object by object; the timings are of whole
`GET /api/v1/stats` requests through the app, the median of several runs.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import create_app  # noqa: E402
from server.admin.models import Unit  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.config import normalise_database_url  # noqa: E402
from server.auth import sessions  # noqa: E402
from server.extensions import db  # noqa: E402
from server.ideas.models import Idea  # noqa: E402

EMPLOYEES = 10_000
IDEAS = 50_000
ADMINISTRATIONS = 8
UNITS_PER_ADMINISTRATION = 40
ACCOUNT_SHARE = 0.6  # not every employee has an account
FIRST = datetime(2024, 1, 1, tzinfo=timezone.utc)
LAST = datetime(2026, 7, 1, tzinfo=timezone.utc)
CHUNK = 5_000


def build_units(rng: random.Random) -> tuple[dict, list[dict], list[dict]]:
    """Return the root and the unit rows: administrations and their workplaces."""
    root_id = uuid.uuid4()
    root = {"id": root_id, "name": "Benchkommun", "parent_id": None,
            "path": f"/{root_id.hex}/", "headcount": 0, "target_per_employee": 2.0}
    administrations, workplaces = [], []
    for a in range(ADMINISTRATIONS):
        aid = uuid.uuid4()
        administrations.append({"id": aid, "name": f"Förvaltning {a + 1}", "parent_id": root_id,
                                "path": f"{root['path']}{aid.hex}/", "headcount": 0,
                                "target_per_employee": None})
        for w in range(UNITS_PER_ADMINISTRATION):
            wid = uuid.uuid4()
            workplaces.append({"id": wid, "name": f"Enhet {a + 1}.{w + 1}", "parent_id": aid,
                               "path": f"{root['path']}{aid.hex}/{wid.hex}/", "headcount": 0,
                               "target_per_employee": rng.choice([None, None, 1.5, 3.0])})
    # Spread the employees unevenly, as real workplaces are.
    weights = [rng.uniform(0.3, 3.0) for _ in workplaces]
    total = sum(weights)
    for unit, weight in zip(workplaces, weights):
        unit["headcount"] = int(EMPLOYEES * weight / total)
    workplaces[0]["headcount"] += EMPLOYEES - sum(u["headcount"] for u in workplaces)
    return root, administrations, workplaces


def build_users(rng: random.Random, workplaces: list[dict]) -> list[dict]:
    users = []
    for unit in workplaces:
        for _ in range(int(unit["headcount"] * ACCOUNT_SHARE)):
            users.append({"id": uuid.uuid4(), "display_name": f"Person {len(users)}",
                          "unit_id": unit["id"], "role": "staff", "active": True})
    users[0]["role"] = "admin"
    return users


def build_ideas(rng: random.Random, root: dict, users: list[dict]) -> list[dict]:
    span = (LAST - FIRST).total_seconds()
    rows = []
    for _ in range(IDEAS):
        user = rng.choice(users)
        created = FIRST + timedelta(seconds=rng.uniform(0, span))
        row = {"id": uuid.uuid4(), "org_id": root["id"], "unit_id": user["unit_id"],
               "submitter_id": user["id"], "description": "Benchmark idea",
               "status": "submitted", "created_at": created, "updated_at": created,
               "first_response_at": None, "implemented_at": None, "declined_at": None}
        if rng.random() < 0.85:
            row["first_response_at"] = created + timedelta(hours=rng.lognormvariate(3.5, 1.2))
            fate = rng.random()
            if fate < 0.25:
                row["status"] = "implemented"
                row["implemented_at"] = row["first_response_at"] + timedelta(days=rng.uniform(5, 120))
            elif fate < 0.40:
                row["status"] = "declined"
                row["declined_at"] = row["first_response_at"] + timedelta(days=rng.uniform(1, 30))
            else:
                row["status"] = rng.choice(["acknowledged", "in_review", "approved"])
        rows.append(row)
    return rows


def bulk_insert(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start:start + CHUNK])


def prepare(url: str) -> tuple[str, callable]:
    """Return a database URL of its own and a function that removes it."""
    if url.startswith("postgres"):
        schema = f"gnista_bench_{uuid.uuid4().hex[:8]}"
        engine = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in url else "?"

        def drop():
            with engine.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
        return f"{url}{sep}options=-csearch_path%3D{schema}", drop
    folder = tempfile.TemporaryDirectory()
    return f"sqlite:///{folder.name}/bench.db", folder.cleanup


def time_request(client, path: str, runs: int) -> tuple[float, list[float]]:
    client.get(path)  # warm caches and the query planner
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(timings), timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()

    url, cleanup = prepare(args.database_url)
    workdir = tempfile.TemporaryDirectory()
    try:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": workdir.name,
                          "UPLOAD_FOLDER": workdir.name + "/photos", "RATELIMIT_ENABLED": False,
                          "SECRET_KEY": uuid.uuid4().hex})
        rng = random.Random(2025)
        with app.app_context():
            db.create_all()
            root, administrations, workplaces = build_units(rng)
            users = build_users(rng, workplaces)
            ideas = build_ideas(rng, root, users)
            started = time.perf_counter()
            bulk_insert(Unit.__table__, [root, *administrations, *workplaces])
            bulk_insert(User.__table__, users)
            bulk_insert(Idea.__table__, ideas)
            db.session.commit()
            load_seconds = time.perf_counter() - started
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            admin = db.session.get(User, users[0]["id"])
            sessions.start(admin)
            db.session.commit()
            session_id = admin.get_id()
            dialect = db.engine.dialect.name
            version = db.session.execute(text(
                "SELECT sqlite_version()" if dialect == "sqlite" else "SHOW server_version")).scalar()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        in_year = sum(1 for i in ideas if i["created_at"].year == args.year)
        print(f"{dialect} {version}: {len(workplaces) + len(administrations) + 1} units, "
              f"{EMPLOYEES} employees, {len(users)} accounts, {len(ideas)} ideas "
              f"(about {in_year} submitted in {args.year}); bulk load {load_seconds:.1f} s")
        paths = {
            "organisation": f"/api/v1/stats?year={args.year}",
            "one administration": f"/api/v1/stats?year={args.year}&unit_id={administrations[0]['id']}",
            "one workplace": f"/api/v1/stats?year={args.year}&unit_id={workplaces[0]['id']}",
            "organisation, CSV": f"/api/v1/stats.csv?year={args.year}",
        }
        for label, path in paths.items():
            median, timings = time_request(client, path, args.runs)
            print(f"  {label:<20} median {median:7.1f} ms  "
                  f"(runs: {', '.join(f'{t:.0f}' for t in timings)})")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        workdir.cleanup()
        cleanup()


if __name__ == "__main__":
    main()
