"""HTTP routes of the administration: units and users."""
from __future__ import annotations

from flask_login import current_user

from ..extensions import db
from ..idempotency.docs import IDEMPOTENCY_HEADER, replayable
from . import blp, services
from .models import Unit
from .schemas import (AdminUserSchema, PeopleArgs, PeopleSchema, UnitCreateArgs, UnitListArgs,
                      UnitListSchema, UnitPatchArgs, UnitSchema, UserListArgs, UserPageSchema,
                      UserPatchArgs)


def unit_out(unit: Unit, *, depth: int | None = None, effective_target=services.UNSET) -> dict:
    if effective_target is services.UNSET:
        effective_target = unit.effective_target()
    return {"id": unit.id, "name": unit.name, "parent_id": unit.parent_id,
            "depth": unit.path.count("/") - 2 if depth is None else depth,
            "headcount": unit.headcount, "target_per_employee": unit.target_per_employee,
            "effective_target_per_employee": effective_target,
            "target_inherited": unit.target_per_employee is None,
            "archived": unit.archived_at is not None, "archived_at": unit.archived_at}


def user_out(user, *, last_seen_on=None) -> dict:
    return {"id": user.id, "display_name": user.display_name, "role": user.role,
            "language": user.language, "unit": {"id": user.unit.id, "name": user.unit.name},
            "active": user.active, "created_at": user.created_at,
            "deactivated_at": user.deactivated_at, "last_seen_on": last_seen_on}


@blp.route("/units", methods=["GET"])
@blp.arguments(UnitListArgs, location="query")
@blp.response(200, UnitListSchema)
def list_units(args):
    """List the units I may see, in tree order (admin: the organisation; handler: my units)."""
    rows = services.list_units(current_user, include_archived=args["include_archived"])
    return {"items": [unit_out(r["unit"], depth=r["depth"], effective_target=r["effective_target"])
                      for r in rows]}


@blp.route("/units", methods=["POST"])
@blp.arguments(UnitCreateArgs)
@blp.response(201, UnitSchema)
@blp.alt_response(409, description="The parent unit is archived.")
@replayable(blp, UnitSchema)
def create_unit(args):
    """Add a unit to my organisation's tree."""
    services.require_admin(current_user)
    parent = (services.visible_unit(current_user, args["parent_id"]) if args["parent_id"]
              else services.org_root(current_user.org_id))
    unit = services.create_unit(parent, name=args["name"], headcount=args["headcount"],
                                target_per_employee=args["target_per_employee"])
    return unit_out(unit)


@blp.route("/units/<uuid:unit_id>", methods=["GET"])
@blp.response(200, UnitSchema)
def get_unit(unit_id):
    """Show one unit with its effective target."""
    return unit_out(services.visible_unit(current_user, unit_id))


@blp.route("/units/<uuid:unit_id>", methods=["PATCH"])
@blp.arguments(UnitPatchArgs)
@blp.response(200, UnitSchema)
@blp.alt_response(409, description="A move would make a cycle or leave the organisation, "
                                   "or the unit cannot be archived or restored now.")
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def patch_unit(args, unit_id):
    """Rename, move, re-count, re-target, archive or restore a unit."""
    services.require_admin(current_user)
    unit = services.visible_unit(current_user, unit_id)
    changes = dict(args)
    if "parent_id" in changes:
        changes["parent"] = services.visible_unit(current_user, changes.pop("parent_id"))
    services.update_unit(unit, **changes)
    db.session.refresh(unit)
    return unit_out(unit)


@blp.route("/users", methods=["GET"])
@blp.arguments(UserListArgs, location="query")
@blp.response(200, UserPageSchema)
def list_users(args):
    """List the people of my units by name (admin: the organisation; handler: my units)."""
    unit = services.visible_unit(current_user, args["unit_id"]) if args["unit_id"] else None
    page, next_cursor = services.list_users(
        current_user, unit=unit, q=args["q"], role=args["role"], active=args["active"],
        cursor=args["cursor"], limit=args["limit"])
    seen = services.last_seen(page)
    return {"items": [user_out(u, last_seen_on=seen.get(u.id)) for u in page],
            "next_cursor": next_cursor}


@blp.route("/people", methods=["GET"])
@blp.arguments(PeopleArgs, location="query")
@blp.response(200, PeopleSchema)
def find_people(args):
    """Find people of my organisation by name, to assign an idea to (handlers, admins)."""
    people = services.find_people(current_user, q=args["q"], limit=args["limit"])
    return {"items": [{"id": p.id, "display_name": p.display_name,
                       "unit": {"id": p.unit.id, "name": p.unit.name}} for p in people]}


@blp.route("/users/<uuid:user_id>", methods=["PATCH"])
@blp.arguments(UserPatchArgs)
@blp.response(200, AdminUserSchema)
@blp.alt_response(409, description="The change would leave the organisation without an "
                                   "active administrator, or the unit is archived.")
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def patch_user(args, user_id):
    """Change a user's role, unit, display name or active flag."""
    services.require_admin(current_user)
    user = services.visible_user(current_user, user_id)
    changes = dict(args)
    if "unit_id" in changes:
        changes["unit"] = services.visible_unit(current_user, changes.pop("unit_id"))
    services.update_user(current_user, user, **changes)
    return user_out(user, last_seen_on=services.last_seen([user]).get(user.id))
