"""Time the statistics of a municipality with 10,000 employees and 50,000 ideas.

    python -m benchmarks stats [-- --runs 7 --year 2025 --database sqlite postgresql]

SQLite in a temporary file; PostgreSQL in a throwaway database (`gnista_stats`), dropped at
the end. Rows are inserted in bulk (executemany), not object by object; the timings are of
whole `GET /api/v1/stats` requests through the app, the median of several runs. Saves its
section in benchmarks/results/stats.md.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator

from sqlalchemy import insert, text

from server import create_app
from server.admin.models import Unit
from server.auth import sessions
from server.auth.models import User, sort_key
from server.extensions import db
from server.ideas.models import Idea

from . import databases, machine, report

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
            name = f"Person {len(users)}"
            users.append({"id": uuid.uuid4(), "display_name": name, "sort_name": sort_key(name),
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


@contextmanager
def database(kind: str) -> Iterator[str]:
    """Yield the URL of an empty database of this kind, removed afterwards."""
    if kind == "postgresql":
        if not databases.postgres_available():
            raise SystemExit("PostgreSQL is not reachable at " + databases.POSTGRES_SERVER)
        with databases.postgres_database("gnista_stats") as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.db"


def time_request(client, path: str, runs: int) -> tuple[float, list[float]]:
    client.get(path)  # warm caches and the query planner
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(timings), timings


PATHS = {
    "organisation": ("`/api/v1/stats`, the whole organisation", "/api/v1/stats?year={year}"),
    "administration": ("`/api/v1/stats?unit_id=`, an administration",
                       "/api/v1/stats?year={year}&unit_id={administration}"),
    "workplace": ("`/api/v1/stats?unit_id=`, a workplace",
                  "/api/v1/stats?year={year}&unit_id={workplace}"),
    "csv": ("`/api/v1/stats.csv`, the whole organisation", "/api/v1/stats.csv?year={year}"),
}


def measure(kind: str, runs: int, year: int) -> dict:
    """Fill a fresh database of this kind and time each statistics request on it."""
    with database(kind) as url, tempfile.TemporaryDirectory() as workdir:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": workdir,
                          "UPLOAD_FOLDER": workdir + "/photos", "RATELIMIT_ENABLED": False,
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
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        figures = {"database": f"{names[dialect]} {version.split()[0]}", "load_seconds": load_seconds,
                   "units": len(workplaces) + len(administrations) + 1,
                   "administrations": len(administrations), "workplaces": len(workplaces),
                   "accounts": len(users), "ideas": len(ideas),
                   "in_year": sum(1 for i in ideas if i["created_at"].year == year),
                   "answered": sum(1 for i in ideas if i["first_response_at"]) / len(ideas),
                   "implemented": sum(1 for i in ideas if i["implemented_at"]) / len(ideas),
                   "declined": sum(1 for i in ideas if i["declined_at"]) / len(ideas),
                   "medians": {}, "timings": {}}
        print(f"{figures['database']}: {figures['units']} units, {EMPLOYEES} employees, "
              f"{len(users)} accounts, {len(ideas)} ideas; bulk load {load_seconds:.1f} s")
        for name, (_label, path) in PATHS.items():
            median, timings = time_request(client, path.format(
                year=year, administration=administrations[0]["id"], workplace=workplaces[0]["id"]),
                runs)
            figures["medians"][name], figures["timings"][name] = median, timings
            print(f"  {name:<15} median {median:7.1f} ms  "
                  f"(runs: {', '.join(f'{t:.0f}' for t in timings)})")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return figures


def section(results: list[dict], runs: int, year: int) -> str:
    """Return the markdown section of the measured databases."""
    first = results[0]
    lines = [
        f"## Statistics: {EMPLOYEES:,} employees, {first['ideas']:,} ideas", "",
        f"Measured on {machine.describe()}; the app in-process (Flask test client). One "
        f"municipality: {first['administrations']} administrations with "
        f"{first['workplaces'] // first['administrations']} workplaces each ({first['units']} "
        f"units), {EMPLOYEES:,} employees spread unevenly over the workplaces, "
        f"{first['accounts']:,} accounts, and {first['ideas']:,} ideas submitted between "
        f"{FIRST:%B %Y} and {LAST - timedelta(days=1):%B %Y} ({first['in_year']:,} of them in "
        f"{year}; {first['answered']:.0%} answered, {first['implemented']:.0%} implemented, "
        f"{first['declined']:.0%} declined), inserted in bulk. Each figure is the median of "
        f"{runs} whole `GET` requests for {year}, after one untimed warm-up request.", "",
        "| request (year " + str(year) + ") | "
        + " | ".join(f"{r['database']} median ms" for r in results) + " |",
        "|---|" + "---:|" * len(results)]
    for name, (label, _path) in PATHS.items():
        lines.append(f"| {label} | " + " | ".join(f"{r['medians'][name]:.1f}" for r in results)
                     + " |")
    lines += ["", "| database | request | each run, ms |", "|---|---|---|"]
    for r in results:
        for name, (label, _path) in PATHS.items():
            lines.append(f"| {r['database']} | {label} | "
                         + ", ".join(f"{t:.0f}" for t in r["timings"][name]) + " |")
    lines += ["", "Bulk load of the rows: " + ", ".join(
        f"{r['database']} {r['load_seconds']:.1f} s" for r in results) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks stats",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--database", nargs="+", choices=["sqlite", "postgresql"],
                        default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args(argv)
    results = [measure(kind, args.runs, args.year) for kind in args.database]
    report.save("stats", section(results, args.runs, args.year))


if __name__ == "__main__":
    main()
