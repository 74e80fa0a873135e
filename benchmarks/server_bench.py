"""Measure requests per second and latency of the API under gunicorn, against a bare Flask endpoint.

    python -m benchmarks server [--backends sqlite,postgres] [--runs 3] [--duration 8]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from . import databases, instance, load, machine, report
from .gunicorn_server import gunicorn
from .sample_photo import photo_jpeg
from .timing import median, ms

SCENARIOS = {
    "bare": "bare Flask JSON endpoint (baseline)",
    # Two floors between the bare endpoint and the feed: the app's own
    # request handling, then that plus finding the signed-in user.
    "health": "the app's health check, signed out, no query (`GET /healthz`)",
    "me": "who am I, signed in: the session's user (`GET /api/v1/me`)",
    "feed": "feed, 20 ideas (`GET /api/v1/ideas?limit=20`)",
    # Not how Gnista serves: how far a cache could lift the feed at most.
    "memo-feed": "the same feed with its user and pages kept in memory: a ceiling "
                 "(`benchmarks/memo_app.py`)",
    "detail": "idea detail (`GET /api/v1/ideas/{id}`)",
    "vote": "vote (`PUT /api/v1/ideas/{id}/vote`)",
    "create": "new idea with a 1600 px photo (`POST /api/v1/ideas`, multipart)",
}


def _measure(backend: str, database_url: str, folder: Path, args) -> dict:
    origin = "http://127.0.0.1"
    env = instance.environment(folder / "instance", database_url, origin)
    instance.upgrade(env)
    seed = instance.seed(env, users=args.users, ideas=args.ideas)
    photo = photo_jpeg(1600, 1200, quality=80)
    log = folder / f"gunicorn-{backend}.log"
    serve = dict(env=env, cwd=instance.ROOT, log=log, workers=args.workers, threads=args.threads)
    runs: dict[str, list[load.Outcome]] = {name: [] for name in SCENARIOS}
    writers: dict[str, load.Outcome] = {}
    with gunicorn("wsgi:app", **serve) as app_port, \
            gunicorn("benchmarks.memo_app:app", **serve) as memo_port, \
            gunicorn("benchmarks.bare_app:app", probe="/bare", **serve) as bare_port:
        ports = {"bare": bare_port, "memo-feed": memo_port}

        def target(name: str) -> load.Target:
            return load.Target(port=ports.get(name, app_port), scenario=name,
                               cookies=seed.cookies, idea_ids=[str(i) for i in seed.idea_ids],
                               idea_owner=seed.idea_owner, photo=photo)

        for name in SCENARIOS:  # warm up connections, caches and the JIT-less interpreter alike
            load.run(target(name), clients=args.clients, duration=1.0)
        for run in range(args.runs):
            for name in SCENARIOS:
                outcome = load.run(target(name), clients=args.clients, duration=args.duration)
                runs[name].append(outcome)
                print(f"{backend} run {run + 1} {name}: {outcome.rate:.0f} req/s "
                      f"p95 {ms(outcome.p95)} ms errors {outcome.errors} {outcome.samples}")
        for name in ("vote", "create"):
            writers[name] = load.run(target(name), clients=args.writers, duration=args.duration)
            print(f"{backend} {args.writers} writers {name}: {writers[name].rate:.0f} req/s "
                  f"errors {writers[name].errors} {writers[name].statuses}")
    locked = log.read_text(errors="replace").count("database is locked")
    return {"runs": runs, "writers": writers, "locked": locked}


def _table(backend: str, result: dict, args) -> str:
    runs = result["runs"]
    bare_rates = [o.rate for o in runs["bare"]]
    lines = [f"### {backend}", "",
             f"{args.clients} concurrent clients, {args.runs} runs of {args.duration:g} s each, "
             "medians over the runs; latency of successful requests.", "",
             "| request | req/s | × bare | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, label in SCENARIOS.items():
        outcomes = runs[name]
        ratios = [o.rate / b for o, b in zip(outcomes, bare_rates) if b]
        lines.append(f"| {label} | {median([o.rate for o in outcomes]):.0f} | "
                     f"{median(ratios):.3f} | {ms(median([o.p50 for o in outcomes]))} | "
                     f"{ms(median([o.p95 for o in outcomes]))} | "
                     f"{ms(median([o.p99 for o in outcomes]))} | "
                     f"{sum(o.errors for o in outcomes)} |")
    lines += ["", f"{args.writers} concurrent writers, {args.duration:g} s each:", "",
              "| writes | req/s | p95 ms | p99 ms | errors | statuses |", "|---|---:|---:|---:|---:|---|"]
    for name, outcome in result["writers"].items():
        lines.append(f"| {name} | {outcome.rate:.0f} | {ms(outcome.p95)} | {ms(outcome.p99)} | "
                     f"{outcome.errors} | {outcome.statuses} |")
    lines += ["", f"\"database is locked\" in the server log: {result['locked']}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks server", description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--ideas", type=int, default=5000)
    args = parser.parse_args(argv)
    sections = []
    pg = databases.POSTGRES_SERVER + "/postgres"
    described = machine.describe(pg)
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix=f"gnista-bench-{backend}-") as tmp:
            folder = Path(tmp)
            if backend == "sqlite":
                result = _measure(backend, databases.sqlite_database(folder), folder, args)
            elif backend == "postgres":
                if not databases.postgres_available():
                    print("PostgreSQL is not reachable; skipping it.")
                    continue
                with databases.postgres_database("gnista_bench") as url:
                    result = _measure(backend, url, folder, args)
            else:
                raise SystemExit(f"unknown backend {backend}")
        sections.append(_table({"sqlite": "SQLite (WAL)", "postgres": "PostgreSQL"}[backend],
                               result, args))
    header = ["## Server throughput and latency", "",
              f"Measured on {described}. "
              f"gunicorn, {args.workers} gthread workers × {args.threads} threads, on loopback; "
              "the load generator (Python, http.client, keep-alive, 2 processes) runs on the same "
              f"2 cores. The database holds one municipality with {args.users} users and "
              f"{args.ideas} ideas.", ""]
    report.save("server", "\n".join(header + sections))


if __name__ == "__main__":
    main()
