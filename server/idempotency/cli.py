"""Command: forget idempotency keys past their retention."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from . import services


@click.command("purge-keys")
@with_appcontext
def purge_keys() -> None:
    """Delete idempotency keys older than GNISTA_IDEMPOTENCY_DAYS (at least 30)."""
    days = services.retention_days(current_app.config)
    count = services.purge(older_than_days=days)
    db.session.commit()
    click.echo(f"Removed {count} idempotency keys older than {days} days.")
