"""HTTP routes for the current user, invitations and the session."""
from __future__ import annotations

import uuid

from flask import Response, current_app, render_template
from flask_login import current_user

from ..admin.models import Unit
from ..errors import NotFound
from ..extensions import db, limiter
from ..idempotency.docs import IDEMPOTENCY_HEADER, replayable
from ..idempotency.services import retention_days
from . import blp, services, sessions
from .qr import qr_svg
from .models import User
from ..timestamps import STOCKHOLM
from .rate_limits import sign_in_limit
from .presenters import session_out, user_out
from .schemas import (InvitationArgs, InvitationCreatedSchema, InvitationInfoSchema,
                      InvitationListArgs, InvitationPageSchema, MeArgs, MeSchema, RedeemArgs,
                      SessionSchema, UserSchema)


def me_out() -> dict:
    return {**user_out(current_user), "idempotency_days": retention_days(current_app.config),
            "weekly_digest": current_user.weekly_digest}


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Return the signed-in user and how long the server keeps Idempotency-Keys."""
    return me_out()


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MeArgs)
@blp.response(200, MeSchema)
def update_me(args):
    """Change my display name, language, or whether I get the weekly digest."""
    for field in ("display_name", "language", "weekly_digest"):
        if field in args:
            setattr(current_user, field, args[field])
    db.session.flush()
    return me_out()


@blp.route("/invitations", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.arguments(InvitationArgs)
@blp.response(201, InvitationCreatedSchema)
@blp.alt_response(409, description="The unit is archived.")
@replayable(blp, InvitationCreatedSchema)
def create_invitation(args):
    """Create a one-time invitation link for a unit, or to re-admit an existing user."""
    unit = db.session.get(Unit, args["unit_id"])
    if unit is None or unit.org_id != current_user.org_id:
        raise NotFound("That unit does not exist.")
    user = None
    if args["user_id"] is not None:
        user = db.session.get(User, args["user_id"])
        if user is None or user.org_id != current_user.org_id:
            raise NotFound("That user does not exist.")
    invitation, token = services.create_invitation(
        unit, role=args["role"], display_name=args["display_name"], user=user,
        created_by=current_user, days=current_app.config["GNISTA_INVITATION_DAYS"],
        max_uses=args["max_uses"])
    api_url = f"{current_app.config['GNISTA_ORIGIN']}/api/v1/invitations/{token}"
    return {"id": invitation.id, "token": token, "url": invitation_url(token),
            "expires_at": invitation.expires_at, "max_uses": invitation.max_uses, "qr_url": f"{api_url}/qr.svg",
            "poster_url": f"{api_url}/poster"}


def _person(user: User | None) -> dict | None:
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def invitation_out(invitation) -> dict:
    """An open invitation for its unit's handlers: never the token, which only its creator saw."""
    return {"id": invitation.id,
            "unit": {"id": invitation.unit.id, "name": invitation.unit.name},
            "role": invitation.role, "display_name": invitation.display_name or "",
            "recovery_for": _person(invitation.user), "max_uses": invitation.max_uses,
            "use_count": invitation.use_count, "created_at": invitation.created_at,
            "expires_at": invitation.expires_at, "created_by": _person(invitation.created_by),
            "from_command_line": invitation.from_command_line}


@blp.route("/invitations", methods=["GET"])
@blp.arguments(InvitationListArgs, location="query")
@blp.response(200, InvitationPageSchema)
def list_invitations(args):
    """List the open invitations to my units, newest first (admin: the whole organisation)."""
    services.require_invitation_reader(current_user)
    unit = None
    if args["unit_id"] is not None:
        unit = db.session.get(Unit, args["unit_id"])
        if unit is None:
            raise NotFound("That unit does not exist or is not one of yours.")
    page, next_cursor = services.list_open_invitations(
        current_user, unit=unit, cursor=args["cursor"], limit=args["limit"])
    return {"items": [invitation_out(i) for i in page], "next_cursor": next_cursor}


# The same path template as the token routes below, so that the OpenAPI document has one
# path item for /invitations/{token}: here the segment is the invitation's id, which the
# list shows (the token is never shown again after the invitation was made).
@blp.route("/invitations/<string:token>", methods=["DELETE"])
@blp.response(204)
@blp.doc(parameters=[IDEMPOTENCY_HEADER, {
    "name": "token", "in": "path", "required": True,
    "description": "The invitation's id (from GET /invitations), not its token, which "
                   "this path takes for every other method.",
    "schema": {"type": "string"}}])
