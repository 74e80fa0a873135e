"""Subscriptions, notifications and their push deliveries; everything is written in the caller's transaction."""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from .. import cursors
from ..auth.models import User
from ..errors import Conflict, Invalid
from ..extensions import db
from ..ideas.access import can_see, handling_paths, shows_person
from ..ideas.models import Comment, Idea, StatusChange, Vote
from ..ideas.watching import watchers
from ..timestamps import utcnow
from . import messages
from .models import Notification, PushDelivery, PushSubscription
from .sender import InvalidSubscription, PushTarget, endpoint_allowed, topic_for, validate_target
from .vapid import KEY_FILENAME, VapidKeys, load_vapid_keys

DAY = 24 * 60 * 60
# How long a push service keeps trying to reach a phone that is off. A handler's
# answer still matters after a long weekend; a new comment less so.
TTL = {"acknowledged": 7 * DAY, "status_changed": 7 * DAY, "voted_implemented": 7 * DAY,
       "merged": 7 * DAY, "commented": 3 * DAY, "new_idea": 3 * DAY, "reported": 3 * DAY,
       "assigned": 7 * DAY, "digest": 2 * DAY,
       "watched_status_changed": 3 * DAY, "watched_commented": 3 * DAY}
URGENCY = {"acknowledged": "normal", "status_changed": "normal", "new_idea": "normal",
           "merged": "normal", "commented": "low", "voted_implemented": "low",
           "reported": "normal", "assigned": "normal", "digest": "low",
           "watched_status_changed": "low", "watched_commented": "low"}
# A shared work phone gathers subscriptions of many people, one per person; beyond
# this many per user the oldest are dropped.
MAX_DEVICES_PER_USER = 10
HANDLER_ROLES = ("handler", "admin")


def vapid_keys() -> VapidKeys:
    """Return the app's VAPID keys, generating them into the instance folder on first use."""
    keys = current_app.extensions.get("gnista_vapid")
    if keys is None:
        keys = load_vapid_keys(Path(current_app.instance_path) / KEY_FILENAME,
                               private_key=current_app.config.get("GNISTA_VAPID_PRIVATE_KEY"),
                               public_key=current_app.config.get("GNISTA_VAPID_PUBLIC_KEY"))
        current_app.extensions["gnista_vapid"] = keys
    return keys


def admits(endpoint: str) -> bool:
    """Return whether the configuration lets the server post to ``endpoint``."""
    return endpoint_allowed(endpoint, current_app.config.get("GNISTA_PUSH_HOSTS") or (),
                            allow_local=bool(current_app.config.get("GNISTA_ALLOW_LOCAL_PUSH")))


# Subscriptions

class EndpointTaken(Conflict):
    code = "push_endpoint_taken"


def subscribe(user: User, *, endpoint: str, p256dh: str, auth: str,
              expiration_ms: int | None = None) -> PushSubscription:
    """Store a device's subscription for ``user``; another user's live endpoint is refused."""
    if not admits(endpoint):
        raise Invalid("This push address is not one of the browsers' push services, so Gnista "
                      "will not send to it. Subscribe again from a supported browser.",
                      code="push_endpoint_not_allowed")
    try:
        validate_target(PushTarget(endpoint=endpoint, p256dh=p256dh, auth=auth))
    except InvalidSubscription as exc:
        raise Invalid(f"The subscription's keys cannot be used: {exc}.",
                      code="invalid_subscription_keys") from None
    now = utcnow()
    expires_at = _from_epoch_ms(expiration_ms)
    sub = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if sub is None:
        sub = PushSubscription(id=uuid.uuid4(), user_id=user.id, endpoint=endpoint, created_at=now)
        db.session.add(sub)
    elif sub.user_id != user.id:
        # An endpoint is the owner's until they unsubscribe or it expires: anyone who
        # learnt it could otherwise move the owner's device (and its keys) to themselves.
        if sub.expires_at is None or sub.expires_at > now:
            raise EndpointTaken("This device's push address belongs to another account. "
                                "Turn notifications off and on again to get a new one.")
        # An expired subscription passes on; what was queued for the last person stays unsent.
        db.session.execute(delete(PushDelivery).where(PushDelivery.subscription_id == sub.id,
                                                      PushDelivery.state == "pending"))
        sub.user_id, sub.created_at = user.id, now
    sub.p256dh, sub.auth, sub.expires_at, sub.updated_at = p256dh, auth, expires_at, now
    db.session.flush()
    _drop_oldest_devices(user)
    return sub


