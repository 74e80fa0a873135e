"""Command: print an invitation link (the way into a fresh install)."""
from __future__ import annotations

import uuid

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
@click.option("--org", "org_ref", metavar="NAME-or-id",
              help="The organisation (a root unit), by name or id; needed when there are several.")
@click.option("--unit", "unit_name", help="The unit's name; defaults to the organisation's root.")
@click.option("--name", "display_name", help="Suggest a display name for the invited person.")
@click.option("--uses", "max_uses", type=click.IntRange(1, services.MAX_INVITATION_USES),
              default=1, show_default=True,
              help="How many people may use the link (a poster for a unit's staff).")
def invite(role: str, org_ref: str | None, unit_name: str | None, display_name: str | None,
           max_uses: int) -> None:
    """Print an invitation link (one-time unless --uses says more)."""
    org = _find_org(org_ref) if org_ref else None
    unit = _find_unit(unit_name, org)
    try:
        invitation, token = services.create_invitation(
            unit, role=role, display_name=display_name,
            days=current_app.config["GNISTA_INVITATION_DAYS"], max_uses=max_uses)
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    where = unit.name
    if unit.parent_id is not None:
        where += f", {db.session.get(Unit, unit.org_id).name}"
    click.echo(f"Invitation ({role}, {where}), valid until "
               f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC:")
    origin = current_app.config["GNISTA_ORIGIN"]
    click.echo(f"{origin}/join/{token}")
    if max_uses > 1:
        click.echo(f"Printable poster for up to {max_uses} people: "
                   f"{origin}/api/v1/invitations/{token}/poster")


def _roots():
    return select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.created_at, Unit.name)


def _find_org(ref: str) -> Unit:
    """Return the organisation named ``ref`` or with id ``ref``; a shared name is refused."""
    try:
        org = db.session.scalar(_roots().where(Unit.id == uuid.UUID(ref)))
    except ValueError:
        org = None
    if org is not None:
        return org
    orgs = db.session.scalars(_roots().where(func.lower(Unit.name) == ref.lower())).all()
    if not orgs:
        raise click.ClickException(f"No organisation is called {ref!r}.")
    if len(orgs) > 1:
        raise click.ClickException(
            f"{len(orgs)} organisations are called {ref!r}; choose one by id with --org: "
            + ", ".join(str(o.id) for o in orgs) + ".")
    return orgs[0]


def _find_unit(name: str | None, org: Unit | None) -> Unit:
    if name:
        query = select(Unit).where(func.lower(Unit.name) == name.lower())
        if org is not None:
            query = query.where(Unit.path.startswith(org.path))
        units = db.session.scalars(query).all()
        orgs = {u.org_id for u in units}
        if len(orgs) > 1:
            names = db.session.scalars(_roots().where(Unit.id.in_(orgs))).all()
            raise click.ClickException(
                f"A unit called {name!r} exists in {len(orgs)} organisations ("
                + ", ".join(f"{o.name} [{o.id}]" for o in names)
                + "); choose one with --org NAME-or-id.")
        if len(units) > 1:
            raise click.ClickException(
                f"{len(units)} units in one organisation are called {name!r}; rename one first.")
        if units:
            return units[0]
        if org is not None or db.session.scalar(select(func.count()).select_from(Unit)):
            where = f" in {org.name}" if org is not None else ""
            raise click.ClickException(f"No unit{where} is called {name!r}.")
        unit = Unit(name=name)
    else:
        if org is not None:
            return org
        # With several organisations and no --org, the first one made: the output names it.
        unit = db.session.scalar(_roots())
        if unit is not None:
            return unit
        # A fresh install: the organisation's root unit, to be renamed by the admin.
        unit = Unit(name="Min kommun")
    db.session.add(unit)
    db.session.flush()
    return unit
