"""The Idempotency-Key header as documented in the OpenAPI document."""
from ..errors import ErrorEnvelopeSchema

IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "format": "uuid"},
    "description": ("A random UUID (version 4) chosen by the client. Sending the same request again with the "
                    "same key returns the original result instead of acting twice; the same "
                    "key with a different request is refused with 422. While a request with "
                    "the key is still being processed, another one answers 409 with the code "
                    "`idempotency_in_flight` and `Retry-After`: send it again then. Keys are "
                    "kept for at least 30 days, as a hash; the stored result is encrypted "
                    "under the key, so only its holder can read it back."),
}

IN_FLIGHT = {
    "description": ("`idempotency_in_flight`: a request with the same Idempotency-Key is still "
                    "being processed. Nothing was done; send the same request again after "
                    "`Retry-After` seconds to get its result."),
    "headers": {"Retry-After": {"description": "Seconds to wait before sending again.",
                                "schema": {"type": "integer", "minimum": 1}}},
}


def in_flight(blp, *, also: str = ""):
    """Document the key header and the 409 a key still in flight answers.

    `also` names the view's own 409, which shares the status code.
    """
    description = IN_FLIGHT["description"] + (f" Also: {also}" if also else "")

    def decorate(view):
        view = blp.alt_response(409, schema=ErrorEnvelopeSchema, description=description,
                                headers=IN_FLIGHT["headers"])(view)
        return blp.doc(parameters=[IDEMPOTENCY_HEADER])(view)
    return decorate


def replayable(blp, schema, *, also: str = ""):
    """Document a creation that an Idempotency-Key makes safe to send again.

    The first request answers 201; a repeat with the same key answers 200 with
    the original result, so the contract lists both.
    """
    def decorate(view):
        view = blp.alt_response(200, schema=schema, description=(
            "The same Idempotency-Key was sent before: the original result, "
            "with the header `Idempotent-Replayed: true`."))(view)
        return in_flight(blp, also=also)(view)
    return decorate