def unsubscribe(user: User, *, endpoint: str, keys: tuple[str, str] | None = None) -> None:
    """Forget this device for ``user``, or for whoever has it when ``keys`` match its own.

    The endpoint alone is not enough to end someone else's subscription. Its
    keys (p256dh and the auth secret) are known only to the browser holding it,
    so whoever sends them holds the phone: on a shared phone, the next person
    ends the previous person's subscription after that person's session ended.
    """
    ids = select(PushSubscription.id).where(PushSubscription.endpoint == endpoint)
    if keys is None:
        ids = ids.where(PushSubscription.user_id == user.id)
    else:
        ids = ids.where(or_(PushSubscription.user_id == user.id,
                            (PushSubscription.p256dh == keys[0]) & (PushSubscription.auth == keys[1])))
    _delete_subscriptions(ids)


def _delete_subscriptions(ids) -> None:
    # Deleted explicitly rather than trusting ON DELETE CASCADE, which SQLite
    # only honours when the connection turned foreign keys on.
    ids = list(db.session.scalars(ids))
    if not ids:
        return
    db.session.execute(delete(PushDelivery).where(PushDelivery.subscription_id.in_(ids)))
    db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))
    db.session.flush()


def delete_subscription(subscription_id: uuid.UUID) -> None:
    """Delete a subscription the push service says is gone, with its queued deliveries."""
    _delete_subscriptions(select(PushSubscription.id).where(PushSubscription.id == subscription_id))


def _drop_oldest_devices(user: User) -> None:
    keep = (select(PushSubscription.id).where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.updated_at.desc()).limit(MAX_DEVICES_PER_USER))
    _delete_subscriptions(select(PushSubscription.id).where(
        PushSubscription.user_id == user.id, PushSubscription.id.not_in(keep)))


