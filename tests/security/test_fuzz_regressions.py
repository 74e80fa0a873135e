"""Inputs the fuzzer found that once broke the server."""
from __future__ import annotations

import uuid


def test_a_multipart_part_without_a_name_is_not_a_server_error(as_user):
    client = as_user("staff")
    boundary = "gnistaboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nloose\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
            f"Hej\r\n--{boundary}--\r\n").encode()
    response = client.post("/api/v1/ideas", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}",
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code < 500


def test_fingerprint_orders_parts_without_names():
    from server.idempotency.services import fingerprint
    assert fingerprint("POST", "/api/v1/ideas", form={None: "a", "description": "b"},
                       files=[(None, b"x"), ("photo", b"y")])
