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
