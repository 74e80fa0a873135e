"""Command: back up the database and the photos."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from . import services


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(destination: Path) -> None:
    """Copy the SQLite database and the photos into a timestamped folder in DESTINATION."""
    try:
        made = services.backup(db.engine, Path(current_app.config["UPLOAD_FOLDER"]), destination)
    except services.BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up the database and {made.photos} photo files to {made.folder}")
