"""Who may see and handle an idea."""
from __future__ import annotations

from ..auth.models import User
from ..errors import Forbidden, NotFound
from .models import Idea
from .workflow import OPEN_STATUSES


def can_see(user: User, idea: Idea) -> bool:
    return user.is_active and idea.org_id == user.org_id


def can_handle(user: User, idea: Idea) -> bool:
    return can_see(user, idea) and handles_unit(user, idea.unit.path)


def handles_unit(user: User, unit_path: str) -> bool:
    """Admins handle their whole organisation; handlers their unit and its sub-units.

    Takes the unit's path so that the feed, which reads rows, asks the same rule.
    """
    if user.role == "admin":
        return True
    return user.role == "handler" and user.unit.contains_path(unit_path)


def can_vote(user: User, *, submitter_id, status: str) -> bool:
    """Colleagues vote on open ideas, never on their own.

    The one rule for voting: the services enforce it, and every idea the API
    shapes carries its answer as ``can_vote``, which the web app follows.
    Takes plain values so that the feed, which reads rows, asks it too.
    """
    return submitter_id != user.id and status in OPEN_STATUSES


def shows_submitter(viewer: User, idea: Idea) -> bool:
    if not idea.anonymous or idea.submitter_id == viewer.id:
        return True
    return can_handle(viewer, idea)


def visible_idea_or_404(user: User, idea: Idea | None) -> Idea:
    # Ideas of another organisation answer 404, not 403, so their ids leak nothing.
    if idea is None or not can_see(user, idea):
        raise NotFound("This idea does not exist or you cannot see it.")
    return idea


def require_handler(user: User, idea: Idea) -> None:
    if not can_handle(user, idea):
        raise Forbidden("Only a handler of this idea's unit or an administrator can change its status.")
