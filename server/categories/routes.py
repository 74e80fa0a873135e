"""HTTP routes of the categories."""
from __future__ import annotations

from flask_login import current_user

from ..idempotency.docs import IDEMPOTENCY_HEADER, replayable
from . import blp, services
from .models import Category
from .schemas import (CategoryCreateArgs, CategoryListArgs, CategoryListSchema,
                      CategoryPatchArgs, CategorySchema)


def category_out(category: Category, language: str | None) -> dict:
    unit = category.unit
    return {"id": category.id, "name": category.name, "name_en": category.name_en,
            "label": category.label(language), "unit_id": category.unit_id,
            "unit": None if unit is None else {"id": unit.id, "name": unit.name},
            "active": category.active}


@blp.route("/categories", methods=["GET"])
@blp.arguments(CategoryListArgs, location="query")
@blp.response(200, CategoryListSchema)
def list_categories(args):
    """List my organisation's categories, by name in my language."""
    found = services.list_categories(current_user, include_inactive=args["include_inactive"])
    return {"items": [category_out(c, current_user.language) for c in found]}


@blp.route("/categories", methods=["POST"])
@blp.arguments(CategoryCreateArgs)
@blp.response(201, CategorySchema)
@blp.alt_response(409, description="`category_exists`: the organisation has a category of "
                                   "that name.")
@replayable(blp, CategorySchema)
def create_category(args):
    """Add a category to my organisation."""
    category = services.create_category(current_user, **args)
    return category_out(category, current_user.language)


@blp.route("/categories/<uuid:category_id>", methods=["PATCH"])
@blp.arguments(CategoryPatchArgs)
@blp.response(200, CategorySchema)
@blp.alt_response(409, description="`category_exists`: another category has that name.")
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def patch_category(args, category_id):
    """Rename, re-route, activate or deactivate a category."""
    services.require_admin(current_user)
    category = services.visible_category(current_user, category_id)
    services.update_category(current_user, category, **args)
    return category_out(category, current_user.language)


@blp.route("/categories/<uuid:category_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(409, description="`category_in_use`: ideas have the category. Deactivate "
                                   "it instead (`PATCH` with `active: false`).")
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def delete_category(category_id):
    """Delete a category that no idea has."""
    services.require_admin(current_user)
    category = services.visible_category(current_user, category_id)
    services.delete_category(current_user, category)
