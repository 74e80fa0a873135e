"""Configuration: safe defaults in code, secrets from the environment or the instance folder."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from limits import parse_many

from .ideas.search import RANKED_MATCHES
from .private_files import private_folder

SECRET_FILE = "secret_key"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _rate_limit(name: str, default: str) -> str:
    """Read a Flask-Limiter limit; a bad one stops the start, not a sign-in later."""
    value = os.environ.get(name, default)
    try:
        parse_many(value)
    except ValueError as exc:
        raise ValueError(f"{name}={value!r} is not a rate limit; "
                         "write it like '10 per minute' or '30/minute'.") from exc
    return value


def rate_limit_storage() -> str:
    """Where rate limits are counted: this process's memory unless a shared store is set."""
    return os.environ.get("GNISTA_RATELIMIT_STORAGE") or "memory://"


# Rate-limit stores whose counts live in one process's memory.
PER_PROCESS_STORES = frozenset({"memory"})


class PerProcessStorage(RuntimeError):
    """Several processes would each count the rate limits on their own."""


def check_rate_limit_storage(storage_uri: str, processes: int) -> None:
    """Refuse a per-process rate-limit store when more than one process serves.

    With ``memory://`` each gunicorn worker counts alone, so two workers allow
    twice every limit. gunicorn.conf.py asks this before the workers start.
    """
    scheme = storage_uri.split("://", 1)[0].lower()
    if processes > 1 and scheme in PER_PROCESS_STORES:
        raise PerProcessStorage(
            f"GNISTA_RATELIMIT_STORAGE={storage_uri} keeps rate limits in each process, so "
            f"{processes} worker processes would allow {processes} times every limit. "
            "Set GNISTA_RATELIMIT_STORAGE=redis://127.0.0.1:6379/0 (shared by all workers) "
            "or serve with one worker and more threads (--workers 1 --threads 8).")


def read_or_create_secret(instance_path: str, name: str, nbytes: int = 48) -> str:
    """Return the secret stored in the instance folder, generating it on first run."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    private_folder(path.parent)
    value = secrets.token_urlsafe(nbytes)
    # O_EXCL so that two processes starting at once agree on one secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "gnista.db")


def normalise_database_url(url: str) -> str:
    """Make a libpq-style URL use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path: str) -> dict:
    """Build the configuration from the environment, with defaults."""
    env = os.environ
    origin = (env.get("GNISTA_ORIGIN")
              or f"http://localhost:{env.get('GNISTA_PORT') or 5000}").rstrip("/")
    return {
        "DATABASE_URL": env.get("DATABASE_URL") or sqlite_url(instance_path),
        "GNISTA_ORIGIN": origin,
        "UPLOAD_FOLDER": env.get("GNISTA_UPLOAD_FOLDER") or str(Path(instance_path) / "photos"),
        "SECRET_KEY": env.get("SECRET_KEY"),
        "GNISTA_VAPID_PRIVATE_KEY": env.get("GNISTA_VAPID_PRIVATE_KEY"),
        "GNISTA_VAPID_PUBLIC_KEY": env.get("GNISTA_VAPID_PUBLIC_KEY"),
        "GNISTA_VAPID_SUBJECT": env.get("GNISTA_VAPID_SUBJECT", "mailto:gnista@localhost.localdomain"),
        "GNISTA_PUSH_HOSTS": [h for h in env.get("GNISTA_PUSH_HOSTS", "").split(",") if h.strip()],
        "GNISTA_ALLOW_LOCAL_PUSH": _env_bool("GNISTA_ALLOW_LOCAL_PUSH", False),
        "GNISTA_INVITATION_DAYS": int(env.get("GNISTA_INVITATION_DAYS", "14")),
        "GNISTA_IDEMPOTENCY_DAYS": int(env.get("GNISTA_IDEMPOTENCY_DAYS", "45")),
        # How long a request's claim on its Idempotency-Key lasts if the request dies.
        "GNISTA_IDEMPOTENCY_LEASE_SECONDS": int(env.get("GNISTA_IDEMPOTENCY_LEASE_SECONDS",
                                                        "120")),
        # A write waiting this long for a database lock answers 503 with Retry-After.
        "DB_LOCK_TIMEOUT_SECONDS": float(env.get("GNISTA_DB_LOCK_TIMEOUT_SECONDS", "10")),
        # Photos of ideas implemented or declined longer ago are deleted; 0 keeps them forever.
        "GNISTA_PHOTO_RETENTION_DAYS": int(env.get("GNISTA_PHOTO_RETENTION_DAYS", "365")),
        # The push worker: how long a claim lasts, how many rows a claim takes, parallel sends.
        "GNISTA_PUSH_LEASE_SECONDS": int(env.get("GNISTA_PUSH_LEASE_SECONDS", "120")),
        "GNISTA_PUSH_BATCH": int(env.get("GNISTA_PUSH_BATCH", "50")),
        "GNISTA_PUSH_THREADS": int(env.get("GNISTA_PUSH_THREADS", "8")),
        "GNISTA_PUSH_TIMEOUT": float(env.get("GNISTA_PUSH_TIMEOUT", "10")),
        # memory:// counts per process: gunicorn.conf.py refuses it with several workers.
        "RATELIMIT_STORAGE_URI": rate_limit_storage(),
        "RATELIMIT_KEY_PREFIX": env.get("GNISTA_RATELIMIT_KEY_PREFIX", "gnista"),
        "RATELIMIT_ENABLED": _env_bool("GNISTA_RATELIMIT_ENABLED", True),
        "GNISTA_SIGN_IN_LIMIT": _rate_limit("GNISTA_SIGN_IN_LIMIT", "10 per minute"),
    }


DEFAULTS = {
    # Four photos of at most 15 MB each, plus the text fields.
    "MAX_CONTENT_LENGTH": 61 * 1024 * 1024,
    "MAX_PHOTO_BYTES": 15 * 1024 * 1024,
    "MAX_PHOTO_PIXELS": 40_000_000,
    "MAX_PHOTOS_PER_IDEA": 4,
    # A search by relevance ranks this many of its newest matches (ideas/queries.py says why).
    "SEARCH_RANKED_MATCHES": RANKED_MATCHES,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "gnista_session",
    # A personal phone: the session lives 30 days after the last use (auth/session_rolling.py).
    "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
    # The cookie goes out only when the session changes, so a late answer cannot undo a change.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "JSON_SORT_KEYS": False,
    "API_TITLE": "Gnista",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}
