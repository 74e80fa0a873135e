"""What goes in (…Args) and what comes out (…Schema) of the categories API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..inputs import InputSchema
from .models import MAX_NAME

_NAME_EN_DOC = "The English name, shown to readers who use Gnista in English; null: the Swedish one."
_UNIT_DOC = ("A unit of the organisation whose handlers also handle the category's ideas: they "
             "see them among their unit's ideas, are notified of new ones, and can act on them. "
             "Null: the ideas are handled by their own unit's handlers only.")


class CategoryRefSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True, metadata={"description": "In the reader's language."})


class RoutingUnitSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)


class CategorySchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True, metadata={"description": "The Swedish name."})
    name_en = fields.String(dump_only=True, allow_none=True,
                            metadata={"description": _NAME_EN_DOC})
    label = fields.String(dump_only=True, metadata={
        "description": "The name in the reader's language: name_en for English, else name."})
    unit_id = fields.UUID(dump_only=True, allow_none=True, metadata={"description": _UNIT_DOC})
    unit = fields.Nested(RoutingUnitSchema, dump_only=True, allow_none=True)
    active = fields.Boolean(dump_only=True, metadata={
        "description": "Only active categories can be chosen for an idea; an inactive one "
                       "stays on the ideas that have it."})


class CategoryListSchema(Schema):
    items = fields.List(fields.Nested(CategorySchema), dump_only=True)


class CategoryListArgs(InputSchema):
    include_inactive = fields.Boolean(load_default=False, metadata={
        "description": "Also the inactive categories (for administrators keeping them)."})


class CategoryCreateArgs(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                         metadata={"description": "The Swedish name, unique in the organisation "
                                                  "whatever its case (409 otherwise)."})
    name_en = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=MAX_NAME),
                            metadata={"description": _NAME_EN_DOC})
    unit_id = fields.UUID(load_default=None, allow_none=True, metadata={"description": _UNIT_DOC})
    active = fields.Boolean(load_default=True)


class CategoryPatchArgs(InputSchema):
    name = fields.String(validate=validate.Length(min=1, max=MAX_NAME))
    name_en = fields.String(allow_none=True, validate=validate.Length(max=MAX_NAME),
                            metadata={"description": _NAME_EN_DOC})
    unit_id = fields.UUID(allow_none=True, metadata={"description": _UNIT_DOC})
    active = fields.Boolean()
