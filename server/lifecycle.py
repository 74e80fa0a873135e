"""The request commits once, at the end; idempotency results are saved in that commit.

Before the view runs, an unsafe request's body is received with no transaction
open (server/transactions.py); the view's first query opens the write
transaction committed here.
"""
from __future__ import annotations

import logging

from flask import Flask, request
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from . import transactions
from .errors import ApiError, error_response, handle_unexpected
from .extensions import UNSAFE_METHODS, db
from .idempotency import hooks as idempotency
from .idempotency import services as idempotency_services
from .photos import pending

log = logging.getLogger(__name__)


def receive():
    """Read the whole body before the write transaction begins, then let the view write."""
    if request.method not in UNSAFE_METHODS:
        return
    transactions.receive_body()
    idempotency.fingerprint_claimed()
    transactions.begin_writing()


def busy_response():
    return error_response(503, "busy",
                          "Gnista is busy saving other changes. Nothing was saved; "
                          "try again in a moment.",
                          headers={"Retry-After": str(transactions.RETRY_AFTER_SECONDS)})


def handle_database_error(exc: DBAPIError):
    """A lock wait that timed out is worth retrying; any other database error is ours."""
    if transactions.is_lock_timeout(exc):
        log.warning("Lock timeout in %s %s: %s", request.method, request.path, exc.orig)
        db.session.rollback()
        return busy_response()
    return handle_unexpected(exc)


def commit_response(response):
    """Commit a successful request; roll back anything else."""
    if response.status_code >= 400 or request.method not in UNSAFE_METHODS:
        db.session.rollback()
        return response
    attempt = idempotency.claimed()
    try:
        if attempt is not None:
            idempotency_services.remember(attempt, status_code=response.status_code,
                                          body=response.get_data(as_text=True))
        db.session.commit()
        if attempt is not None:
            idempotency.settled()
    except (IntegrityError, idempotency_services.LostClaim):
        db.session.rollback()
        if attempt is None:
            return error_response(409, "conflict",
                                  "This conflicts with a change made at the same moment. "
                                  "Try again.")
        # A twin request with the same key committed first: answer with its result.
        record = idempotency_services.find(attempt.user_id, attempt.key)
        if record is None:
            exc = idempotency.in_flight(idempotency_services.IN_FLIGHT_RETRY_SECONDS)
            return error_response(exc.status, exc.code, exc.message, headers=exc.headers)
        try:
            return idempotency.replay(record, attempt)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message)
    except SQLAlchemyError as exc:
        db.session.rollback()
        if transactions.is_lock_timeout(exc):
            log.warning("Lock timeout committing %s %s", request.method, request.path)
            return busy_response()
        log.exception("Commit failed for %s %s", request.method, request.path)
        return error_response(503, "unavailable",
                              "The change could not be saved just now. It is safe to try again.",
                              headers={"Retry-After": str(transactions.RETRY_AFTER_SECONDS)})
    return response


def discard_leftovers(_exc=None):
    """A request that ended without committing leaves no photo files and no claim behind."""
    pending.discard(db.session())
    # A later after-request hook may have read (and on SQLite, in a write request, locked)
    # again after the commit: end that before the claim is released on its own connection.
    db.session.rollback()
    try:
        idempotency.release_unsettled()
    except SQLAlchemyError:
        # The claim's lease runs out on its own.
        log.exception("Could not release an idempotency claim for %s", request.path)


def register(app: Flask) -> None:
    # After guard and the idempotency claim: the user is known, the key claimed.
    app.before_request(receive)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.after_request(commit_response)
    app.teardown_request(discard_leftovers)
