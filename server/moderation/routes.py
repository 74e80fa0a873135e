"""HTTP routes of reports and their review."""
from __future__ import annotations

from flask_login import current_user

from ..extensions import db
from ..idempotency.docs import in_flight, replayable
from ..ideas.access import visible_idea_or_404
from ..ideas.models import Idea
from ..ideas.presenters import person_on, photo
from . import blp, services
from .models import Report
from .schemas import ReportArgs, ReportPageSchema, ReportSchema, ResolveArgs


@blp.route("/ideas/<uuid:idea_id>/reports", methods=["POST"])
@blp.arguments(ReportArgs)
@blp.response(201, ReportSchema)
@replayable(blp, ReportSchema)
def post_report(args, idea_id):
    """Report an idea or one of its comments to the idea's handlers (once per person)."""
    idea = visible_idea_or_404(current_user, db.session.get(Idea, idea_id))
    return services.report(current_user._get_current_object(), idea, reason=args["reason"],
                           note=args["note"], comment_id=args["comment_id"])


@blp.route("/reports", methods=["GET"])
@blp.response(200, ReportPageSchema)
def list_reports():
    """The open reports of the ideas I handle, one entry per reported item, oldest first."""
    viewer = current_user._get_current_object()
    return {"items": [_item(reports, viewer) for reports in services.open_reports(viewer)]}


@blp.route("/reports/<uuid:report_id>/resolve", methods=["POST"])
@blp.arguments(ResolveArgs)
@blp.response(200, ReportSchema)
@in_flight(blp, also="`already_resolved`: another handler resolved it first.")
def resolve_report(args, report_id):
    """Restore, hide or redact a reported item; every open report on it is resolved."""
    handler = current_user._get_current_object()
    found = services.report_to_resolve(handler, report_id)
    return services.resolve(handler, found, action=args["action"], reason=args["reason"],
                            field=args["field"], passage=args["text"], start=args["start"],
                            end=args["end"], photo_id=args["photo_id"])


def _item(reports: list[Report], viewer) -> dict:
    first = reports[0]
    idea, comment = first.idea, first.comment
    return {
        "id": first.id,
        "idea": {"id": idea.id, "title": idea.title, "description": idea.description,
                 "status": idea.status, "unit": {"id": idea.unit.id, "name": idea.unit.name},
                 "submitter": person_on(idea, idea.submitter, viewer),
                 "photos": [photo(p) for p in idea.photos], "hidden": idea.hidden},
        "comment": None if comment is None else {
            "id": comment.id, "body": comment.body, "hidden": comment.hidden,
            "author": person_on(idea, comment.author, viewer), "created_at": comment.created_at},
        "reports": [{"id": r.id, "reason": r.reason, "note": r.note, "created_at": r.created_at,
                     "reporter": person_on(idea, r.reporter, viewer)} for r in reports],
    }
