"""Invitations, users and sign-in state."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from flask import current_app, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from .. import cursors
from ..admin.models import Unit
from ..errors import ApiError, Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..timestamps import utcnow
from . import challenges, invitation_rules, passkeys, scope, session_rolling, sessions
from .models import LANGUAGES, ROLES, Invitation, Passkey, User
from .relying_party import origin_and_rp_id

# A poster in a staff room may admit a whole workplace; more is a mistake.
MAX_INVITATION_USES = 500
# Enough for every phone and tablet a person uses; a limit keeps a stolen session
# from filling the table.
MAX_PASSKEYS_PER_USER = 20


class InvitationUnusable(ApiError):
    status, code = 410, "invitation_unusable"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(unit: Unit, *, role: str = "staff", display_name: str | None = None,
                      user: User | None = None, created_by: User | None = None,
                      days: int = 14, max_uses: int = 1) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the token, which is shown only once.

    Without ``created_by`` it is the command line's (the installation's owner), which
    no later change of any user's rights ends.
    """
    if role not in ROLES:
        raise Invalid(f"Unknown role '{role}'.")
    if not 1 <= max_uses <= MAX_INVITATION_USES:
        raise Invalid(f"An invitation can be used 1 to {MAX_INVITATION_USES} times.",
                      code="max_uses_invalid")
    # A link that many people can use must not hand out more than a staff account.
    if max_uses > 1 and (user is not None or role != "staff"):
        raise Invalid("Only invitations for new staff can be used more than once.",
                      code="max_uses_invalid")
    if user is not None:
        # A re-admission grants the person's role as it is now, and never more later.
        unit, role = user.unit, user.role
    # Who may invite comes first: a unit's state is not told to someone who may not invite there.
    if created_by is not None:
        invitation_rules.may_invite(created_by, unit, role, user)
    if unit.archived_at is not None:
        raise Conflict("Nobody can be invited to an archived unit.", code="unit_archived")
    token = secrets.token_urlsafe(24)
    invitation = Invitation(token_hash=hash_token(token), unit=unit, role=role,
                            display_name=display_name or (user.display_name if user else None),
                            user=user, created_by=created_by,
                            from_command_line=created_by is None,
                            expires_at=utcnow() + timedelta(days=days), max_uses=max_uses)
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.token_hash == hash_token(token)))
    if invitation is None:
        raise NotFound("This invitation link is not valid. Ask your manager for a new one.")
    return invitation


def is_usable(invitation: Invitation) -> bool:
    return invitation_rules.is_open(invitation)


def require_usable(invitation: Invitation) -> Invitation:
    """Refuse an invitation that was used up, expired, revoked, or outlived its creator's rights."""
    if not is_usable(invitation):
        raise InvitationUnusable("This invitation can no longer be used. "
                                 "Ask your manager for a new one.")
    return invitation


def require_invitation_reader(viewer: User) -> str:
    """Return the path prefix of the units whose invitations the viewer sees; staff see none."""
    prefix = scope.handled_path(viewer)
    if prefix is None:
        raise Forbidden("Only handlers and administrators can see invitations.")
    return prefix


def visible_invitation(viewer: User, invitation_id: uuid.UUID) -> Invitation:
    """Return an invitation to a unit the viewer handles; anything else is 404, so ids leak nothing."""
    require_invitation_reader(viewer)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not scope.handles_unit(viewer, invitation.unit.path):
        raise NotFound("This invitation does not exist or is not for one of your units.")
    return invitation


def _invitation_cursor(invitation: Invitation) -> str:
    return cursors.encode(invitation.created_at, invitation.id)


