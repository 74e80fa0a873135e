"""HTTP routes of the statistics."""
from __future__ import annotations

from flask import Response
from flask_login import current_user

from . import blp, export, services
from .schemas import StatsArgs, StatsSchema


def _statistics(args) -> dict:
    unit = services.scope_unit(current_user, args["unit_id"])
    return services.unit_statistics(unit, args["year"] or services.current_year(),
                                    language=current_user.language)


@blp.route("/stats", methods=["GET"])
@blp.arguments(StatsArgs, location="query")
@blp.response(200, StatsSchema)
def get_stats(args):
    """Count the year's metrics for a unit with its sub-units, or the organisation."""
    return _statistics(args)


@blp.route("/stats.csv", methods=["GET"])
@blp.arguments(StatsArgs, location="query")
@blp.response(200, {"type": "string"}, content_type="text/csv",
              description="The same figures for Excel: UTF-8 with a byte-order mark, "
                          "semicolons between fields, decimal commas and shares in per cent; "
                          "the headings in the user's language. One row for the unit and one "
                          "per direct sub-unit, then a table of months, then one of categories.")
def get_stats_csv(args):
    """Download the year's metrics as a spreadsheet file."""
    figures = _statistics(args)
    body = export.to_csv(figures, language=current_user.language)
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(figures, language=current_user.language)}"'
    response.cache_control.private = True
    return response
