"""Create and drop throwaway PostgreSQL databases and SQLite files for a benchmark."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

import psycopg

POSTGRES_SERVER = os.environ.get("GNISTA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def _admin_url() -> str:
    return POSTGRES_SERVER.rstrip("/") + "/postgres"


def postgres_available() -> bool:
    try:
        with psycopg.connect(_admin_url(), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def drop_postgres(name: str) -> None:
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def postgres_database(name: str, *, keep: bool = False, fresh: bool = True) -> Iterator[str]:
    """Yield the URL of a fresh (or the existing) database, dropped afterwards unless kept."""
    if fresh:
        drop_postgres(name)
        with psycopg.connect(_admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_SERVER.rstrip("/") + "/" + name
    finally:
        if not keep:
            drop_postgres(name)


def sqlite_database(folder: Path) -> str:
    return "sqlite:///" + str(folder / "gnista.db")
