"""Command: create an organisation and print its first administrator's invitation."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..auth import services as auth_services
from ..errors import ApiError
from ..extensions import db
from . import services

org = AppGroup("org", help="Organisations (each a root unit of its own).")


@org.command("create")
@click.argument("name")
def create(name: str) -> None:
    """Create an organisation NAME and print its administrator's invitation link."""
    try:
        root = services.create_organisation(name)
        invitation, token = auth_services.create_invitation(
            root, role="admin", days=current_app.config["GNISTA_INVITATION_DAYS"])
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Organisation {root.name} ({root.id}) created. Administrator's invitation, "
               f"valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC:")
    click.echo(f"{current_app.config['GNISTA_ORIGIN']}/join/{token}")
