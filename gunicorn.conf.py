"""Gunicorn's settings for Gnista; gunicorn reads this file from the working directory.

Command-line options (--workers, --threads, --bind) still apply; the hook
below only refuses a start whose workers would count rate limits apart.
"""
from dotenv import load_dotenv

from server import PROJECT_ROOT
from server.config import PerProcessStorage, check_rate_limit_storage, rate_limit_storage


def on_starting(server):
    # The app reads .env too; read it here so that both see the same storage.
    load_dotenv(PROJECT_ROOT / ".env")
    try:
        check_rate_limit_storage(rate_limit_storage(), server.cfg.workers)
    except PerProcessStorage as exc:
        server.log.error("%s", exc)
        raise SystemExit(3) from None
