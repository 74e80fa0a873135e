"""Who may see and handle an idea."""
from __future__ import annotations

from sqlalchemy import or_, select

from ..auth.models import User
# Who handles a unit is one rule, owned by auth so that invitations ask it too.
from ..auth.scope import handles_unit
from ..categories.models import Category
from ..errors import Forbidden, NotFound
from .models import Idea
from .workflow import OPEN_STATUSES


def _in_org(user: User, idea: Idea) -> bool:
    return user.is_active and idea.org_id == user.org_id


def can_see(user: User, idea: Idea) -> bool:
    """Colleagues of the organisation see its ideas; a hidden one only its author and handlers."""
    return _in_org(user, idea) and (idea.hidden is None or idea.submitter_id == user.id
                                    or handles_idea(user, **routing(idea)))


# Who handles an idea: the handlers of its unit, and of the unit its category routes to.
# The one rule, in three forms: over objects, over a row's plain values, and in SQL.

def routing(idea: Idea) -> dict:
    """The idea's unit's path, and the path of the unit its category routes to (or None)."""
    routed = idea.category.unit if idea.category is not None else None
    return {"unit_path": idea.unit.path, "routed_path": None if routed is None else routed.path}


def handling_paths(idea: Idea) -> tuple[str, ...]:
    """Return the paths of the units whose handlers handle the idea."""
    return tuple(path for path in routing(idea).values() if path is not None)


def handles_idea(user: User, *, unit_path: str, routed_path: str | None = None) -> bool:
    """Whether the user handles an idea of this unit, routed by its category to another or not."""
    return handles_unit(user, unit_path) or (routed_path is not None
                                             and handles_unit(user, routed_path))


def handled_in(idea_unit_id, idea_category_id, units):
    """SQL: the idea belongs to one of ``units`` (a select of unit ids), or is routed there."""
    routed = select(Category.id).where(Category.unit_id.in_(units))
    return or_(idea_unit_id.in_(units), idea_category_id.in_(routed))


def can_handle(user: User, idea: Idea) -> bool:
    return _in_org(user, idea) and handles_idea(user, **routing(idea))


def hidden_visible_in(viewer_id, handled_units):
    """SQL: an idea the viewer may see for moderation's sake (``handled_units``: what they handle).

    The same rule as ``can_see`` over rows, for the feeds and search: shown to everyone,
    or hidden but the viewer's own or handled by them.
    """
    return or_(Idea.hidden.is_(None), Idea.submitter_id == viewer_id,
               handled_in(Idea.unit_id, Idea.category_id, handled_units))


def shows_comment(viewer: User, idea: Idea, comment) -> bool:
    """A hidden comment's text is for its author and the idea's handlers only."""
    return (comment.hidden is None or comment.author_id == viewer.id
            or can_handle(viewer, idea))


# The fields of an idea each kind of editor may change (PATCH /ideas/{id}).
HANDLER_FIELDS = ("category_id", "assignee_id", "due_date")
# The submitter's own words, theirs to change until a handler first answers (editing.py);
# "photos" stands for adding and removing photos (POST/DELETE /ideas/{id}/photos).
SUBMITTER_FIELDS = ("title", "description")
SUBMITTER_PARTS = SUBMITTER_FIELDS + ("photos",)


def is_submitter(user: User, idea: Idea) -> bool:
    return idea.submitter_id is not None and idea.submitter_id == user.id


def submission_open(idea: Idea) -> bool:
    """Whether the submitter may still change what they sent: until the idea is answered."""
    return idea.status == "submitted"


def editable_fields(user: User, idea: Idea) -> tuple[str, ...]:
    """The fields of the idea this user may change."""
    fields = HANDLER_FIELDS if can_handle(user, idea) else ()
    if can_see(user, idea) and is_submitter(user, idea) and submission_open(idea):
        fields = SUBMITTER_PARTS + fields
    return fields


def can_vote(user: User, *, submitter_id, status: str) -> bool:
    """Colleagues vote on open ideas, never on their own.

    The one rule for voting: the services enforce it, and every idea the API
    shapes carries its answer as ``can_vote``, which the web app follows.
    Takes plain values so that the feed, which reads rows, asks it too.
    """
    return submitter_id != user.id and status in OPEN_STATUSES


def submitter_visible(viewer: User, *, anonymous: bool, submitter_id, unit_path: str) -> bool:
    """The one rule of who may learn who submitted an idea of the viewer's organisation.

    An anonymous idea's submitter is known only to the submitter, the handlers of
    the idea's own unit and administrators. Not to the handlers of a unit the
    category routes it to: the category can be changed after the idea was sent,
    and the submitter chose anonymity knowing only their own unit's handlers.
    Takes plain values so that the feed, which reads rows, asks the same rule.
    """
    if not anonymous or submitter_id == viewer.id:
        return True
    return viewer.is_active and handles_unit(viewer, unit_path)


def shows_submitter(viewer: User, idea: Idea) -> bool:
    return can_see(viewer, idea) and submitter_visible(
        viewer, anonymous=idea.anonymous, submitter_id=idea.submitter_id,
        unit_path=idea.unit.path)


def shows_person(viewer: User, idea: Idea, person_id) -> bool:
    """Whether the viewer may learn who wrote or did something on an idea.

    Everyone's name is shown except the anonymous submitter's, wherever the
    submitter appears: the idea, its comments, its history, notifications.
    """
    return person_id is None or person_id != idea.submitter_id or shows_submitter(viewer, idea)


def visible_idea_or_404(user: User, idea: Idea | None) -> Idea:
    # Ideas of another organisation answer 404, not 403, so their ids leak nothing.
    if idea is None or not can_see(user, idea):
        raise NotFound("This idea does not exist or you cannot see it.")
    return idea


def require_handler(user: User, idea: Idea) -> None:
    if not can_handle(user, idea):
        raise Forbidden("Only a handler of this idea's unit or an administrator can change its status.")


def require_merger(user: User, idea: Idea, into: Idea) -> None:
    """Merging changes two ideas, so it takes a handler of both (or an administrator)."""
    if not (can_handle(user, idea) and can_handle(user, into)):
        raise Forbidden("Only a handler of both ideas' units or an administrator can merge them.")
