"""Build the national-deployment database: migrations first, then rows in bulk with SQL."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import psycopg

SQL = Path(__file__).with_name("generate.sql")
FULL = {"users": 1_200_000, "ideas": 10_000_000, "orgs": 300}
LOADED_TABLES = ("ideas", "votes", "status_changes", "users", "units")


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


def build(url: str, scale: float, log=print) -> dict:
    """Fill the upgraded database at url; return the seconds each step took."""
    counts = sizes(scale)
    steps: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        indexes = _secondary_indexes(conn)
        votes_pk = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                "WHERE conname = 'pk_votes'").fetchone()[0]
        # Indexes are built once after the load: far faster than row by row.
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("ALTER TABLE votes DROP CONSTRAINT pk_votes")
    began = time.perf_counter()
    command = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(SQL)]
    command += [arg for key, value in counts.items() for arg in ("-v", f"{key}={value}")]
    subprocess.run(command, check=True)
    steps["rows"] = time.perf_counter() - began
    log(f"rows loaded in {steps['rows']:.0f} s")
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET max_parallel_maintenance_workers = 2")
        conn.execute(f"ALTER TABLE votes ADD CONSTRAINT pk_votes {votes_pk}")
        for name, definition in indexes:
            conn.execute(definition)
            log(f"index {name} built")
        steps["indexes"] = time.perf_counter() - began
        began = time.perf_counter()
        for table in LOADED_TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        steps["vacuum"] = time.perf_counter() - began
        conn.execute("DROP TABLE IF EXISTS bench_ideas")
        counts["largest_org_users"] = conn.execute(
            "SELECT max(users) FROM bench_orgs").fetchone()[0]
        counts["votes"] = conn.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'votes'").fetchone()[0]
        counts["bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    log(f"indexes {steps['indexes']:.0f} s, vacuum {steps['vacuum']:.0f} s")
    return {"counts": counts, "steps": steps}
