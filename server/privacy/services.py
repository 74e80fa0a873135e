"""Erase a person and purge old photos, keeping what the statistics need."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, column, delete, or_, select, table, update

from ..auth.models import Invitation, Passkey, User, UserSession
from ..errors import Conflict
from ..extensions import db
from ..idempotency.models import IdempotencyKey
from ..ideas.models import Comment, Idea, IdeaWatch, Photo, StatusChange, Vote
from ..moderation.models import Report
from ..photos.storage import LocalPhotoStore
from ..push.models import Notification, PushDelivery, PushSubscription
from ..timestamps import utcnow


def _bulk(statement):
    return db.session.execute(statement.execution_options(synchronize_session=False))


# The weekly digests sent, seen from below: the digest package runs in the worker, which
# imports this one, so it is named as a table rather than imported.
_digests = table("weekly_digests", column("user_id"))

def erase_user(actor: User, user: User) -> None:
    """Delete a user's account and personal data; their ideas and comments stay, unnamed.

    The ideas keep their unit, timestamps and status history, so every metric but
    participation is unchanged; participation counts the submitters that remain.
    """
    if user.id == actor.id:
        raise Conflict("You cannot erase your own account. Ask another administrator.",
                       code="erase_self")
    uid = user.id
    # Votes go with the person; the ideas' denormalised counts must follow.
    voted = list(db.session.scalars(select(Vote.idea_id).where(Vote.user_id == uid)))
    if voted:
        _bulk(update(Idea).where(Idea.id.in_(voted)).values(vote_count=Idea.vote_count - 1))
    _bulk(delete(Vote).where(Vote.user_id == uid))
    _bulk(delete(IdeaWatch).where(IdeaWatch.user_id == uid))
    _bulk(update(Idea).where(Idea.submitter_id == uid).values(submitter_id=None))
    _bulk(update(Idea).where(Idea.assignee_id == uid).values(assignee_id=None))
    _bulk(delete(_digests).where(_digests.c.user_id == uid))
    _bulk(update(Comment).where(Comment.author_id == uid).values(author_id=None))
    _bulk(update(StatusChange).where(StatusChange.actor_id == uid).values(actor_id=None))
    _bulk(update(Invitation).where(Invitation.created_by_id == uid).values(created_by_id=None))
    _bulk(update(Invitation).where(Invitation.redeemed_by_id == uid).values(redeemed_by_id=None))
    _bulk(delete(Invitation).where(Invitation.user_id == uid))
    # A person's reports go with them; the handlers' resolutions stay, unnamed.
    _bulk(delete(Report).where(Report.reporter_id == uid))
    _bulk(update(Report).where(Report.resolver_id == uid).values(resolver_id=None))
    subscriptions = select(PushSubscription.id).where(PushSubscription.user_id == uid)
    notifications = select(Notification.id).where(Notification.user_id == uid)
    _bulk(delete(PushDelivery).where(or_(PushDelivery.subscription_id.in_(subscriptions),
                                         PushDelivery.notification_id.in_(notifications))))
    _bulk(delete(Notification).where(Notification.user_id == uid))
    _bulk(delete(PushSubscription).where(PushSubscription.user_id == uid))
    _bulk(delete(UserSession).where(UserSession.user_id == uid))  # signed out everywhere
    _bulk(delete(Passkey).where(Passkey.user_id == uid))
    # Stored responses may repeat the person's name.
    _bulk(delete(IdempotencyKey).where(IdempotencyKey.user_id == uid))
    _bulk(delete(User).where(User.id == uid))
    # Objects loaded earlier in this request still point at the deleted person.
    db.session.expire_all()
    db.session.flush()


def closed_photos_query(days: int):
    """Select photos of ideas implemented or declined more than ``days`` days ago."""
    cutoff = utcnow() - timedelta(days=days)
    return (select(Photo).join(Idea, Photo.idea_id == Idea.id).where(or_(
        and_(Idea.status == "implemented", Idea.implemented_at < cutoff),
        and_(Idea.status == "declined", Idea.declined_at < cutoff))))


def purge_photos(*, days: int) -> list[str]:
    """Delete the rows of closed ideas' old photos; returns the file keys to delete after commit.

    ``days`` 0 keeps photos forever.
    """
    if days <= 0:
        return []
    photos = list(db.session.scalars(closed_photos_query(days)))
    keys = [k for p in photos for k in (p.storage_key, p.thumb_key)]
    if photos:
        _bulk(delete(Photo).where(Photo.id.in_([p.id for p in photos])))
        db.session.expire_all()
        db.session.flush()
    return keys


def delete_files(store: LocalPhotoStore, keys: list[str]) -> None:
    """Delete photo files whose rows are gone; a missing file is already done."""
    for key in keys:
        store.delete(key)
