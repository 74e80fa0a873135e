"""Serve the progressive web app from pwa/: its files, and index.html for app routes."""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, request
from flask_login import current_user
from werkzeug.exceptions import NotFound

bp = Blueprint("shell", __name__)

TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript",
         ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml"}
# Text compresses to a third; images are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")


def _folder() -> Path:
    return Path(current_app.config["PWA_FOLDER"])


@lru_cache(maxsize=256)
def _gzipped(digest: str, data: bytes) -> bytes:
    """Compress a shell file once per version; the digest keys the cache."""
    return gzip.compress(data, compresslevel=9, mtime=0)


# index.html holds, as comments, what a signed-in visitor's first screen asks
# for (written by `make shell`); opened for them, the browser fetches it with
# the page instead of after the app has started: on HTTP/1.1 and a phone's 4G
# that is round trips saved before the first ideas show.
HINTS_START, HINTS_END = b"<!-- signed-in\n", b"signed-in -->\n"


def _with_hints(html: bytes) -> bytes:
    return html.replace(HINTS_START, b"").replace(HINTS_END, b"")


def _send(filename: str, transform=None):
    path = _folder() / filename
    # Shell files are small: read them whole, so no file handle outlives the request.
    data = path.read_bytes()
    if transform is not None:
        data = transform(data)
    mimetype = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    digest = hashlib.sha256(data).hexdigest()[:32]
    response = Response(data, mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    if mimetype.startswith(COMPRESSIBLE) and "gzip" in request.accept_encodings:
        response.set_data(_gzipped(digest, data))
        response.content_encoding = "gzip"
        digest += "-gz"  # a different representation needs its own validator
    response.set_etag(digest)
    # Always revalidated: the service worker keeps the offline copy, and an old sw.js
    # held by the HTTP cache could pin old code.
    response.cache_control.no_cache = True
    if filename == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response.make_conditional(request)


@bp.get("/")
def index():
    # The service worker precaches /index.html, never this variant: the hints
    # help only a browser that fetches the page over the network.
    response = _send("index.html", transform=_with_hints if current_user.is_authenticated else None)
    response.vary.add("Cookie")
    return response


@bp.get("/<path:filename>")
def asset(filename: str):
    if filename.startswith("api/"):
        raise NotFound()
    path = (_folder() / filename).resolve()
    if path.is_file() and _folder().resolve() in path.parents:
        return _send(filename)
    if "." in filename.rsplit("/", 1)[-1]:
        raise NotFound()  # a missing file, not an app route
    return _send("index.html")
