"""Command: send the weekly digests that are due now."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from . import services


@click.command("digest")
@with_appcontext
def digest() -> None:
    """Send this week's digest to each handler who has not had it (the worker does this hourly)."""
    sent = services.send_digests()
    click.echo(f"Weekly digests sent: {sent}")
