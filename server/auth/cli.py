"""Command: print an invitation link (the way into a fresh install)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..admin.models import Unit
from ..errors import ApiError
from ..extensions import db
from . import services
from .models import ROLES


@click.command("invite")
@with_appcontext
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True)
@click.option("--unit", "unit_name", help="The unit's name; defaults to the organisation's root.")
@click.option("--name", "display_name", help="Suggest a display name for the invited person.")
@click.option("--uses", "max_uses", type=click.IntRange(1, services.MAX_INVITATION_USES),
              default=1, show_default=True,
              help="How many people may use the link (a poster for a unit's staff).")
def invite(role: str, unit_name: str | None, display_name: str | None, max_uses: int) -> None:
    """Print an invitation link (one-time unless --uses says more)."""
    unit = _find_unit(unit_name)
    try:
        invitation, token = services.create_invitation(
            unit, role=role, display_name=display_name,
            days=current_app.config["GNISTA_INVITATION_DAYS"], max_uses=max_uses)
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Invitation ({role}, {unit.name}), valid until "
               f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC:")
    origin = current_app.config["GNISTA_ORIGIN"]
    click.echo(f"{origin}/join/{token}")
    if max_uses > 1:
        click.echo(f"Printable poster for up to {max_uses} people: "
                   f"{origin}/api/v1/invitations/{token}/poster")


def _find_unit(name: str | None) -> Unit:
    if name:
        unit = db.session.scalar(select(Unit).where(func.lower(Unit.name) == name.lower()))
        if unit is not None:
            return unit
        if db.session.scalar(select(func.count()).select_from(Unit)):
            raise click.ClickException(f"No unit is called {name!r}.")
        unit = Unit(name=name)
    else:
        unit = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None))
                                 .order_by(Unit.created_at))
        if unit is not None:
            return unit
        # A fresh install: the organisation's root unit, to be renamed by the admin.
        unit = Unit(name="Min kommun")
    db.session.add(unit)
    db.session.flush()
    return unit
