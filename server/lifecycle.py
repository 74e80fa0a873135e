"""The request commits once, at the end; idempotency results are saved in that commit."""
from __future__ import annotations

import logging

from flask import Flask, g, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .errors import ApiError, error_response
from .extensions import UNSAFE_METHODS, db
from .idempotency import hooks as idempotency
from .idempotency import services as idempotency_services
from .photos import pending

log = logging.getLogger(__name__)


def commit_response(response):
    """Commit a successful request; roll back anything else."""
    if response.status_code >= 400 or request.method not in UNSAFE_METHODS:
        db.session.rollback()
        return response
    attempt = g.pop("idempotency_attempt", None)
    try:
        if attempt is not None:
            idempotency_services.remember(attempt, status_code=response.status_code,
                                          body=response.get_data(as_text=True))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if attempt is None:
            return error_response(409, "conflict",
                                  "This conflicts with a change made at the same moment. Try again.")
        # A twin request with the same key committed first: answer with its result.
        record = idempotency_services.find(attempt.user_id, attempt.key)
        if record is None:
            return error_response(409, "conflict", "The request clashed with another. Try again.")
        try:
            return idempotency.replay(record, attempt)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message)
    except SQLAlchemyError:
        log.exception("Commit failed for %s %s", request.method, request.path)
        db.session.rollback()
        return error_response(503, "unavailable",
                              "The change could not be saved just now. It is safe to try again.")
    return response


def discard_leftovers(_exc=None):
    """A request that ended without committing leaves no photo files behind."""
    pending.discard(db.session())


def register(app: Flask) -> None:
    app.after_request(commit_response)
    app.teardown_request(discard_leftovers)
