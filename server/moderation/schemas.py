"""What goes in (…Args) and what comes out (…Schema) of reports and their review."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..ideas.schemas import PersonSchema, PhotoSchema, UnitRefSchema
from ..inputs import InputSchema
from .models import ACTIONS, REASONS, RESOLUTIONS

_REASON = {"description": "`client_data`: information about a client (brukare); "
                          "`offensive`; `other`."}


class ReportArgs(InputSchema):
    comment_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "The comment reported; leave out to report the idea itself."})
    reason = fields.String(required=True, validate=validate.OneOf(REASONS), metadata=_REASON)
    note = fields.String(load_default="", validate=validate.Length(max=1000), metadata={
        "description": "What the handlers should look at."})


class ReportSchema(Schema):
    """A report as its reporter sees it."""

    id = fields.UUID(dump_only=True)
    idea_id = fields.UUID(dump_only=True)
    comment_id = fields.UUID(dump_only=True, allow_none=True)
    reason = fields.String(dump_only=True, validate=validate.OneOf(REASONS))
    note = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    resolution = fields.String(dump_only=True, allow_none=True, validate=validate.OneOf(
        list(RESOLUTIONS.values())), metadata={"description": "Null while open."})


class ReportEntrySchema(Schema):
    id = fields.UUID(dump_only=True)
    reason = fields.String(dump_only=True, validate=validate.OneOf(REASONS))
    note = fields.String(dump_only=True)
    reporter = fields.Nested(PersonSchema, dump_only=True, allow_none=True, metadata={
        "description": "Null when the reporter is the idea's anonymous submitter and the "
                       "reader may not know them."})
    created_at = fields.DateTime(dump_only=True)


class ReportedIdeaSchema(Schema):
    id = fields.UUID(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    description = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    unit = fields.Nested(UnitRefSchema, dump_only=True)
    submitter = fields.Nested(PersonSchema, dump_only=True, allow_none=True)
    photos = fields.List(fields.Nested(PhotoSchema), dump_only=True)
    hidden = fields.String(dump_only=True, allow_none=True)


class ReportedCommentSchema(Schema):
    id = fields.UUID(dump_only=True)
    body = fields.String(dump_only=True)
    author = fields.Nested(PersonSchema, dump_only=True, allow_none=True)
    hidden = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class ReportedItemSchema(Schema):
    """An item with open reports on a handler's desk; resolve it through any of its reports."""

    id = fields.UUID(dump_only=True, metadata={
        "description": "The oldest open report's id, for `POST /reports/{id}/resolve`."})
    idea = fields.Nested(ReportedIdeaSchema, dump_only=True)
    comment = fields.Nested(ReportedCommentSchema, dump_only=True, allow_none=True, metadata={
        "description": "The reported comment; null when the idea itself is reported."})
    reports = fields.List(fields.Nested(ReportEntrySchema), dump_only=True, metadata={
        "description": "Every open report of the item, oldest first, one per person."})


class ReportPageSchema(Schema):
    items = fields.List(fields.Nested(ReportedItemSchema), dump_only=True)


class ResolveArgs(InputSchema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS), metadata={
        "description": "`restore`: show it again; `hide`: hide it with a `reason` its author "
                       "reads; `redact`: delete a passage of `field` (given as `text`, or as "
                       "`start` and `end` offsets) or a photo (`field` `photo`, `photo_id`). "
                       "The passage becomes \"[borttaget]\" in the item, its search index and "
                       "its edit history; the history records who redacted and when."})
    reason = fields.String(load_default="", validate=validate.Length(max=1000))
    field = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        ("title", "description", "body", "photo")), metadata={
        "description": "An idea's `title`, `description` or `photo`; a comment's `body` "
                       "(the default for a comment)."})
    text = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(min=1, max=10000), metadata={
        "description": "The exact passage to remove; every occurrence in the field goes."})
    start = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    end = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))
    photo_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def _one_way_to_name_a_passage(self, data, **_kwargs):
        if data.get("text") is not None and (data.get("start") is not None
                                             or data.get("end") is not None):
            raise ValidationError("Give the passage as text or as offsets, not both.", "text")
