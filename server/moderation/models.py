"""A report of an idea or a comment, open until a handler resolves it."""
from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..ideas.models import Comment, Idea
from ..timestamps import UTCDateTime, utcnow

REASONS = ("client_data", "offensive", "other")
# restored: shown again as it was; hidden: with a reason its author reads; redacted: a
# passage or photo removed for good.
ACTIONS = ("restore", "hide", "redact")
RESOLUTIONS = {"restore": "restored", "hide": "hidden", "redact": "redacted"}
# Open reports from this many different people hide the item until a handler reviews it.
HIDE_AT = 3


def _within(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(_within("reason", REASONS), name="reason_known"),
        CheckConstraint("resolution IS NULL OR " + _within("resolution", RESOLUTIONS.values()),
                        name="resolution_known"),
        # The open reports of an item, and of an organisation's desk.
        Index("ix_reports_open_item", "idea_id", "comment_id", "resolved_at"),
        Index("ix_reports_org_open", "org_id", "resolved_at", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    idea_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # Null: the report is about the idea itself.
    comment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # A person's reports go with their account when it is erased.
    reporter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    resolved_at = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolver_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    idea: Mapped[Idea] = relationship()
    comment: Mapped[Comment | None] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
