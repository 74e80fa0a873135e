"""Serve the web app's files and a few extra ones from a thread, for browser benchmarks."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

PWA = Path(__file__).resolve().parent.parent / "pwa"
BLANK = b"<!doctype html><meta charset=utf-8><title>bench</title><body></body>"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".webmanifest": "application/manifest+json"}
    extra: dict[str, tuple[bytes, str]] = {}

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in self.extra:
            body, kind = self.extra[path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *_args):
        pass


@contextlib.contextmanager
def serve(extra: dict[str, tuple[bytes, str]] | None = None) -> Iterator[int]:
    """Serve pwa/ on localhost plus the extra paths; yield the port."""
    handler = type("Handler", (_Handler,), {"extra": {"/bench.html": (BLANK, "text/html"),
                                                      **(extra or {})}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(PWA)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
