"""One place where every error becomes JSON a person can act on."""
from __future__ import annotations

import logging

from flask import jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a human message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.headers = headers or {}


class NotFound(ApiError):
    status, code = 404, "not_found"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class Conflict(ApiError):
    status, code = 409, "conflict"


class Invalid(ApiError):
    status, code = 422, "invalid"


class TooLarge(ApiError):
    status, code = 413, "too_large"


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String())


class ErrorEnvelopeSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


HTTP_MESSAGES = {
    400: ("bad_request", "The request could not be read. Check what was sent and try again."),
    401: ("unauthenticated", "Please sign in to continue."),
    403: ("forbidden", "You do not have permission to do this."),
    404: ("not_found", "This address does not exist here."),
    405: ("method_not_allowed", "This address does not support that method."),
    409: ("conflict", "This conflicts with the current state. Reload and try again."),
    413: ("too_large", "The upload is too large. Send at most 4 photos of up to 15 MB each."),
    415: ("unsupported_media_type", "The request body has a format this address does not accept."),
    422: ("invalid", "Some of the data sent is not valid."),
    429: ("rate_limited", "Too many attempts. Wait a minute and try again."),
}


def error_response(status: int, code: str, message: str, *, field_errors=None, headers=None):
    body = {"error": {"code": code, "message": message}}
    if field_errors:
        body["error"]["fields"] = field_errors
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _flatten(messages) -> dict[str, list[str]]:
    """Turn webargs' {location: {field: [msgs]}} into {field: [msgs]}."""
    flat: dict[str, list[str]] = {}
    if not isinstance(messages, dict):
        return {"_": [str(messages)]}
    for location, per_field in messages.items():
        if not isinstance(per_field, dict):
            flat.setdefault(location, []).extend(_as_list(per_field))
            continue
        for field, msgs in per_field.items():
            flat.setdefault(str(field), []).extend(_as_list(msgs))
    return flat


def _as_list(msgs) -> list[str]:
    if isinstance(msgs, list):
        return [str(m) if not isinstance(m, dict) else _join_nested(m) for m in msgs]
    if isinstance(msgs, dict):
        return [_join_nested(msgs)]
    return [str(msgs)]


def _join_nested(msgs: dict) -> str:
    return "; ".join(f"{k}: {' '.join(_as_list(v))}" for k, v in msgs.items())


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    code, message = HTTP_MESSAGES.get(status, ("error", exc.description or "Request failed."))
    field_errors = None
    data = getattr(exc, "data", None) or {}
    if status == 422 and "messages" in data:
        field_errors = _flatten(data["messages"])
        first = next(iter(field_errors.items()), None)
        if first:
            message = f"{first[0]}: {' '.join(first[1])}"
    elif status == 429:
        message = HTTP_MESSAGES[429][1]
    elif status == 405:
        allow = dict(exc.get_headers()).get("Allow")
        return error_response(status, code, message, headers={"Allow": allow} if allow else None)
    headers = {}
    if status == 429 and getattr(exc, "retry_after", None):
        headers["Retry-After"] = str(exc.retry_after)
    return error_response(status, code, message, field_errors=field_errors, headers=headers)


def handle_api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    log.exception("Unhandled error: %s", exc)
    return error_response(500, "server_error",
                          "Something went wrong on our side. Your data is safe; try again in a moment.")


def register(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(Exception, handle_unexpected)
