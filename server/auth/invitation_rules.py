"""Who may make an invitation, and whether one is still good: the rule, in one place.

An invitation grants what its creator was allowed to grant when it was made, and
no more. It records the role it grants (for a re-admission, the person's role at
that moment), and it dies as soon as its creator could no longer make it: creator
deactivated, demoted, moved out of the unit or erased. Only invitations made on the
command line, which acts as the installation's owner, have no creator to ask.
"""
from __future__ import annotations

from sqlalchemy import select

from ..admin.models import Unit
from ..errors import Forbidden
from ..extensions import db
from ..timestamps import utcnow
from .models import ROLES, Invitation, User
from .scope import handles_unit

RANK = {role: rank for rank, role in enumerate(ROLES)}


def outranks(role: str, other: str) -> bool:
    """Whether ``role`` carries more rights than ``other``."""
    return RANK[role] > RANK[other]


def may_invite(creator: User, unit: Unit, role: str, user: User | None) -> None:
    """Refuse an invitation the creator may not make; ``user`` is the person to re-admit.

    Handlers invite staff and handlers to their units and re-admit staff of their
    units; administrators invite and re-admit anyone in their organisation.
    """
    if not creator.is_active or creator.role not in ("handler", "admin"):
        raise Forbidden("Only handlers and administrators can invite people.")
    if unit.org_id != creator.org_id or (user is not None and user.org_id != creator.org_id):
        raise Forbidden("You can only invite people to your own organisation.")
    if not handles_unit(creator, unit.path):
        raise Forbidden("You can only invite people to your own units.")
    if creator.role == "admin":
        return
    if role == "admin":
        raise Forbidden("Only an administrator can invite another administrator.")
    if user is not None and (user.role != "staff" or not handles_unit(creator, user.unit.path)):
        raise Forbidden("A handler can re-admit only staff of their own units; "
                        "ask an administrator to re-admit a handler or administrator.")


def may_still_invite(creator: User, unit: Unit, role: str, user: User | None) -> bool:
    try:
        may_invite(creator, unit, role, user)
    except Forbidden:
        return False
    return True


def grants_no_more_than_its_creator(invitation: Invitation) -> bool:
    """Whether the invitation's creator could still make it, and it still grants what it said.

    A re-admission is refused once the person's role outranks the role recorded on the
    invitation: it must not sign anyone in with more than its creator could grant.
    """
    user = invitation.user
    if user is not None and (not user.active or outranks(user.role, invitation.role)):
        return False
    if invitation.from_command_line:
        return True
    creator = invitation.created_by
    if creator is None:  # the creator was erased
        return False
    if user is not None:
        return may_still_invite(creator, user.unit, user.role, user)
    return may_still_invite(creator, invitation.unit, invitation.role, None)


def revoke_what_is_no_longer_granted(creator: User) -> None:
    """Make the death of a changed creator's invitations final.

    Asked after a creator is deactivated, demoted or moved: restoring them later must
    not bring back a link that died, which its holder may meanwhile have passed on.
    """
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.created_by_id == creator.id, Invitation.revoked_at.is_(None))):
        if not grants_no_more_than_its_creator(invitation):
            invitation.revoked_at = utcnow()


def is_open(invitation: Invitation) -> bool:
    """Whether the invitation can be used now: the one answer for redeeming, QR codes and lists."""
    if invitation.revoked_at is not None or invitation.use_count >= invitation.max_uses:
        return False
    if invitation.expires_at <= utcnow():
        return False
    # Nobody is placed in an archived unit (a re-admitted person is in their own unit).
    if (invitation.user.unit if invitation.user else invitation.unit).archived_at is not None:
        return False
    return grants_no_more_than_its_creator(invitation)
