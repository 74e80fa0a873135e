"""Claim the Idempotency-Key before a view runs; replay a stored result when there is one."""
from __future__ import annotations

import dataclasses
import uuid

from flask import Response, current_app, g, request
from flask_login import current_user

from ..errors import ApiError, Invalid
from ..extensions import UNSAFE_METHODS
from .. import transactions
from . import services
from .sealing import UnreadableReply

HEADER = "Idempotency-Key"
_ATTEMPT = "idempotency_attempt"


def attempt_from_request() -> services.Attempt | None:
    raw_key = request.headers.get(HEADER)
    if request.method not in UNSAFE_METHODS or raw_key is None or not current_user.is_authenticated:
        return None
    try:
        key = uuid.UUID(raw_key.strip())
    except ValueError as exc:
        raise ApiError("The Idempotency-Key header must be a UUID.", code="invalid_idempotency_key",
                       status=400) from exc
    return services.Attempt(user_id=current_user.id, key=key, method=request.method,
                            path=request.path)


def _fingerprint() -> str:
    if request.is_json:
        return services.fingerprint(request.method, request.path,
                                    json_body=request.get_json(silent=True))
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        files = []
        for name, upload in request.files.items(multi=True):
            upload.stream.seek(0)
            files.append((name, upload.stream.read()))
            upload.stream.seek(0)
        form = {k: "\x1f".join(v) for k, v in request.form.lists()}
        return services.fingerprint(request.method, request.path, form=form, files=files)
    return services.fingerprint(request.method, request.path, raw=request.get_data())


def in_flight(retry_after: int) -> ApiError:
    return ApiError("A request with this Idempotency-Key is still being processed. "
                    "Send it again in a moment.", code="idempotency_in_flight", status=409,
                    headers={"Retry-After": str(retry_after)})


def before_request() -> Response | None:
    """Replay a finished key, refuse a key still in flight, or claim the key for this request.

    The claim is committed before the body is read, so a twin sent while this
    request's photos are still arriving is told to wait rather than act twice.
    """
    attempt = attempt_from_request()
    if attempt is None:
        return None
    record = services.find(attempt.user_id, attempt.key)
    if record is None:
        outcome = services.claim(attempt, lease_seconds=current_app.config[
            "GNISTA_IDEMPOTENCY_LEASE_SECONDS"])
        if isinstance(outcome, services.InFlight):
            raise in_flight(outcome.retry_after)
        if isinstance(outcome, services.Attempt):
            setattr(g, _ATTEMPT, outcome)
            return None
        record = outcome
    # A finished key: compare its request with this one's body, read with nothing held.
    transactions.receive_body()
    return replay(record, attempt)


def fingerprint_claimed() -> None:
    """Hash the claimed request's body once it has arrived, before the write transaction."""
    attempt = g.get(_ATTEMPT)
    if attempt is not None:
        setattr(g, _ATTEMPT, dataclasses.replace(attempt, fingerprint=_fingerprint()))


def claimed() -> services.Attempt | None:
    return g.get(_ATTEMPT)


def settled() -> None:
    """The claim ended in the request's commit."""
    setattr(g, _ATTEMPT, None)


def release_unsettled() -> None:
    """Let go of a claim whose request ended without storing a result."""
    attempt = g.pop(_ATTEMPT, None)
    if attempt is not None:
        services.release(attempt)


def replay(record, attempt: services.Attempt) -> Response:
    if not attempt.fingerprint:
        attempt = dataclasses.replace(attempt, fingerprint=_fingerprint())
    if not services.matches(record, attempt):
        raise Invalid("This Idempotency-Key was already used for a different request. "
                      "Send a new key for a new request.", code="idempotency_key_reused")
    # A replayed creation answers 200: the client learns it was already done.
    status = 200 if record.status_code == 201 else record.status_code
    try:
        body = services.reply_body(record, attempt)
    except UnreadableReply as exc:
        # Only an altered row fails to open. The request was carried out, so sending it
        # again must not: a final answer, which the web app shows rather than retries.
        current_app.logger.error("stored reply for %s %s did not open", record.method, record.path)
        raise ApiError("This request was already carried out, but its result can no longer be "
                       "read. Check that it arrived before sending it again.",
                       code="idempotency_reply_lost", status=409) from exc
    response = Response(body, status=status, mimetype="application/json" if body else None)
    response.headers["Idempotent-Replayed"] = "true"
    return response
