"""Changing the unit tree and users; who may read and change them."""
from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, literal, select, tuple_, update

from .. import cursors
from ..auth import invitation_rules, services as auth_services
from ..auth.scope import handles_unit
from ..auth.models import ROLES, Passkey, User, UserSession, sort_key
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..timestamps import STOCKHOLM, utcnow
from .models import Unit

UNSET = object()  # "not given" in a partial update, as opposed to an explicit null


# --- who may see what -----------------------------------------------------------------

def require_reader(user: User) -> None:
    """Refuse staff: units and users are for handlers and administrators."""
    if user.role not in ("handler", "admin"):
        raise Forbidden("Only handlers and administrators can see units and users.")


def require_admin(user: User) -> None:
    if user.role != "admin":
        raise Forbidden("Only an administrator can change units and users.")


def scope_root(user: User) -> Unit:
    """Return the top of what the user may read: the organisation, or a handler's unit."""
    require_reader(user)
    if user.role == "admin":
        return org_root(user.org_id)
    return user.unit


def org_root(org_id: uuid.UUID) -> Unit:
    root = db.session.get(Unit, org_id)
    if root is None:
        raise NotFound("This organisation does not exist.")
    return root


def visible_unit(viewer: User, unit_id: uuid.UUID | None) -> Unit:
    """Return a unit the viewer may read; anything else is 404 so ids leak nothing."""
    require_reader(viewer)
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or not handles_unit(viewer, unit.path):
        raise NotFound("That unit does not exist or is not one of yours.")
    return unit


def visible_user(viewer: User, user_id: uuid.UUID) -> User:
    require_reader(viewer)
    user = db.session.get(User, user_id)
    if user is None or not handles_unit(viewer, user.unit.path):
        raise NotFound("That user does not exist or is not in one of your units.")
    return user


# --- the unit tree --------------------------------------------------------------------

def create_organisation(name: str) -> Unit:
    """Create an organisation: a root unit with nothing above it, apart from every other."""
    name = (name or "").strip()
    if not 1 <= len(name) <= 200:
        raise Invalid("An organisation needs a name of 1 to 200 characters.", code="name_invalid")
    taken = db.session.scalar(select(Unit.id).where(Unit.parent_id.is_(None),
                                                    func.lower(Unit.name) == name.lower()))
    if taken is not None:
        raise Conflict(f"An organisation called {name!r} exists already.", code="org_exists")
    root = Unit(name=name)
    db.session.add(root)
    db.session.flush()
    return root


