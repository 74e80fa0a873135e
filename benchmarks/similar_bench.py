"""Measure similar ideas: quality on the Swedish pairs of the tests, and the time of a request.

    python -m benchmarks similar [-- --ideas 10000 --runs 3 --database sqlite postgresql]

Quality: the pairs of tests/ideas/similar_pairs.py, the existing ideas alone in
one organisation, each typed text asked once through the API: how often the
true duplicate is among the first three offered, and how often a near miss is.
Time: the same texts asked in a second organisation that also holds ``--ideas``
generated ideas (sentences of home care, cleaning, kitchen and school words),
each text ``--runs`` times; the median and the 95th percentile of whole
`GET /api/v1/ideas/similar` requests through the app (Flask test client).
SQLite in a temporary file; PostgreSQL in a throwaway database (`gnista_similar`).
Saves its section in benchmarks/results/similar.md.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import timedelta

from sqlalchemy import insert, text

from server import create_app
from server.admin.models import Unit
from server.auth import sessions
from server.auth.models import User, sort_key
from server.extensions import db
from server.ideas.models import Idea
from server.timestamps import utcnow
from tests.ideas.similar_pairs import PAIRS, TOP, quality

from . import machine, report
from .stats_bench import bulk_insert, database

PLACES = ["trappan", "entrén", "köket", "matsalen", "förrådet", "bilen", "personalrummet",
          "klassrummet", "korridoren", "tvättstugan", "skolgården", "badrummet", "kontoret"]
THINGS = ["städvagnen", "moppen", "diskmaskinen", "kylskåpet", "nyckelskåpet", "larmet",
          "rollatorn", "schemat", "matlådorna", "handskarna", "belysningen", "dörren",
          "hissen", "kaffebryggaren", "skrivaren", "cykelstället", "soptunnan", "sängen"]
WANTS = ["behöver bytas", "går sönder ofta", "saknas", "borde flyttas", "är för tung",
         "räcker inte", "borde märkas", "behöver lagas", "är svår att nå", "borde städas oftare"]


def generated(rng: random.Random) -> tuple[str, str]:
    """Return a title and a description such as colleagues write."""
    thing, place = rng.choice(THINGS), rng.choice(PLACES)
    title = f"{thing.capitalize()} i {place}"
    description = (f"{thing.capitalize()} i {place} {rng.choice(WANTS)}. "
                   f"Dessutom {rng.choice(THINGS)} vid {rng.choice(PLACES)} {rng.choice(WANTS)}.")
    return title, description


def _org(name: str) -> tuple[dict, dict, dict]:
    root_id, unit_id = uuid.uuid4(), uuid.uuid4()
    root = {"id": root_id, "name": name, "parent_id": None, "path": f"/{root_id.hex}/",
            "headcount": 100, "target_per_employee": None}
    unit = {"id": unit_id, "name": "Hemtjänst", "parent_id": root_id,
            "path": f"/{root_id.hex}/{unit_id.hex}/", "headcount": 100,
            "target_per_employee": None}
    writer = {"id": uuid.uuid4(), "display_name": "Skribent", "sort_name": sort_key("Skribent"),
              "unit_id": unit_id, "role": "staff", "active": True}
    return root, unit, writer


def _idea(root: dict, writer: dict, title: str | None, description: str, at) -> dict:
    return {"id": uuid.uuid4(), "org_id": root["id"], "unit_id": writer["unit_id"],
            "submitter_id": writer["id"], "title": title, "description": description,
            "status": "submitted", "created_at": at, "updated_at": at}


def measure(kind: str, ideas: int, runs: int) -> dict:
    """Fill a fresh database of this kind, then measure quality and time on it."""
    with database(kind) as url, tempfile.TemporaryDirectory() as workdir:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": workdir,
                          "UPLOAD_FOLDER": workdir + "/photos", "RATELIMIT_ENABLED": False,
                          "SECRET_KEY": uuid.uuid4().hex})
        rng = random.Random(2026)
        now = utcnow()
        with app.app_context():
            db.create_all()
            small, big = _org("Parkommun"), _org("Storkommun")
            pair_ids, typists = [], []
            for root, unit, writer in (small, big):
                bulk_insert(Unit.__table__, [root, unit])
                typist = {**writer, "id": uuid.uuid4(), "display_name": "Skrivare",
                          "sort_name": sort_key("Skrivare")}
                bulk_insert(User.__table__, [writer, typist])
                typists.append(typist["id"])
            rows = [_idea(small[0], small[2], t, d, now) for _typed, t, d, _dup in PAIRS]
            pair_ids = [str(r["id"]) for r in rows]
            bulk_insert(Idea.__table__, rows)
            started = time.perf_counter()
            filler = [_idea(big[0], big[2], *generated(rng), now - timedelta(minutes=i))
                      for i in range(ideas)]
            bulk_insert(Idea.__table__, filler + [_idea(big[0], big[2], t, d, now)
                                                  for _typed, t, d, _dup in PAIRS])
            db.session.commit()
            load_seconds = time.perf_counter() - started
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            cookies = []
            for typist in typists:
                person = db.session.get(User, typist)
                sessions.start(person)
                db.session.commit()
                cookies.append(person.get_id())
            dialect = db.engine.dialect.name
            version = db.session.execute(text(
                "SELECT sqlite_version()" if dialect == "sqlite" else "SHOW server_version")).scalar()

        def client_for(cookie):
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = cookie
                session["_fresh"] = True
            return client

        def ask(client, typed):
            response = client.get("/api/v1/ideas/similar", query_string={"text": typed})
            assert response.status_code == 200, response.get_data(as_text=True)
            return [i["id"] for i in response.get_json()["items"]]

        quiet, busy = client_for(cookies[0]), client_for(cookies[1])
        hit_rate, false_rate = quality(lambda typed: ask(quiet, typed), pair_ids)
        for typed, *_ in PAIRS:  # warm caches and the query planner
            ask(busy, typed)
        timings = []
        for _ in range(runs):
            for typed, *_ in PAIRS:
                started = time.perf_counter()
                ask(busy, typed)
                timings.append((time.perf_counter() - started) * 1000)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    timings.sort()
    figures = {"database": f"{names[dialect]} {version.split()[0]}", "hit_rate": hit_rate,
               "false_rate": false_rate, "median": statistics.median(timings),
               "p95": timings[int(0.95 * (len(timings) - 1))], "requests": len(timings),
               "load_seconds": load_seconds}
    print(f"{figures['database']}: top-{TOP} hit rate {hit_rate:.1%}, near misses in top "
          f"{TOP} {false_rate:.1%}; median {figures['median']:.1f} ms, "
          f"p95 {figures['p95']:.1f} ms over {len(timings)} requests")
    return figures


def section(results: list[dict], ideas: int, runs: int) -> str:
    duplicates = sum(1 for *_, d in PAIRS if d)
    lines = [
        "## Similar ideas while typing: quality and time", "",
        f"Measured on {machine.describe()}; the app in-process (Flask test client). Quality: "
        f"the {len(PAIRS)} Swedish pairs of `tests/ideas/similar_pairs.py` ({duplicates} "
        f"duplicates phrased differently, {len(PAIRS) - duplicates} near misses), the existing "
        "ideas alone in one organisation, each typed text asked once. Time: the same texts "
        f"asked {runs} times each in an organisation that also holds {ideas:,} generated "
        "ideas, after one untimed round; whole `GET /api/v1/ideas/similar` requests. "
        "The pairs were written together with the scoring, so the quality figures are "
        "those of a development set, not of unseen text.", "",
        "| database | duplicate in the top 3 | near miss in the top 3 | median ms | "
        "95th percentile ms |",
        "|---|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['database']} | {r['hit_rate']:.1%} | {r['false_rate']:.1%} | "
                     f"{r['median']:.1f} | {r['p95']:.1f} |")
    lines += ["", "Bulk load of the generated ideas (indexed by the triggers): " + ", ".join(
        f"{r['database']} {r['load_seconds']:.1f} s" for r in results) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks similar",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--database", nargs="+", choices=["sqlite", "postgresql"],
                        default=["sqlite", "postgresql"])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    results = [measure(kind, args.ideas, args.runs) for kind in args.database]
    report.save("similar", section(results, args.ideas, args.runs))


if __name__ == "__main__":
    main()