def _from_epoch_ms(value: int | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise Invalid("expirationTime is not a time in milliseconds since 1970.",
                      code="invalid_expiration") from None


# Notifications, written by the ideas services in their own transaction

def notify_idea_submitted(idea: Idea) -> None:
    """Tell the handlers and admins of the units that handle the idea and the units above them.

    Those are its own unit's and, when its category routes it, the category's unit's.
    """
    label = idea_label(idea)
    _notify([u for u in _handlers_of(idea) if u.id != idea.submitter_id], "new_idea", idea,
            unit=idea.unit.name, idea=label)


def _handlers_of(idea: Idea) -> list[User]:
    """The handlers and admins of the units that handle the idea and of the units above them."""
    ancestors = {uuid.UUID(part) for path in handling_paths(idea)
                 for part in path.strip("/").split("/")}
    return list(db.session.scalars(select(User).where(
        User.unit_id.in_(ancestors), User.role.in_(HANDLER_ROLES), User.active.is_(True))))


def notify_reported(idea: Idea, *, reason: str, reporter_id: uuid.UUID,
                    comment: bool = False) -> None:
    """Tell the idea's handlers that it (or a comment on it) was reported, and why.

    Not the item's words: a report may be about a client's name, which a push
    message would carry to the lock screen. The reporter is not named.
    """
    _notify([u for u in _handlers_of(idea) if u.id != reporter_id], "reported", idea,
            url="/inbox", unit=idea.unit.name, reason=reason,
            item="comment" if comment else "idea")


def notify_status_changed(idea: Idea, change: StatusChange) -> None:
    """Tell the submitter what the handler did and wrote, the voters when it is implemented,
    and its other followers."""
    submitter = idea.submitter
    label = idea_label(idea)
    if submitter is not None and submitter.id != change.actor_id:
        kind = "acknowledged" if change.to_status == "acknowledged" else "status_changed"
        _notify([submitter], kind, idea, note=change.note, idea=label,
                actor=lambda to: _name_on(idea, change.actor, to), status=change.to_status)
    if change.to_status == "implemented":
        voters = db.session.scalars(select(User).join(Vote, Vote.user_id == User.id).where(
            Vote.idea_id == idea.id, User.active.is_(True))).all()
        told = [v for v in voters if v.id not in (idea.submitter_id, change.actor_id)]
        _notify(told, "voted_implemented", idea, note=change.note, idea=label)
    else:
        told = []
    _notify_watchers(idea, "watched_status_changed", skip={change.actor_id, *(u.id for u in told)},
                     note=change.note, idea=label, status=change.to_status,
                     actor=lambda to: _name_on(idea, change.actor, to))


def notify_merged(idea: Idea, into: Idea, change: StatusChange) -> None:
    """Tell the submitter of a duplicate which idea it went into, linking to that idea;
    and its followers that it was merged."""
    submitter = idea.submitter
    _notify_watchers(idea, "watched_status_changed", skip={change.actor_id}, note=change.note,
                     idea=idea_label(idea), status=change.to_status,
                     actor=lambda to: _name_on(idea, change.actor, to))
    if submitter is None or submitter.id == change.actor_id:
        return
    _notify([submitter], "merged", idea, note=change.note, url=idea_url(into.id),
            idea=idea_label(idea), into=idea_label(into),
            actor=lambda to: _name_on(idea, change.actor, to))


def notify_comment_added(idea: Idea, comment: Comment) -> None:
    """Tell the submitter and the idea's watchers about a comment that someone else wrote."""
    submitter = idea.submitter
    author = lambda to: _name_on(idea, comment.author, to)  # noqa: E731
    _notify_watchers(idea, "watched_commented", skip={comment.author_id}, idea=idea_label(idea),
                     comment=comment.body, author=author)
    if submitter is None or submitter.id == comment.author_id:
        return
    _notify([submitter], "commented", idea, idea=idea_label(idea), comment=comment.body,
            author=author)


def _notify_watchers(about: Idea, kind: str, *, skip: set, note: str = "", **values) -> None:
    """Tell those who follow the idea, but not who acted, nor whom the caller tells anyway.

    The submitter is told of their own idea by the caller, in their own words, so
    is never a watcher here; names pass through _name_on like everyone else's.
    """
    skip = skip | {about.submitter_id}
    _notify([u for u in watchers(about) if u.id not in skip], kind, about, note=note, **values)


def notify_assigned(idea: Idea, assignee: User, actor: User) -> None:
    """Tell a new assignee which idea they are to carry out, and by when.

    Not while the idea is hidden from them (moderation): its words would reach them.
    """
    if assignee.id == actor.id or not can_see(assignee, idea):
        return
    _notify([assignee], "assigned", idea, idea=idea_label(idea),
            due=None if idea.due_date is None else idea.due_date.isoformat(),
            actor=lambda to: _name_on(idea, actor, to))


def notify_digest(user: User, *, waiting: int, overdue: int, url: str) -> Notification:
    """Give a handler their weekly digest: ideas waiting for a first answer, ideas overdue."""
    return _notify([user], "digest", None, url=url, waiting=waiting, overdue=overdue)[0]


def idea_label(idea: Idea) -> str:
    """Return the few words that name an idea in a notification."""
    return messages.shorten(" ".join((idea.title or idea.description).split()),
                            messages.MAX_IDEA_LABEL)


def idea_url(idea_id: uuid.UUID) -> str:
    return f"/ideas/{idea_id}"


class _Hidden:
    """The anonymous submitter, named only as "the idea's submitter"."""


HIDDEN = _Hidden()


def _name_on(idea: Idea, user: User | None, recipient: User) -> str | _Hidden | None:
    """Name someone who acted on an idea as the recipient may know them.

    None (an account that is gone) is rendered as "a handler"; HIDDEN as the submitter.
    """
    if user is None:
        return None
    if not shows_person(recipient, idea, user.id):
        return HIDDEN
    return user.display_name


def _params_for(recipient: User, values: dict, note: str) -> dict:
    """Fill in the per-recipient values: what this reader may know."""
    params: dict = {"note": note or ""}
    for key, value in values.items():
        value = value(recipient) if callable(value) else value
        if value is HIDDEN:
            params[key], params[f"{key}_is_submitter"] = None, True
        else:
            params[key] = value
    return params


def _notify(users: Iterable[User], kind: str, about: Idea | None, *, note: str = "",
            url: str | None = None, **values) -> list[Notification]:
    """Add an inbox entry per user and a pending delivery per device; flush, never commit.

    The entry keeps the message's parameters, not its words: it is rendered in the
    reader's language when read (``present``) and when pushed (the worker). An entry
    about no idea (the weekly digest) gives its own ``url``.
    """
    users = [u for u in users if u.is_active]
    if not users:
        return []
    now = utcnow()
    written = []
    devices: dict[uuid.UUID, list[uuid.UUID]] = {}
    for sub_id, user_id in db.session.execute(select(PushSubscription.id, PushSubscription.user_id)
                                              .where(PushSubscription.user_id.in_([u.id for u in users]))):
        devices.setdefault(user_id, []).append(sub_id)
    topic = topic_for(f"idea:{about.id}" if about is not None else kind)
    for user in users:
        params = _params_for(user, values, note)
        messages.render(kind, params, None)  # a missing parameter fails here, not in the inbox
        notification = Notification(id=uuid.uuid4(), user_id=user.id, kind=kind,
                                    idea_id=None if about is None else about.id,
                                    params=params, url=url or idea_url(about.id),
                                    created_at=now)
        db.session.add(notification)
        written.append(notification)
        for sub_id in devices.get(user.id, ()):
            db.session.add(PushDelivery(notification=notification, subscription_id=sub_id,
                                        state="pending", ttl=TTL[kind], urgency=URGENCY[kind],
                                        topic=topic, attempts=0, next_attempt_at=now,
                                        created_at=now))
    db.session.flush()
    return written


# The inbox

def encode_cursor(notification: Notification) -> str:
    return cursors.encode(notification.created_at, notification.id)


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    created, ident = cursors.decode(cursor, cursors.moment, cursors.ident)
    return created, ident


def inbox_page(user: User, *, cursor: tuple[datetime, uuid.UUID] | None,
               limit: int) -> tuple[list[Notification], bool]:
    """Return a page of the user's notifications, newest first, and whether more follow."""
    query = select(Notification).where(Notification.user_id == user.id)
    if cursor is not None:
        created, ident = cursor
        query = query.where((Notification.created_at < created)
                            | ((Notification.created_at == created) & (Notification.id < ident)))
    rows = db.session.scalars(query.order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


def present(notification: Notification, language: str | None) -> dict:
    """Return a notification as the inbox shows it, in ``language``."""
    message = messages.render(notification.kind, notification.params, language)
    return {"id": notification.id, "kind": notification.kind, "title": message.title,
            "body": message.body, "url": notification.url, "idea_id": notification.idea_id,
            "read_at": notification.read_at, "created_at": notification.created_at}


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user: User, *, ids: list[uuid.UUID] | None = None) -> None:
    """Mark the given notifications of ``user`` read, or all of them when none are given."""
    query = update(Notification).where(Notification.user_id == user.id,
                                       Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    db.session.execute(query.values(read_at=utcnow()))
    db.session.flush()


def purge_deliveries(*, older_than: timedelta) -> int:
    """Forget deliveries that were sent or given up on long ago; returns how many."""
    cutoff = utcnow() - older_than
    result = db.session.execute(delete(PushDelivery).where(
        PushDelivery.state != "pending", PushDelivery.created_at < cutoff))
    return result.rowcount or 0