def list_units(viewer: User, *, include_archived: bool = False) -> list[dict]:
    """List the units the viewer may read in tree order, each with its effective target."""
    root = scope_root(viewer)
    units = db.session.scalars(select(Unit).where(Unit.path.startswith(root.path))).all()
    children: dict[uuid.UUID, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.id != root.id:
            children[unit.parent_id].append(unit)
    rows: list[dict] = []

    def walk(unit: Unit, inherited: float | None, depth: int) -> None:
        if unit.archived_at is not None and not include_archived:
            return
        own = unit.target_per_employee
        rows.append({"unit": unit, "depth": depth,
                     "effective_target": own if own is not None else inherited})
        for child in sorted(children[unit.id], key=lambda u: (u.name.casefold(), u.id.hex)):
            walk(child, own if own is not None else inherited, depth + 1)

    walk(root, root.parent.effective_target() if root.parent else None,
         root.path.count("/") - 2)
    return rows


def create_unit(parent: Unit, *, name: str, headcount: int = 0,
                target_per_employee: float | None = None) -> Unit:
    """Add a unit under a parent of the same organisation."""
    if parent.archived_at is not None:
        raise Conflict("A unit cannot be added under an archived unit.", code="parent_archived")
    unit = Unit(name=name, parent=parent, headcount=headcount,
                target_per_employee=target_per_employee)
    db.session.add(unit)
    db.session.flush()
    return unit


def update_unit(unit: Unit, *, name=UNSET, parent=UNSET, headcount=UNSET,
                target_per_employee=UNSET, archived=UNSET) -> Unit:
    """Rename, move, re-count, re-target, archive or restore a unit."""
    if name is not UNSET:
        unit.name = name
    if headcount is not UNSET:
        unit.headcount = headcount
    if target_per_employee is not UNSET:
        unit.target_per_employee = target_per_employee  # None: inherit from the parent
    if parent is not UNSET and parent.id != unit.parent_id:
        move_unit(unit, parent)
    if archived is True and unit.archived_at is None:
        archive_unit(unit)
    elif archived is False and unit.archived_at is not None:
        restore_unit(unit)
    db.session.flush()
    return unit


def move_unit(unit: Unit, new_parent: Unit) -> None:
    """Put a unit under another parent and rewrite the paths of its whole subtree."""
    if unit.parent_id is None:
        raise Conflict("The organisation's top unit cannot be moved.", code="root_unit")
    if new_parent.org_id != unit.org_id:
        raise Conflict("A unit cannot be moved to another organisation.", code="other_organisation")
    if unit.contains(new_parent):
        raise Conflict("A unit cannot be moved under itself or one of its own sub-units.",
                       code="cycle")
    if new_parent.archived_at is not None and unit.archived_at is None:
        raise Conflict("A unit cannot be moved under an archived unit.", code="parent_archived")
    old_prefix = unit.path
    new_prefix = new_parent.path + unit.id.hex + "/"
    db.session.flush()
    # One statement for the subtree: paths keep their tail and get the new head.
    db.session.execute(
        update(Unit).where(Unit.path.startswith(old_prefix))
        .values(path=literal(new_prefix) + func.substr(Unit.path, len(old_prefix) + 1))
        .execution_options(synchronize_session=False))
    db.session.execute(update(Unit).where(Unit.id == unit.id).values(parent_id=new_parent.id)
                       .execution_options(synchronize_session=False))
    # Units loaded in this session still hold the old paths.
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Unit):
            db.session.expire(loaded)


def archive_unit(unit: Unit) -> None:
    """Archive a unit with its sub-units; people must have been moved out first."""
    if unit.parent_id is None:
        raise Conflict("The organisation's top unit cannot be archived.", code="root_unit")
    people = db.session.scalar(
        select(func.count(User.id)).join(Unit, User.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path), User.active.is_(True)))
    if people:
        raise Conflict(f"{people} active user(s) belong to this unit or its sub-units. "
                       "Move them to another unit first.", code="unit_has_users")
    now = utcnow()
    db.session.execute(update(Unit).where(Unit.path.startswith(unit.path),
                                          Unit.archived_at.is_(None))
                       .values(archived_at=now).execution_options(synchronize_session=False))
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Unit):
            db.session.expire(loaded, ["archived_at"])


def restore_unit(unit: Unit) -> None:
    """Bring back an archived unit and the sub-units archived together with it."""
    if unit.parent is not None and unit.parent.archived_at is not None:
        raise Conflict("Restore the parent unit first.", code="parent_archived")
    db.session.execute(update(Unit).where(Unit.path.startswith(unit.path),
                                          Unit.archived_at == unit.archived_at)
                       .values(archived_at=None).execution_options(synchronize_session=False))
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Unit):
            db.session.expire(loaded, ["archived_at"])


# --- users ----------------------------------------------------------------------------

def encode_cursor(user: User) -> str:
    return cursors.encode(user.sort_name, user.id)


def _decode_cursor(cursor: str) -> tuple[str, uuid.UUID]:
    name, ident = cursors.decode(cursor, cursors.text, cursors.ident)
    return name, ident


def list_users(viewer: User, *, unit: Unit | None = None, q: str | None = None,
               role: str | None = None, active: bool | None = None,
               cursor: str | None = None, limit: int = 50) -> tuple[list[User], str | None]:
    """List users of the viewer's units by name; a page and the cursor of the next one.

    Pages follow the index on (sort_name, id), so a page of an organisation of
    thousands is read from the index rather than by sorting everyone.
    """
    within = unit or scope_root(viewer)
    query = (select(User).join(Unit, User.unit_id == Unit.id)
             .where(Unit.path.startswith(within.path)))
    if q:
        # autoescape: a % or _ in the search is a character to find, not a wildcard.
        query = query.where(User.sort_name.contains(sort_key(q), autoescape=True))
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    if cursor:
        name, ident = _decode_cursor(cursor)
        query = query.where(tuple_(User.sort_name, User.id) > tuple_(name, ident))
    rows = db.session.scalars(query.order_by(User.sort_name, User.id).limit(limit + 1)).all()
    page = rows[:limit]
    return page, encode_cursor(page[-1]) if len(rows) > limit else None


