"""Time the feed, idea detail, statistics and search of the largest municipality; keep the plans."""
from __future__ import annotations

import random
import shutil
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

from ..instance import SECRET_KEY, session_cookie
from ..timing import percentile

PLANS = Path(__file__).resolve().parent.parent / "plans"


def _md5_uuid(text: str) -> uuid.UUID:
    import hashlib
    return uuid.UUID(hashlib.md5(text.encode()).hexdigest())


def _requests(conn_info: dict, rng: random.Random) -> dict:
    """Return the named requests to time, as callables of a test client."""
    ideas = conn_info["ideas"]

    def detail_path() -> str:
        return f"/api/v1/ideas/{_md5_uuid('i' + str(rng.randint(1, ideas)))}"

    return {
        "feed_unit": ("staff", lambda: "/api/v1/ideas?limit=20"),
        "feed_org": ("staff", lambda: "/api/v1/ideas?scope=org&limit=20"),
        "feed_org_top": ("staff", lambda: "/api/v1/ideas?scope=org&sort=top&limit=20"),
        "feed_org_implemented": ("staff", lambda: "/api/v1/ideas?scope=org&status=implemented&limit=20"),
        "detail": ("staff", detail_path),
        "stats_org": ("admin", lambda: "/api/v1/stats"),
        "stats_administration": ("admin", lambda: f"/api/v1/stats?unit_id={conn_info['administration']}"),
    }


# What people search for, by kind; texts.py's vocabulary holds every word in the forms
# the kind names ("handske" is in the ideas only inside compounds or inflected).
SEARCHES = {
    "single word": ["parkering", "skrivare", "termostat"],
    "inflected form": ["handskarna", "halkade", "trapporna"],
    "compound part": ["handske", "skåp", "dörr"],
    "two words": ["nya handskar", "trasig dörr", "kalla lampor"],
    "rare word": ["hjärtstartare", "snöslunga", "laminator"],
    "very common word": ["barnen", "förskolan"],
}


def search_path(query: str) -> str:
    """The search the web app asks for: the whole municipality, by relevance, 20 a page."""
    return "/api/v1/ideas?" + urllib.parse.urlencode({"scope": "org", "q": query})


def _explain(engine, statements: list[tuple[str, object]]) -> tuple[str, float]:
    """EXPLAIN ANALYZE each captured SELECT; return the text and the summed execution ms.

    The request's other statements (a search's planner estimates) run as they are, in
    order; its settings (set_config) are SELECTs, so each SELECT is planned as in the
    request.
    """
    out, total = [], 0.0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            if not _selects(statement):
                cursor.execute(statement, parameters)
                out.append(f"-- {statement}\n-- parameters: {parameters!r}\n")
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            for line in plan.splitlines():
                if line.startswith("Execution Time:"):
                    total += float(line.split()[2])
            out.append(f"-- {statement}\n-- parameters: {parameters!r}\n{plan}\n")
        raw.rollback()
    finally:
        raw.close()
    return "\n".join(out), total


def measure(url: str, *, repeats: int = 30, log=print) -> dict:
    """Time each request through the app in-process; write the plans; return the figures."""
    import psycopg

    from server import create_app
    from server.auth.models import User
    from server.extensions import db

    with psycopg.connect(url) as conn:
        ideas, users = conn.execute("SELECT ideas, users FROM bench_orgs WHERE k = 1").fetchone()
        total = conn.execute("SELECT count(*) FROM ideas WHERE org_id = %s",
                             [_md5_uuid("org1")]).fetchone()[0]
    info = {"ideas": ideas, "administration": _md5_uuid("adm1-1")}
    folder = tempfile.mkdtemp(prefix="gnista-scale-")
    app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                      "RATELIMIT_ENABLED": False})
    rng = random.Random(8)
    results: dict = {"largest_org": {"users": users, "ideas": total}, "requests": {}}
    PLANS.mkdir(exist_ok=True)
    with app.app_context():
        people = {"admin": db.session.get(User, _md5_uuid("u1")),
                  "staff": db.session.get(User, _md5_uuid("u3"))}
        clients = {}
        with app.test_request_context():
            for role, user in people.items():
                client = app.test_client()
                name, value = session_cookie(app, user).split("=", 1)
                client.set_cookie(name, value, domain="localhost")
                clients[role] = client
        engine = db.engine
        db.session.remove()
    # No app context is held around the requests: Flask-Login keeps the user in `g`.
    for name, (role, path) in _requests(info, rng).items():
        figures, plans = _time(clients[role], path, engine, repeats)
        (PLANS / f"{name}.txt").write_text(plans)
        figures.pop("statements")
        results["requests"][name] = figures
        log(f"{name}: p50 {figures['p50'] * 1000:.1f} ms p95 {figures['p95'] * 1000:.1f} ms "
            f"first {figures['first'] * 1000:.0f} ms, {figures['queries']} queries, "
            f"SQL {figures['sql_ms']:.1f} ms")
    results["search"] = _searches(clients["staff"], engine, repeats, log,
                                  app.config["SEARCH_RANKED_MATCHES"])
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return results


