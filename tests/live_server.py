"""A real threaded server on loopback, and an upload that arrives as slowly as a phone sends it."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from typing import Iterator

from sqlalchemy import func, select
from werkzeug.serving import make_server

from server.auth.models import User
from server.extensions import db
from server.idempotency.models import IdempotencyClaim
from server.idempotency.sealing import key_hash
from tests.conftest import record_session

WAIT_LIMIT = 30.0  # seconds: a bound on every wait below, never a measured time


@contextlib.contextmanager
def serve(app) -> Iterator[int]:
    """Serve the app on a free loopback port in a thread; yield the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def session_cookie(app, user) -> dict:
    """The cookie a completed sign-in would give this user."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = record_session(app, user)
        session["_fresh"] = True
        session.permanent = True
    name = app.config["SESSION_COOKIE_NAME"]
    return {name: client.get_cookie(name).value}


def multipart(fields: dict[str, str], photos: list[bytes]) -> tuple[str, bytes]:
    """Encode an idea's form as multipart/form-data; returns (content type, body)."""
    boundary = "gnista" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for number, photo in enumerate(photos):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
                     f'filename="photo{number}.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
                     + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


class TricklingUpload:
    """POST an idea over a raw socket, sending its body in pieces when told to."""

    def __init__(self, port: int, cookie: dict, *, photos: list[bytes], key: str | None = None,
                 description: str = "Skickat långsamt från en telefon"):
        self.content_type, self.body = multipart(
            {"description": description, "anonymous": "false"}, photos)
        self.port, self.cookie, self.key = port, cookie, key
        self.sent = 0
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT_LIMIT)

    def start(self, first_bytes: int = 200) -> None:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookie.items())
        head = (f"POST /api/v1/ideas HTTP/1.1\r\nHost: localhost:{self.port}\r\n"
                f"Content-Type: {self.content_type}\r\nContent-Length: {len(self.body)}\r\n"
                f"Cookie: {cookie}\r\nX-Requested-With: gnista\r\nConnection: close\r\n")
        if self.key:
            head += f"Idempotency-Key: {self.key}\r\n"
        self.sock.sendall(head.encode() + b"\r\n")
        self.send(first_bytes)

    def send(self, count: int) -> None:
        piece = self.body[self.sent:self.sent + count]
        self.sock.sendall(piece)
        self.sent += len(piece)

    @property
    def complete(self) -> bool:
        return self.sent == len(self.body)

    def finish(self) -> tuple[int, dict, bytes]:
        """Send the rest; return (status, headers, body) of the answer."""
        self.send(len(self.body))
        data = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            data += chunk
        self.sock.close()
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        return int(lines[0].split()[1]), headers, body

    def close(self) -> None:
        self.sock.close()


def wait_for_claim(app, key: str) -> None:
    """Wait until the upload's request has claimed its key: it has passed sign-in and now reads."""
    deadline = time.monotonic() + WAIT_LIMIT
    with app.app_context():
        # A claim is found by a hash of its user and key: whichever user sent it.
        hashes = [key_hash(user_id, uuid.UUID(key))
                  for user_id in db.session.scalars(select(User.id))]
        db.session.remove()
    while time.monotonic() < deadline:
        with app.app_context():
            found = db.session.scalar(select(func.count()).select_from(IdempotencyClaim)
                                      .where(IdempotencyClaim.key_hash.in_(hashes)))
            db.session.remove()
        if found:
            return
        time.sleep(0.02)
    raise AssertionError("the upload's request never claimed its key")
