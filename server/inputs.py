"""The base for request-input schemas: whitespace is stripped here, once."""
from __future__ import annotations

from marshmallow import Schema, pre_load


def _strip(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [v.strip() if isinstance(v, str) else v for v in value]
    return value


class InputSchema(Schema):
    @pre_load
    def strip_whitespace(self, data, **_kwargs):
        if not hasattr(data, "keys"):
            return data
        # webargs' proxy already yields a list for list fields and a scalar otherwise.
        return {key: _strip(data[key]) for key in data.keys()}
