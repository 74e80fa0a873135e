"""Where a request's transactions begin, and which database errors mean "try again".

An unsafe request lives in three steps (server/lifecycle.py runs them):

1. **Read**: the session's user is loaded in a plain read transaction.
2. **Receive**: that transaction ends, then the whole body is read. A phone on a
   weak network may take a minute to send four photos; no transaction, row lock
   or SQLite write lock may be held meanwhile, or every other writer waits.
3. **Write**: the view's first query opens the one write transaction that the
   request commits. On SQLite it is `BEGIN IMMEDIATE`, so that a transaction
   never upgrades from reading to writing (that fails with SQLITE_BUSY at once
   instead of waiting). Views do CPU-heavy work, such as sanitising photos,
   before their first query.

A short write of its own (the idempotency claim) runs on a separate connection
in `short_write()` and commits at once.
"""
from __future__ import annotations

import contextlib
import sqlite3
from typing import Iterator

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from .extensions import SAFE_METHODS, db

_WRITING = "gnista_writing"

# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
_RETRYABLE_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
RETRY_AFTER_SECONDS = 2


def writing() -> bool:
    """Whether a transaction begun now is meant to write."""
    if not has_request_context():
        return True  # commands and the push worker
    if request.method in SAFE_METHODS:
        return False
    return bool(g.get(_WRITING, False))


def end_read() -> None:
    """End the request's read transaction, so nothing is held while the body arrives."""
    if db.session().in_transaction():
        db.session.rollback()


def begin_writing() -> None:
    """From here on the request's session opens its write transaction at the first query."""
    end_read()
    setattr(g, _WRITING, True)


def receive_body() -> None:
    """Read the whole body now, with no transaction open, so that later parsing finds it here.

    Forms go through werkzeug's parser (large files are spooled to disk); any
    other body is read and cached for get_json() and get_data().
    """
    end_read()
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        request.form  # noqa: B018  (reading it parses the stream)
    else:
        request.get_data(cache=True)


@contextlib.contextmanager
def short_write() -> Iterator[Connection]:
    """Run a small write on its own connection and commit it at once."""
    before = g.get(_WRITING, False)
    setattr(g, _WRITING, True)
    try:
        with db.engine.begin() as connection:
            yield connection
    finally:
        setattr(g, _WRITING, before)


def is_lock_timeout(exc: BaseException) -> bool:
    """True when the database gave up waiting for a lock: the same request may succeed later."""
    orig = getattr(exc, "orig", exc) if isinstance(exc, DBAPIError) else exc
    if getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        name = getattr(orig, "sqlite_errorname", "") or ""
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(orig)
    return False


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing() else "BEGIN")


def init_app(app: Flask) -> None:
    """Make the database give up waiting for a lock after DB_LOCK_TIMEOUT_SECONDS."""
    seconds = float(app.config["DB_LOCK_TIMEOUT_SECONDS"])
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _lock_timeout(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
        elif engine.dialect.name == "postgresql":
            cursor.execute(f"SET lock_timeout = {int(seconds * 1000)}")
        cursor.close()
        if engine.dialect.name == "postgresql":
            dbapi_connection.commit()