def _time(client, path, engine, repeats: int) -> tuple[dict, str]:
    """Time one request ``repeats`` times after an untimed first; EXPLAIN its SELECTs once."""
    from sqlalchemy import event

    first_began = time.perf_counter()
    response = client.get(path())
    first = time.perf_counter() - first_began
    if response.status_code != 200:
        raise RuntimeError(f"{path()}: {response.status_code} {response.data[:300]!r}")
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        response = client.get(path())
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.data[:300]
    captured: list = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "EXPLAIN")):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        body = client.get(path()).get_json()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    plans, sql_ms = _explain(engine, captured)
    return {"first": first, "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "max": max(times), "queries": len(captured), "sql_ms": sql_ms, "times": times,
            "items": len(body["items"]) if "items" in body else None,
            "statements": captured}, plans


def _selects(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT")


# Ranking every match, as search did before it ranked only the newest matches.
EVERY_MATCH = 10**9


def _sql_times(engine, statement: str, parameters, repeats: int, setup=()) -> list[float]:
    raw = engine.raw_connection()
    try:
        cursor, times = raw.cursor(), []
        for prepare, values in setup:
            cursor.execute(prepare, values)
        for _ in range(repeats + 1):
            began = time.perf_counter()
            cursor.execute(statement, parameters)
            cursor.fetchall()
            times.append(time.perf_counter() - began)
        raw.rollback()
    finally:
        raw.close()
    return times[1:]


def _before_and_after(engine, statements: list, repeats: int) -> tuple[dict, str]:
    """Time the page's query as it is and ranking every match, one after the other.

    Both run on this database with the request's settings (its set_config); "before"
    is the same query with the bound on ranked matches lifted, which ranks what the
    search ranked before the bound.
    """
    setup = [(s, p) for s, p in statements if "set_config(" in s]
    statement, parameters = next((s, p) for s, p in statements
                                 if _selects(s) and "ranked_matches" in (p or {}))
    every = {**parameters, "ranked_matches": EVERY_MATCH}
    after_times, before_times = [], []
    for _ in range(repeats):
        after_times += _sql_times(engine, statement, parameters, 1, setup)
        before_times += _sql_times(engine, statement, every, 1, setup)
    plan, _ = _explain(engine, [*setup, (statement, every)])
    return {"after": percentile(after_times, 0.5), "before": percentile(before_times, 0.5)}, plan


def _searches(client, engine, repeats: int, log, ranked: int) -> dict:
    """Time each search of SEARCHES; figures per query, per kind and overall; plans per kind."""
    queries, kinds, every, before_plans = {}, {}, [], []
    for kind, words in SEARCHES.items():
        plans, times = [], []
        for query in words:
            figures, plan = _time(client, lambda q=query: search_path(q), engine, repeats)
            compared, before_plan = _before_and_after(engine, figures.pop("statements"),
                                                      max(3, repeats // 3))
            # The newest matches were found by walking the ideas newest first, or through
            # the search indexes.
            walked = "Backward using ix_ideas_org_feed" in plan
            queries[query] = {**figures, "kind": kind, "page_sql": compared,
                              "found_by": "walk" if walked else "index"}
            times += figures["times"]
            plans.append(f"-- search {query!r}: GET {search_path(query)}\n{plan}")
            before_plans.append(f"-- search {query!r}, ranking every match\n{before_plan}")
            log(f"search {query!r} ({kind}): p50 {figures['p50'] * 1000:.1f} ms "
                f"p95 {figures['p95'] * 1000:.1f} ms, {figures['items']} found, "
                f"SQL {figures['sql_ms']:.1f} ms; page query p50 {compared['after'] * 1000:.1f} "
                f"ms, ranking every match {compared['before'] * 1000:.1f} ms")
        slug = kind.replace(" ", "_")
        (PLANS / f"search_{slug}.txt").write_text("\n".join(plans))
        kinds[kind] = {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                       "queries": words, "plans": f"search_{slug}.txt"}
        every += times
    (PLANS / "search_before.txt").write_text("\n".join(before_plans))
    return {"queries": queries, "kinds": kinds, "ranked": ranked,
            "overall": {"p50": percentile(every, 0.5), "p95": percentile(every, 0.95),
                        "requests": len(every)}}
