"""What goes in (…Args) and what comes out (…Schema) of the statistics API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..ideas.schemas import UnitRefSchema
from ..inputs import InputSchema

YEAR_DOC = ("Years and months are calendar years and months in Swedish time "
            "(Europe/Stockholm), whatever the time zone of the server.")


def _f(description: str, kind=fields.Float, **kwargs):
    return kind(dump_only=True, metadata={"description": description}, **kwargs)


class FiguresSchema(Schema):
    """Ratios are rounded once, half away from zero: shares to 3 decimals, ideas per employee
    and targets to 2, target_ideas and hours to 1 (server/stats/rounding.py)."""

    submitted = _f("Ideas submitted in the year: counted by when they were submitted "
                   "(created_at), whatever their status now, merged duplicates "
                   "included.", fields.Integer)
    headcount = _f("Employees: the sum of the headcounts of the unit and all its sub-units "
                   "(each unit's headcount counts the people placed directly in it). Units "
                   "archived before the year began count nothing.", fields.Integer)
    per_employee = _f("submitted ÷ headcount; null when the headcount is 0.", allow_none=True)
    target_per_employee = _f("The target that applies to the unit: its own, or the nearest "
                             "ancestor's.", allow_none=True)
    target_ideas = _f("target_per_employee × headcount: the ideas the year's target asks for.",
                      allow_none=True)
    implemented = _f("Ideas that are implemented, counted in the year in which they were "
                     "marked implemented (implemented_at), whenever they were submitted.",
                     fields.Integer)
    declined = _f("Ideas that are declined now, counted in the year in which they were "
                  "declined (declined_at). A reopened idea no longer counts.", fields.Integer)
    implemented_share = _f("implemented ÷ (implemented + declined): the implemented share of "
                           "the ideas decided in the year; null when none were. A merged duplicate "
                           "is not decided and counts in neither.", allow_none=True)
    median_hours_to_acknowledge = _f(
        "Median hours from submission to the first response by a handler (the first status "
        "change; merging a duplicate is one), over the ideas submitted in the year that "
        "have had one; null when none.",
        allow_none=True)
    acknowledged_within_7_days = _f("Ideas submitted in the year whose first response came "
                                    "within 7 × 24 hours.", fields.Integer)
    acknowledged_within_7_days_share = _f(
        "acknowledged_within_7_days ÷ submitted: ideas still waiting count as not answered; "
        "null when nothing was submitted.", allow_none=True)
    participants = _f("Distinct people (with accounts) who submitted an idea in the year.",
                      fields.Integer)
    participation = _f("participants ÷ headcount; null when the headcount is 0.",
                       allow_none=True)
    due = _f("Ideas whose due date fell in the year and has passed, or which were implemented "
             "before it, not declined or merged: those whose follow-up can be judged.",
             fields.Integer)
    implemented_by_due_date = _f("Of `due`, the ideas implemented on or before their due "
                                 "date (in Swedish time).", fields.Integer)
    implemented_by_due_date_share = _f("implemented_by_due_date ÷ due; null when none were due.",
                                       allow_none=True)
    overdue = _f("Ideas open past their due date today (not implemented, declined or merged), "
                 "whatever the year asked: a figure of now.", fields.Integer)


class MonthSchema(Schema):
    month = _f("1 to 12.", fields.Integer)
    submitted = _f("Ideas submitted in the month.", fields.Integer)
    implemented = _f("Ideas marked implemented in the month.", fields.Integer)


class UnitFiguresSchema(FiguresSchema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    archived = fields.Boolean(dump_only=True)


class CategoryFiguresSchema(Schema):
    id = fields.UUID(dump_only=True, allow_none=True,
                     metadata={"description": "Null for the ideas without a category."})
    name = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "In the reader's language; null for the ideas without a category."})
    submitted = _f("Ideas of the category submitted in the year.", fields.Integer)
    implemented = _f("Ideas of the category implemented in the year.", fields.Integer)
    declined = _f("Ideas of the category declined in the year (and declined now).",
                  fields.Integer)


class StatsSchema(FiguresSchema):
    unit = fields.Nested(UnitRefSchema, dump_only=True,
                         metadata={"description": "The unit counted, with all its sub-units."})
    organisation = _f("True when the unit is the whole organisation.", fields.Boolean)
    year = _f(YEAR_DOC, fields.Integer)
    year_elapsed_share = _f("How much of the year has passed (0 to 1), for pacing the target.")
    monthly = fields.List(fields.Nested(MonthSchema), dump_only=True,
                          metadata={"description": "Twelve entries, January to December."})
    units = fields.List(fields.Nested(UnitFiguresSchema), dump_only=True, metadata={
        "description": "The same figures for each direct sub-unit (with its own sub-units), "
                       "for comparison. Ideas of people placed directly in the unit count in "
                       "the totals only."})
    categories = fields.List(fields.Nested(CategoryFiguresSchema), dump_only=True, metadata={
        "description": "The year's ideas of the unit with its sub-units per category, counted "
                       "as the totals are: every active category (and an inactive one that "
                       "counted something) by name, then the ideas without a category. "
                       "Empty when the organisation keeps no categories."})


class StatsArgs(InputSchema):
    unit_id = fields.UUID(load_default=None, metadata={
        "description": "The unit, counted with all its sub-units. Left out: the whole "
                       "organisation for an administrator, the handler's own unit for a "
                       "handler."})
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "The calendar year; this year when left "
                                    "out. " + YEAR_DOC})
