"""Build the national-deployment database: migrations first, then rows in bulk with SQL."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import psycopg

from . import texts

SQL = Path(__file__).with_name("generate.sql")
FULL = {"users": 1_200_000, "ideas": 10_000_000, "orgs": 300}
LOADED_TABLES = ("ideas", "votes", "status_changes", "users", "units", "idea_search")
# Primary keys dropped during the load and added after it (random uuids, row by row, are slow).
LOADED_KEYS = ("pk_votes", "idea_search_pkey")
POOLS = {"titles": 4000, "sentences": 12000}


def sizes(scale: float) -> dict:
    """Return the row counts for a scale; 1.0 is the national deployment."""
    return {"users": max(300 * 60, round(FULL["users"] * scale)),
            "ideas": max(1000, round(FULL["ideas"] * scale)), "orgs": FULL["orgs"]}


def _secondary_indexes(conn) -> list[tuple[str, str]]:
    """Return (name, definition) of the loaded tables' indexes that back no constraint."""
    return conn.execute("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.indexname""", [list(LOADED_TABLES)]).fetchall()


def build(url: str, scale: float, log=print, *, kept: int | None = None) -> dict:
    """Fill the upgraded database at url; return the seconds each step took.

    ``kept`` builds only that many of the largest municipalities, each at its size in the
    whole deployment.
    """
    counts = sizes(scale)
    steps: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        indexes = _secondary_indexes(conn)
        keys = conn.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                            "FROM pg_constraint WHERE conname = ANY(%s)",
                            [list(LOADED_KEYS)]).fetchall()
        # Indexes are built once after the load: far faster than row by row.
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, name, _definition in keys:
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        _load_pools(conn)
    began = time.perf_counter()
    command = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(SQL)]
    variables = {**counts, **POOLS, "rare": len(texts.RARE), "kept": kept or counts["orgs"]}
    command += [arg for key, value in variables.items() for arg in ("-v", f"{key}={value}")]
    subprocess.run(command, check=True)
    steps["rows"] = time.perf_counter() - began
    log(f"rows loaded in {steps['rows']:.0f} s")
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET max_parallel_maintenance_workers = 2")
        for table, name, definition in keys:
            conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            conn.execute(definition)
            log(f"index {name} built")
        steps["indexes"] = time.perf_counter() - began
        began = time.perf_counter()
        for table in LOADED_TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        steps["vacuum"] = time.perf_counter() - began
        counts["search_differs"] = _search_differs(conn)
        conn.execute("DROP TABLE IF EXISTS bench_ideas, bench_titles, bench_sentences, bench_rare")
        counts["largest_org_users"] = conn.execute(
            "SELECT max(users) FROM bench_orgs").fetchone()[0]
        counts["votes"] = conn.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'votes'").fetchone()[0]
        counts["bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    log(f"indexes {steps['indexes']:.0f} s, vacuum {steps['vacuum']:.0f} s")
    return {"counts": counts, "steps": steps}


def _load_pools(conn) -> None:
    """Put the pools of titles and sentences the ideas are made of into the database."""
    pools = {"bench_titles": texts.titles(POOLS["titles"]),
             "bench_sentences": texts.sentences(POOLS["sentences"]),
             "bench_rare": texts.rare_sentences()}
    for table, bodies in pools.items():
        conn.execute(f"CREATE UNLOGGED TABLE {table} (n bigint PRIMARY KEY, body text NOT NULL)")
        with conn.cursor().copy(f"COPY {table} (n, body) FROM STDIN") as copy:
            for number, body in enumerate(bodies):
                copy.write_row((number, body))


def _search_differs(conn, sample: int = 2000) -> int:
    """Count sampled ideas whose index words differ from what the index's trigger writes."""
    return conn.execute("""
        SELECT count(*) FROM idea_search s JOIN ideas i ON i.id = s.idea_id
        WHERE i.id IN (SELECT md5('i' || (g * 7919 %% (SELECT sum(ideas) FROM bench_orgs) + 1))::uuid
                       FROM generate_series(1, %s) g)
          AND (strip(s.document) <> strip(gnista_search_vector(gnista_fold(i.title), 'A')
                                          || gnista_search_vector(gnista_fold(i.description), 'B'))
               OR s.words <> gnista_fold(concat_ws(' ', i.title, i.description)))""",
                        [sample]).fetchone()[0]
