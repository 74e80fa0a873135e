"""The weekly digests sent: one row per handler and ISO week, so a week never sends two."""
from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timestamps import UTCDateTime, utcnow


class WeeklyDigest(db.Model):
    __tablename__ = "weekly_digests"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # The ISO week in Swedish time, e.g. "2026-W49". Written with the digest, so two
    # workers (or a rerun) that both found the week unsent cannot both send it.
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    # Null: the week was looked at and there was nothing to say.
    notification_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
