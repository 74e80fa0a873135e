"""Count the app shell's bytes as the service worker precaches them, gzipped."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

PWA = Path(__file__).resolve().parent.parent / "pwa"


def shell_files() -> list[str]:
    """Return the paths the service worker precaches, from pwa/sw/shell.js."""
    text = (PWA / "sw" / "shell.js").read_text()
    listed = re.search(r"SHELL\s*=\s*(\[.*?\])", text, re.S)
    return json.loads(re.sub(r",\s*\]", "]", listed.group(1))) if listed else []


def gzip_bytes(path: str) -> int:
    file = PWA / path.lstrip("/")
    if path == "/" or not file.is_file():
        file = PWA / "index.html"
    return len(gzip.compress(file.read_bytes(), compresslevel=9))


def raw_bytes(path: str) -> int:
    file = PWA / path.lstrip("/")
    return file.stat().st_size if file.is_file() else (PWA / "index.html").stat().st_size


def summary(paths: list[str]) -> dict:
    """Return raw and gzip totals of the given shell paths (missing files are skipped)."""
    present = [p for p in paths if (PWA / p.lstrip("/")).is_file() or p == "/"]
    return {"files": len(present), "raw": sum(raw_bytes(p) for p in present),
            "gzip": sum(gzip_bytes(p) for p in present)}
