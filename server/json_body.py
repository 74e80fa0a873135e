"""Read request bodies as JSON in one place, for Flask and for the argument schemas.

Python's parser recurses per nesting level and raises RecursionError (not a
ValueError) on a deeply nested body such as 100,000 brackets; that would be
a server error. Here it becomes a 400 the client can act on.
"""
from __future__ import annotations

import json
import typing

import flask_smorest
from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from .errors import ApiError


class JsonTooDeep(ApiError):
    status, code = 400, "json_too_deep"


def loads(data: str | bytes) -> typing.Any:
    """Parse a request body; a too deeply nested one raises ``JsonTooDeep``."""
    try:
        return json.loads(data)
    except RecursionError:
        raise JsonTooDeep("The JSON in the request is nested too deeply to read.") from None


class JsonProvider(DefaultJSONProvider):
    """Flask's JSON with the request body read by ``loads`` (request.get_json)."""

    def loads(self, s: str | bytes, **kwargs: typing.Any) -> typing.Any:
        return loads(s) if not kwargs else super().loads(s, **kwargs)


class ArgumentsParser(FlaskParser):
    """webargs' parser with the body read by ``loads``."""

    def _raw_load_json(self, req) -> typing.Any:
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        # As webargs' parse_json: a body that is not UTF-8 is a JSON error, answered 400.
        return loads(data.decode("utf-8") if isinstance(data, bytes) else data)


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprint: argument schemas read JSON bodies through ``loads``."""

    ARGUMENTS_PARSER = ArgumentsParser()
