"""The base for request-input schemas: whitespace is stripped and text checked here, once."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, pre_load

# A lone surrogate (JSON allows "\ud800") cannot be encoded as UTF-8, and
# PostgreSQL refuses NUL in text: either would fail only when stored.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Contains a character that is not allowed (a lone surrogate or NUL)."


def check_text(value: str) -> str:
    """Refuse text that cannot be stored; raise ValueError."""
    if _UNSTORABLE.search(value):
        raise ValueError(UNSTORABLE_MESSAGE)
    return value


def _storable(value) -> bool:
    if isinstance(value, str):
        return not _UNSTORABLE.search(value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_storable(v) for v in value)
    return True


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
        values = {key: data[key] for key in data.keys()}
        bad = {str(key).encode("utf-8", "backslashreplace").decode(): [UNSTORABLE_MESSAGE]
               for key, value in values.items() if not (_storable(key) and _storable(value))}
        if bad:
            raise ValidationError(bad)
        return {key: _strip(value) for key, value in values.items()}
