"""Compress the API's larger JSON answers for browsers that accept gzip.

A page of the feed is about 12 KB of JSON and a quarter of that gzipped; on a
phone's network that is round trips saved before the first ideas show. Only
GET answers are compressed: none of them carries a secret (there are no CSRF
tokens), so mixing user text and compression gives an eavesdropper nothing
to guess at (BREACH).
"""
from __future__ import annotations

import gzip

from flask import Flask, request

MIN_SIZE = 1400  # below one TCP segment there is nothing to gain
LEVEL = 6        # most of level 9's saving for a fraction of its time, per request


def compress_json(response):
    if (request.method != "GET" or not request.path.startswith("/api/")
            or response.mimetype != "application/json" or response.direct_passthrough
            or response.content_encoding or response.status_code != 200):
        return response
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.accept_encodings:
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=LEVEL, mtime=0))
    response.content_encoding = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-gz", weak=weak)  # a different representation needs its own
    return response


def register(app: Flask) -> None:
    app.after_request(compress_json)
