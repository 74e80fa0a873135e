"""The Idempotency-Key header as documented in the OpenAPI document."""

IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "format": "uuid"},
    "description": ("A UUID chosen by the client. Sending the same request again with the "
                    "same key returns the original result instead of acting twice; the same "
                    "key with a different request is refused with 422. Keys are kept for at "
                    "least 30 days."),
}


def replayable(blp, schema):
    """Document a creation that an Idempotency-Key makes safe to send again.

    The first request answers 201; a repeat with the same key answers 200 with
    the original result, so the contract lists both.
    """
    def decorate(view):
        view = blp.alt_response(200, schema=schema, description=(
            "The same Idempotency-Key was sent before: the original result, "
            "with the header `Idempotent-Replayed: true`."))(view)
        return blp.doc(parameters=[IDEMPOTENCY_HEADER])(view)
    return decorate
