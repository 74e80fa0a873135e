"""Check Idempotency-Key before a view runs; replay a stored result when there is one."""
from __future__ import annotations

import uuid

from flask import Response, g, request
from flask_login import current_user

from ..errors import ApiError, Invalid
from ..extensions import UNSAFE_METHODS
from . import services

HEADER = "Idempotency-Key"


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
                            path=request.path, fingerprint=_fingerprint())


def _fingerprint() -> str:
    if request.is_json:
        return services.fingerprint(request.method, request.path,
                                    json_body=request.get_json(silent=True))
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        files = []
        for name, upload in request.files.items(multi=True):
            files.append((name, upload.stream.read()))
            upload.stream.seek(0)
        form = {k: "\x1f".join(v) for k, v in request.form.lists()}
        return services.fingerprint(request.method, request.path, form=form, files=files)
    return services.fingerprint(request.method, request.path, raw=request.get_data())


def before_request() -> Response | None:
    attempt = attempt_from_request()
    if attempt is None:
        return None
    record = services.find(attempt.user_id, attempt.key)
    if record is None:
        g.idempotency_attempt = attempt
        return None
    return replay(record, attempt)


def replay(record, attempt: services.Attempt) -> Response:
    if not services.matches(record, attempt):
        raise Invalid("This Idempotency-Key was already used for a different request. "
                      "Send a new key for a new request.", code="idempotency_key_reused")
    # A replayed creation answers 200: the client learns it was already done.
    status = 200 if record.status_code == 201 else record.status_code
    response = Response(record.response_body, status=status,
                        mimetype="application/json" if record.response_body else None)
    response.headers["Idempotent-Replayed"] = "true"
    return response
