"""Following an idea: anyone who may see it is told of its status changes and comments."""
from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..extensions import db
from ..timestamps import utcnow
from .access import can_see
from .models import Idea, IdeaWatch


def watch(user: User, idea: Idea) -> None:
    """Follow an idea; following twice changes nothing."""
    if is_watching(user, idea):
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(IdeaWatch).values(idea_id=idea.id, user_id=user.id,
                                                        created_at=utcnow()))
    except IntegrityError:
        return  # a concurrent request of the same user followed it first


def unwatch(user: User, idea: Idea) -> None:
    """Stop following an idea; stopping twice changes nothing."""
    db.session.execute(delete(IdeaWatch).where(IdeaWatch.idea_id == idea.id,
                                               IdeaWatch.user_id == user.id))
    db.session.flush()


def is_watching(user: User, idea: Idea) -> bool:
    return db.session.get(IdeaWatch, (idea.id, user.id)) is not None


def watchers(idea: Idea) -> list[User]:
    """The active people following the idea who may (still) see it."""
    users = db.session.scalars(select(User).join(IdeaWatch, IdeaWatch.user_id == User.id)
                               .where(IdeaWatch.idea_id == idea.id, User.active.is_(True))).all()
    return [u for u in users if can_see(u, idea)]
