"""Push subscriptions, the in-app inbox, and the outbox of push deliveries."""
from __future__ import annotations

import uuid

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timestamps import UTCDateTime, utcnow

KINDS = ("acknowledged", "status_changed", "commented", "new_idea", "voted_implemented", "merged",
         "reported", "assigned", "digest",
         # Told to the people who follow an idea (server/ideas/watching.py).
         "watched_status_changed", "watched_commented")
# pending → sent; or failed, when the push service refuses it for good or it outlived its
# TTL; or superseded, when a newer message on the same topic is queued for the same device.
DELIVERY_STATES = ("pending", "sent", "failed", "superseded")


class PushSubscription(db.Model):
    """One device's browser subscription; it belongs to whoever subscribed it until it ends."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A bearer capability: whoever knows it can post to the device. Never logged.
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    expires_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Notification(db.Model):
    """An inbox entry: a message id (the kind) and its parameters, rendered when read."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")", name="kind_known"),
        Index("ix_notifications_user_feed", "user_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    idea_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    # The words the message is about (server/push/messages.py renders them in the reader's
    # language): e.g. {"idea": "…", "status": "in_review", "actor": "Karin", "note": ""}.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    url: Mapped[str] = mapped_column(String(300))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at = mapped_column(UTCDateTime)


class PushDelivery(db.Model):
    """One notification to one device: the outbox row a worker claims, sends and marks."""

    __tablename__ = "push_deliveries"
    __table_args__ = (
        CheckConstraint("state IN (" + ", ".join(f"'{s}'" for s in DELIVERY_STATES) + ")",
                        name="state_known"),
        # The worker's one query: pending rows that are due, oldest first.
        Index("ix_push_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    ttl: Mapped[int] = mapped_column(Integer)
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    topic: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # A lease: a worker that dies mid-send lets the row fall back to the others when it ends.
    claimed_until = mapped_column(UTCDateTime)
    claim_token: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime)

    notification: Mapped[Notification] = relationship()
    subscription: Mapped[PushSubscription] = relationship()
