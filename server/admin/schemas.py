"""What goes in (…Args) and what comes out (…Schema) of the administration API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..auth.models import ROLES
from ..auth.schemas import UserSchema
from ..ideas.schemas import UnitRefSchema
from ..inputs import InputSchema

MAX_HEADCOUNT = 1_000_000
MAX_TARGET = 100.0

_TARGET_DOC = ("Ideas per employee and year. Null: inherit the parent's target "
               "(the nearest ancestor that has one).")


class UnitSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    parent_id = fields.UUID(dump_only=True, allow_none=True)
    depth = fields.Integer(dump_only=True,
                           metadata={"description": "0 for the organisation's top unit."})
    headcount = fields.Integer(dump_only=True, metadata={
        "description": "Employees placed directly in this unit (not in its sub-units)."})
    target_per_employee = fields.Float(dump_only=True, allow_none=True,
                                       metadata={"description": _TARGET_DOC})
    effective_target_per_employee = fields.Float(dump_only=True, allow_none=True, metadata={
        "description": "The target that applies: this unit's own, or the inherited one."})
    target_inherited = fields.Boolean(dump_only=True)
    archived = fields.Boolean(dump_only=True)
    archived_at = fields.DateTime(dump_only=True, allow_none=True)


class UnitListSchema(Schema):
    items = fields.List(fields.Nested(UnitSchema), dump_only=True)


class UnitListArgs(InputSchema):
    include_archived = fields.Boolean(load_default=False)


class UnitCreateArgs(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    parent_id = fields.UUID(load_default=None, metadata={
        "description": "The parent unit; the organisation's top unit when left out."})
    headcount = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_HEADCOUNT))
    target_per_employee = fields.Float(load_default=None, allow_none=True,
                                       validate=validate.Range(min=0, max=MAX_TARGET),
                                       metadata={"description": _TARGET_DOC})


class UnitPatchArgs(InputSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    parent_id = fields.UUID(metadata={
        "description": "Move the unit (with its sub-units) under this unit of the same "
                       "organisation. Moving it under itself or a sub-unit is refused (409)."})
    headcount = fields.Integer(validate=validate.Range(min=0, max=MAX_HEADCOUNT))
    target_per_employee = fields.Float(allow_none=True,
                                       validate=validate.Range(min=0, max=MAX_TARGET),
                                       metadata={"description": _TARGET_DOC})
    archived = fields.Boolean(metadata={
        "description": "True archives the unit with its sub-units (refused while active "
                       "users belong to them); false restores it with the sub-units that "
                       "were archived together with it."})


class AdminUserSchema(UserSchema):
    deactivated_at = fields.DateTime(dump_only=True, allow_none=True)
    last_seen_on = fields.Date(dump_only=True, allow_none=True, metadata={
        "description": "The day (Europe/Stockholm) of the latest use of any of the user's "
                       "sessions or passkeys; null when never or no longer recorded. Only the "
                       "day, so that it cannot be matched with an anonymous idea's time."})


class UserPageSchema(Schema):
    items = fields.List(fields.Nested(AdminUserSchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class UserListArgs(InputSchema):
    unit_id = fields.UUID(load_default=None, metadata={
        "description": "Only users of this unit and its sub-units."})
    q = fields.String(load_default=None, validate=validate.Length(max=80),
                      metadata={"description": "Part of the display name, any case."})
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    active = fields.Boolean(load_default=None)
    cursor = fields.String(load_default=None, validate=validate.Length(max=500))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class UserPatchArgs(InputSchema):
    role = fields.String(validate=validate.OneOf(ROLES))
    unit_id = fields.UUID()
    active = fields.Boolean(metadata={
        "description": "False deactivates the user and ends all their sessions at once. "
                       "An organisation always keeps at least one active administrator (409)."})
    display_name = fields.String(validate=validate.Length(min=1, max=80))


class PeopleArgs(InputSchema):
    q = fields.String(load_default=None, validate=validate.Length(max=80),
                      metadata={"description": "Part of the display name, any case."})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=20))


class PersonInUnitSchema(Schema):
    id = fields.UUID(dump_only=True)
    display_name = fields.String(dump_only=True)
    unit = fields.Nested(UnitRefSchema, dump_only=True)


class PeopleSchema(Schema):
    items = fields.List(fields.Nested(PersonInUnitSchema), dump_only=True, metadata={
        "description": "Active people of my organisation by name, at most `limit`."})