def list_open_invitations(viewer: User, *, unit: Unit | None = None, cursor: str | None = None,
                          limit: int = 50) -> tuple[list[Invitation], str | None]:
    """List the open invitations to units the viewer handles, newest first; a page and the next cursor."""
    prefix = require_invitation_reader(viewer)
    if unit is not None:
        if not scope.handles_unit(viewer, unit.path):
            raise NotFound("That unit does not exist or is not one of yours.")
        prefix = unit.path
    query = (select(Invitation).join(Unit, Invitation.unit_id == Unit.id)
             .where(Unit.path.startswith(prefix), Invitation.revoked_at.is_(None),
                    Invitation.use_count < Invitation.max_uses, Invitation.expires_at > utcnow())
             .options(selectinload(Invitation.unit), selectinload(Invitation.user),
                      selectinload(Invitation.created_by))
             .order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    if cursor:
        created, ident = cursors.decode(cursor, cursors.moment, cursors.ident)
        query = query.where(or_(Invitation.created_at < created,
                                and_(Invitation.created_at == created, Invitation.id < ident)))
    # Whether the creator may still grant it is the rule's to say, not a second copy in SQL:
    # read on in batches until a page of open ones is found.
    found: list[Invitation] = []
    batch, offset = max(2 * (limit + 1), 50), 0
    while len(found) <= limit:
        rows = db.session.scalars(query.offset(offset).limit(batch)).all()
        found.extend(row for row in rows if invitation_rules.is_open(row))
        if len(rows) < batch:
            break
        offset += batch
    page = found[:limit]
    return page, _invitation_cursor(page[-1]) if len(found) > limit else None


def revoke_invitation(invitation: Invitation) -> None:
    """Revoke an invitation: its link, QR code and poster stop working at once (idempotent)."""
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()


def redeem(invitation: Invitation, *, display_name: str | None,
           language: str | None) -> tuple[User, bool]:
    """Use an invitation once: create the user, or re-admit the one it names."""
    require_usable(invitation)
    if language is not None and language not in LANGUAGES:
        raise Invalid(f"Unknown language '{language}'.")
    # Compare-and-set so that two people racing with one link cannot both get in.
    result = db.session.execute(update(Invitation).where(
        Invitation.id == invitation.id, Invitation.use_count < Invitation.max_uses,
        Invitation.revoked_at.is_(None)
    ).values(use_count=Invitation.use_count + 1, redeemed_at=utcnow()))
    if result.rowcount != 1:
        raise InvitationUnusable("This invitation has already been used.")
    if invitation.user is not None:
        user, created = invitation.user, False
        # Re-admission is for a lost phone: whatever session that phone holds ends now.
        user.end_sessions()
        if display_name:
            user.display_name = display_name
    else:
        if not display_name:
            raise Invalid("Tell us your name so colleagues know who you are.", code="name_required")
        user = User(display_name=display_name, unit=invitation.unit, role=invitation.role,
                    language=language or "sv")
        db.session.add(user)
        created = True
    if language:
        user.language = language
    db.session.flush()
    invitation.redeemed_by_id = user.id
    return user, created


def sign_in(user: User, *, passkey: Passkey | None = None) -> None:
    """Start a fresh session for the user: nothing from a previous session survives."""
    # Signing in on a device replaces whatever session it had, whoever's it was.
    if current_user.is_authenticated and current_user.current_session is not None:
        sessions.end(current_user.current_session)
    session.clear()
    sessions.start(user, passkey=passkey)
    login_user(user)
    session.permanent = True
    session_rolling.mark_rolled()


def sign_out(user: User | None = None) -> None:
    """End this device's session on the server and forget the cookie."""
    if user is not None and user.current_session is not None:
        sessions.end(user.current_session)
        user.current_session = None
    logout_user()
    session.clear()


def load_user(cookie_id: str) -> User | None:
    """Resolve the cookie's session; a deleted, expired or deactivated one signs nobody in."""
    return sessions.resolve(cookie_id)


def deactivate_user(user: User) -> None:
    """Deactivate a user: every session ends and their passkeys stop signing in at once."""
    user.active = False
    user.deactivated_at = utcnow()
    user.end_sessions()
    db.session.flush()


def reactivate_user(user: User) -> None:
    """Let a deactivated user sign in again with the passkeys they have."""
    user.active = True
    user.deactivated_at = None
    db.session.flush()


class UnknownPasskey(passkeys.InvalidCredential):
    """Refuse a passkey that Gnista does not know (removed, or made for another install)."""

    code = "passkey_unknown"


class AccountDeactivated(ApiError):
    status, code = 403, "account_deactivated"


def relying_party() -> tuple[str, str]:
    """Return the expected origin and relying-party id from GNISTA_ORIGIN."""
    return origin_and_rp_id(current_app.config["GNISTA_ORIGIN"])


def passkey_registration_options(user: User) -> dict:
    """Start registering a passkey for the user; returns the options for the browser."""
    _origin, rp_id = relying_party()
    options, challenge = passkeys.registration_options(
        rp_id=rp_id, rp_name="Gnista", user_id=user.id.bytes,
        # The phone's account picker shows this name: on a shared phone the unit
        # tells two people with the same name apart.
        user_name=f"{user.display_name} ({user.unit.name})", display_name=user.display_name,
        exclude_credential_ids=[p.credential_id for p in user.passkeys])
    challenges.issue(challenges.REGISTRATION, challenge, user_id=user.id)
    return options


def register_passkey(user: User, credential: dict, *, name: str | None = None) -> Passkey:
    """Verify a new passkey against the session's challenge and store it for the user."""
    challenge = challenges.take(challenges.REGISTRATION)
    if challenge.user_id != user.id:
        raise passkeys.ChallengeMismatch("This passkey request was started by someone else. "
                                         "Please start again.")
    origin, rp_id = relying_party()
    new = passkeys.verify_registration(credential_json=credential, challenge=challenge.value,
                                       rp_id=rp_id, origin=origin)
    if db.session.scalar(select(Passkey.id).where(Passkey.credential_id == new.credential_id)):
        raise Conflict("This passkey is already registered.", code="passkey_exists")
    count = db.session.scalar(select(func.count()).select_from(Passkey)
                              .where(Passkey.user_id == user.id))
    if count >= MAX_PASSKEYS_PER_USER:
        raise Conflict(f"You already have {MAX_PASSKEYS_PER_USER} passkeys. "
                       "Remove one you no longer use first.", code="passkey_limit")
    passkey = Passkey(user=user, credential_id=new.credential_id, public_key=new.public_key,
                      sign_count=new.sign_count, transports=new.transports,
                      backed_up=new.backed_up, name=name or "")
    db.session.add(passkey)
    db.session.flush()
    # A device that joined by invitation holds this passkey now: removing it signs the device out.
    current = user.current_session
    if current is not None and current.passkey_id is None:
        current.passkey_id = passkey.id
        db.session.flush()
    return passkey


def sign_in_options() -> dict:
    """Start a sign-in with any passkey on the device; returns the options for the browser."""
    _origin, rp_id = relying_party()
    options, challenge = passkeys.authentication_options(rp_id=rp_id)
    challenges.issue(challenges.AUTHENTICATION, challenge)
    return options


def sign_in_with_passkey(assertion: dict) -> User:
    """Verify an assertion against the session's challenge and sign its passkey's owner in."""
    challenge = challenges.take(challenges.AUTHENTICATION)
    origin, rp_id = relying_party()
    passkey = db.session.scalar(select(Passkey).where(
        Passkey.credential_id == passkeys.credential_id_of(assertion)))
    if passkey is None:
        raise UnknownPasskey("This passkey is no longer registered with Gnista. Use another "
                             "passkey, or ask your manager for a new invitation.")
    # The challenge lives in a cookie, which a copier could send again: a passkey
    # used since the challenge was issued has already answered it.
    if passkey.last_used_at is not None and passkey.last_used_at >= challenge.issued_at:
        raise passkeys.ChallengeMismatch("This passkey request was already used. "
                                         "Please start again.")
    user = passkey.user
    new_count = passkeys.verify_authentication(
        assertion_json=assertion, challenge=challenge.value, rp_id=rp_id, origin=origin,
        public_key=passkey.public_key, stored_sign_count=passkey.sign_count,
        user_handle=user.id.bytes)
    # Checked only after the signature, so that no one learns an account's state without its key.
    if not user.active:
        raise AccountDeactivated("This account has been deactivated. Ask your manager if you "
                                 "think this is a mistake.")
    passkey.sign_count = new_count
    passkey.last_used_at = utcnow()
    db.session.flush()
    sign_in(user, passkey=passkey)
    return user


def own_passkey(user: User, passkey_id) -> Passkey:
    """Return one of the user's passkeys, or 404."""
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        raise NotFound("This passkey does not exist.")
    return passkey


def list_passkeys(user: User) -> list[Passkey]:
    """Return the user's passkeys, oldest first."""
    return list(db.session.scalars(select(Passkey).where(Passkey.user_id == user.id)
                                   .order_by(Passkey.created_at, Passkey.id)))


def rename_passkey(passkey: Passkey, name: str) -> None:
    """Give a passkey a name that tells the user's devices apart."""
    passkey.name = name
    db.session.flush()


def delete_passkey(passkey: Passkey) -> None:
    """Remove a passkey and end the sessions it started: its device is signed out too."""
    sessions.end_for_passkey(passkey)
    db.session.delete(passkey)
    db.session.flush()


def may_manage_passkeys(actor: User, user: User) -> None:
    """Only an administrator of the same organisation removes someone else's passkeys."""
    if user.org_id != actor.org_id:
        raise NotFound("That user does not exist.")
    if actor.role != "admin":
        raise Forbidden("Only an administrator can remove someone's passkeys.")


def remove_all_passkeys(user: User) -> None:
    """Remove every passkey of a user and end their sessions (a lost or stolen phone)."""
    user.passkeys.clear()  # delete-orphan: the rows go too
    user.end_sessions()
    db.session.flush()