def revoke_invitation(token):
    """Revoke an invitation: its link, QR code and poster stop working at once."""
    services.require_invitation_reader(current_user)
    try:
        invitation_id = uuid.UUID(token)
    except ValueError:
        raise NotFound("This invitation does not exist or is not for one of your units.") from None
    services.revoke_invitation(services.visible_invitation(current_user, invitation_id))


def invitation_url(token: str) -> str:
    return f"{current_app.config['GNISTA_ORIGIN']}/join/{token}"


def _usable_invitation(token: str):
    return services.require_usable(services.find_invitation(token))


def _private(response: Response, policy: str) -> Response:
    """Keep a page that carries an invitation token out of caches and referrers."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = policy
    return response


QR_LABEL = "QR-kod: skanna för att gå med i Gnista"
POSTER_TIMEZONE = STOCKHOLM


@blp.route("/invitations/<string:token>/qr.svg", methods=["GET"])
@limiter.limit(sign_in_limit)
@blp.response(200, {"type": "string"}, content_type="image/svg+xml",
              description="The invitation link as a QR code.")
@blp.alt_response(410, description="The invitation was used already or has expired.")
def invitation_qr(token):
    """Return the invitation link as an SVG QR code, to show on a screen."""
    _usable_invitation(token)
    response = Response(str(qr_svg(invitation_url(token), label=QR_LABEL)),
                        mimetype="image/svg+xml")
    return _private(response, "default-src 'none'; frame-ancestors 'none'")


@blp.route("/invitations/<string:token>/poster", methods=["GET"])
@limiter.limit(sign_in_limit)
@blp.response(200, {"type": "string"}, content_type="text/html",
              description="A printable page: the unit, the QR code and the link.")
@blp.alt_response(410, description="The invitation was used already or has expired.")
def invitation_poster(token):
    """Return a printable page that invites people to scan and join, in Swedish and English."""
    invitation = _usable_invitation(token)
    url = invitation_url(token)
    html = render_template(
        "auth/poster.html", url=url, unit_name=invitation.unit.name,
        display_name=invitation.display_name, svg=qr_svg(url, label=QR_LABEL),
        valid_until=f"{invitation.expires_at.astimezone(POSTER_TIMEZONE):%Y-%m-%d %H:%M}")
    return _private(Response(html, mimetype="text/html"),
                    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                    "form-action 'none'; frame-ancestors 'none'")


@blp.route("/invitations/<string:token>", methods=["GET"])
@limiter.limit(sign_in_limit)
@blp.response(200, InvitationInfoSchema)
def lookup_invitation(token):
    """Tell whether an invitation can be used, and for which unit."""
    invitation = services.find_invitation(token)
    return {"valid": services.is_usable(invitation),
            "unit": {"id": invitation.unit.id, "name": invitation.unit.name},
            "role": invitation.role, "display_name": invitation.display_name,
            "recovery": invitation.user_id is not None, "expires_at": invitation.expires_at}


@blp.route("/invitations/<string:token>/redeem", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.arguments(RedeemArgs)
@blp.response(201, UserSchema)
@blp.alt_response(410, description="The invitation was used already or has expired.")
@replayable(blp, UserSchema)
def redeem_invitation(args, token):
    """Use an invitation: become a user (or re-admit yourself) and get signed in."""
    invitation = services.find_invitation(token)
    user, _created = services.redeem(invitation, display_name=args["display_name"],
                                     language=args["language"])
    services.sign_in(user)
    return user_out(user)


@blp.route("/session", methods=["DELETE"])
@blp.response(204)
def delete_session():
    """Sign out on this device: its session ends on the server too."""
    services.sign_out(current_user)


@blp.route("/sessions", methods=["GET"])
@blp.response(200, SessionSchema(many=True))
def list_sessions():
    """List the devices I am signed in on, most recently used first."""
    mine = sessions.current(current_user)
    return [session_out(record, current=mine is not None and record.id == mine.id)
            for record in sessions.list_for(current_user)]


@blp.route("/sessions/<uuid:session_id>", methods=["DELETE"])
@blp.response(204)
def delete_one_session(session_id):
    """Sign out one of my devices (this one too, if it is named)."""
    record = sessions.own(current_user, session_id)
    if current_user.current_session is not None and record.id == current_user.current_session.id:
        services.sign_out(current_user)
    else:
        sessions.end(record)


@blp.route("/sessions", methods=["DELETE"])
@blp.response(204)
def delete_other_sessions():
    """Sign out all my devices except this one."""
    sessions.end_others(current_user)
