"""HTTP routes for the current user, invitations and the session."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template
from flask_login import current_user

from ..admin.models import Unit
from ..errors import NotFound
from ..extensions import db, limiter
from ..idempotency.docs import replayable
from ..idempotency.services import retention_days
from . import blp, services, sessions
from .qr import qr_svg
from .models import User
from .rate_limits import sign_in_limit
from .presenters import session_out, user_out
from .schemas import (InvitationArgs, InvitationCreatedSchema, InvitationInfoSchema, MeArgs,
                      MeSchema, RedeemArgs, SessionSchema, UserSchema)

def me_out() -> dict:
    return {**user_out(current_user), "idempotency_days": retention_days(current_app.config)}


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Return the signed-in user and how long the server keeps Idempotency-Keys."""
    return me_out()


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MeArgs)
@blp.response(200, MeSchema)
def update_me(args):
    """Change my display name or language."""
    for field in ("display_name", "language"):
        if field in args:
            setattr(current_user, field, args[field])
    db.session.flush()
    return me_out()


@blp.route("/invitations", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.arguments(InvitationArgs)
@blp.response(201, InvitationCreatedSchema)
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
    return {"token": token, "url": invitation_url(token), "expires_at": invitation.expires_at,
            "max_uses": invitation.max_uses, "qr_url": f"{api_url}/qr.svg",
            "poster_url": f"{api_url}/poster"}


def invitation_url(token: str) -> str:
    return f"{current_app.config['GNISTA_ORIGIN']}/join/{token}"


def _usable_invitation(token: str):
    invitation = services.find_invitation(token)
    if not services.is_usable(invitation):
        raise services.InvitationUnusable("This invitation has already been used or has "
                                          "expired. Ask your manager for a new one.")
    return invitation


def _private(response: Response, policy: str) -> Response:
    """Keep a page that carries an invitation token out of caches and referrers."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = policy
    return response


QR_LABEL = "QR-kod: skanna för att gå med i Gnista"
POSTER_TIMEZONE = ZoneInfo("Europe/Stockholm")


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
