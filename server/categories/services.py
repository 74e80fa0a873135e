"""Keeping categories, and the rules for choosing one."""
from __future__ import annotations

import unicodedata
import uuid

from sqlalchemy import column, exists, select, table
from sqlalchemy.exc import IntegrityError

from ..admin.models import Unit
from ..auth.models import User
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from .models import Category

# The ideas table seen from below: ideas depend on categories, never the other way round.
_ideas = table("ideas", column("category_id"))


def require_admin(user: User) -> None:
    if user.role != "admin" or not user.is_active:
        raise Forbidden("Only an administrator can change the categories.")


def list_categories(viewer: User, *, include_inactive: bool = False) -> list[Category]:
    """The viewer's organisation's categories, by name in the viewer's language."""
    query = select(Category).where(Category.org_id == viewer.org_id)
    if not include_inactive:
        query = query.where(Category.active.is_(True))
    found = list(db.session.scalars(query))
    return sorted(found, key=lambda c: (c.label(viewer.language).casefold(), c.id.hex))


def visible_category(viewer: User, category_id: uuid.UUID) -> Category:
    """A category of the viewer's organisation; another's answers 404 so ids leak nothing."""
    category = db.session.get(Category, category_id)
    if category is None or category.org_id != viewer.org_id:
        raise NotFound("This category does not exist or is not your organisation's.")
    return category


def known_category(viewer: User, category_id: uuid.UUID) -> Category:
    """A category of the viewer's organisation, for a filter; any other is refused (422)."""
    category = db.session.get(Category, category_id)
    if category is None or category.org_id != viewer.org_id:
        raise Invalid("This category does not exist or is not your organisation's.",
                      code="unknown_category")
    return category


def choosable_category(viewer: User, category_id: uuid.UUID) -> Category:
    """A category the viewer may give an idea: active and of the viewer's organisation."""
    category = known_category(viewer, category_id)
    if not category.active:
        raise Invalid(f"The category {category.name!r} is no longer in use. Choose another.",
                      code="category_inactive")
    return category


def routing_unit(admin: User, unit_id: uuid.UUID | None) -> Unit | None:
    """The unit a category may route to: an active unit of the administrator's organisation."""
    if unit_id is None:
        return None
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.org_id != admin.org_id:
        raise Invalid("This unit does not exist or is not your organisation's.",
                      code="unknown_unit")
    if unit.archived_at is not None:
        raise Invalid(f"The unit {unit.name!r} is archived: it has no handlers to route to.",
                      code="unit_archived")
    return unit


def _folded(name: str) -> str:
    # NFC first: a name pasted with a combining diaeresis is the same name as "Ä".
    return unicodedata.normalize("NFC", name).casefold()


def _require_free_name(org_id: uuid.UUID, name: str, *, other_than: uuid.UUID | None = None):
    # Compared in Python: SQLite's lower() folds only ASCII, and "Äldreomsorg" and
    # "ÄLDREOMSORG" are one name. An organisation keeps a handful of categories.
    names = db.session.execute(select(Category.id, Category.name).where(
        Category.org_id == org_id)).all()
    if any(_folded(n) == _folded(name) and i != other_than for i, n in names):
        raise Conflict(f"There is already a category called {name!r}.", code="category_exists")


def _flush_unique(name: str) -> None:
    # Two administrators naming a category at once: the database's constraint decides.
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Conflict(f"There is already a category called {name!r}.",
                       code="category_exists") from None


def create_category(admin: User, *, name: str, name_en: str | None = None,
                    unit_id: uuid.UUID | None = None, active: bool = True) -> Category:
    require_admin(admin)
    unit = routing_unit(admin, unit_id)
    _require_free_name(admin.org_id, name)
    category = Category(id=uuid.uuid4(), org_id=admin.org_id, name=name, name_en=name_en or None,
                        unit=unit, active=active)
    db.session.add(category)
    _flush_unique(name)
    return category


def update_category(admin: User, category: Category, **changes) -> Category:
    """Change what is given: ``name``, ``name_en``, ``unit_id`` (None: no routing), ``active``."""
    require_admin(admin)
    if "unit_id" in changes:
        category.unit = routing_unit(admin, changes.pop("unit_id"))
    if "name" in changes:
        _require_free_name(category.org_id, changes["name"], other_than=category.id)
        category.name = changes.pop("name")
    if "name_en" in changes:
        category.name_en = changes.pop("name_en") or None
    if "active" in changes:
        category.active = changes.pop("active")
    _flush_unique(category.name)
    return category


def in_use(category: Category) -> bool:
    return bool(db.session.scalar(select(exists().where(_ideas.c.category_id == category.id))))


def delete_category(admin: User, category: Category) -> None:
    """Delete a category no idea has; one in use is refused, to be deactivated instead.

    Deleting it would take the category off ideas and out of past statistics,
    which the municipal report must be able to repeat.
    """
    require_admin(admin)
    if in_use(category):
        raise Conflict(f"Ideas have the category {category.name!r}, so it cannot be deleted. "
                       "Deactivate it instead: it stays on those ideas and in the statistics, "
                       "but cannot be chosen any more.", code="category_in_use")
    db.session.delete(category)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # an idea took the category meanwhile
        raise Conflict(f"Ideas have the category {category.name!r}, so it cannot be deleted. "
                       "Deactivate it instead.", code="category_in_use") from None
