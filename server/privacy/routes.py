"""HTTP routes of privacy: my data export, and erasing a person."""
from __future__ import annotations

from flask import Response
from flask_login import current_user

from ..admin import services as admin_services
from ..idempotency.docs import IDEMPOTENCY_HEADER
from . import blp, export, services


@blp.route("/me/export", methods=["GET"])
@blp.response(200, {"format": "binary", "type": "string"}, content_type="application/zip",
              description="A zip file: profile.json, ideas.json (my ideas with their status "
                          "history and comments), comments.json, votes.json, "
                          "following.json, notifications.json, and photos/ with my ideas' photos.")
def export_my_data():
    """Download everything Gnista holds about me as a zip file."""
    body = export.build_zip(current_user)
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename()}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@blp.route("/users/<uuid:user_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(409, description="An administrator cannot erase their own account.")
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def erase_user(user_id):
    """Erase a person: their account and personal data go, their ideas stay without a name."""
    admin_services.require_admin(current_user)
    user = admin_services.visible_user(current_user, user_id)
    services.erase_user(current_user, user)