def find_people(viewer: User, *, q: str | None = None, limit: int = 10) -> list[User]:
    """Active people of the viewer's whole organisation by name, to assign an idea to one.

    Handlers may look beyond their own units here, since anyone can carry an idea out,
    but learn only names and units: roles, activity and last use stay in GET /users.
    """
    require_reader(viewer)
    query = (select(User).join(Unit, User.unit_id == Unit.id)
             .where(Unit.path.startswith(org_root(viewer.org_id).path), User.active.is_(True)))
    if q:
        query = query.where(User.sort_name.contains(sort_key(q), autoescape=True))
    return list(db.session.scalars(query.order_by(User.sort_name, User.id).limit(limit)))


def last_seen(users: list[User]) -> dict[uuid.UUID, object]:
    """Return the day (in Stockholm) each user last used Gnista, as their sessions and passkeys tell.

    Only the day: an exact time beside an anonymous idea's time of arrival would
    point at its submitter.
    """
    ids = [u.id for u in users]
    if not ids:
        return {}
    seen: dict[uuid.UUID, object] = {}
    for model in (UserSession, Passkey):
        for user_id, when in db.session.execute(
                select(model.user_id, func.max(model.last_used_at))
                .where(model.user_id.in_(ids)).group_by(model.user_id)):
            if when is not None and (seen.get(user_id) is None or when > seen[user_id]):
                seen[user_id] = when
    return {user_id: when.astimezone(STOCKHOLM).date() for user_id, when in seen.items()}


def update_user(actor: User, user: User, *, role=UNSET, unit=UNSET, active=UNSET,
                display_name=UNSET) -> User:
    """Change a user's role, unit, name or active flag; an organisation keeps an admin."""
    require_admin(actor)
    if role is not UNSET and role not in ROLES:
        raise Invalid(f"Unknown role '{role}'.")
    loses_admin = user.role == "admin" and user.active and (
        (role is not UNSET and role != "admin") or active is False)
    if loses_admin:
        _keep_an_admin(user)
    if unit is not UNSET and unit.id != user.unit_id:
        if unit.org_id != user.org_id:
            raise Conflict("A user cannot be moved to another organisation.",
                           code="other_organisation")
        if unit.archived_at is not None:
            raise Conflict("A user cannot be placed in an archived unit.", code="unit_archived")
        user.unit = unit
    if role is not UNSET:
        user.role = role
    if display_name is not UNSET:
        user.display_name = display_name
    if active is False and user.active:
        deactivate(user)
    elif active is True and not user.active:
        reactivate(user)
    db.session.flush()
    invitation_rules.revoke_what_is_no_longer_granted(user)
    return user


def deactivate(user: User) -> None:
    """End the user's sessions and stop them signing in again."""
    ender = getattr(auth_services, "deactivate_user", None)
    if ender is not None:
        ender(user)
        return
    user.active = False
    user.deactivated_at = utcnow()
    user.end_sessions()


def reactivate(user: User) -> None:
    """Let a deactivated user sign in again with the passkeys they still have."""
    restorer = getattr(auth_services, "reactivate_user", None)
    if restorer is not None:
        restorer(user)
        return
    user.active = True
    user.deactivated_at = None


def _keep_an_admin(user: User) -> None:
    root = org_root(user.org_id)
    # Serialise admin changes per organisation on PostgreSQL, so that two admins demoting
    # each other at once cannot both pass the check; SQLite already serialises writers.
    db.session.execute(select(Unit.id).where(Unit.id == root.id).with_for_update())
    others = db.session.scalar(
        select(func.count(User.id)).join(Unit, User.unit_id == Unit.id)
        .where(Unit.path.startswith(root.path), User.role == "admin",
               User.active.is_(True), User.id != user.id))
    if not others:
        raise Conflict("This is the organisation's last active administrator. "
                       "Make someone else an administrator first.", code="last_admin")
