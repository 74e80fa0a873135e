"""Command: delete the photos of ideas closed longer ago than the retention period."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..photos.services import photo_store
from . import services


def purge_photos_now() -> int:
    """Purge by GNISTA_PHOTO_RETENTION_DAYS and commit; returns how many photos went."""
    days = current_app.config["GNISTA_PHOTO_RETENTION_DAYS"]
    try:
        keys = services.purge_photos(days=days)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    # Files go only after the rows are committed, so no row ever points at a missing file.
    services.delete_files(photo_store(), keys)
    return len(keys) // 2


@click.command("purge-photos")
@with_appcontext
def purge_photos() -> None:
    """Delete photos of ideas implemented or declined over GNISTA_PHOTO_RETENTION_DAYS ago."""
    days = current_app.config["GNISTA_PHOTO_RETENTION_DAYS"]
    if days <= 0:
        click.echo("GNISTA_PHOTO_RETENTION_DAYS is 0: photos are kept forever.")
        return
    count = purge_photos_now()
    click.echo(f"Removed {count} photos of ideas closed more than {days} days ago.")
