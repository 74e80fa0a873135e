"""Ideas and what hangs on them: photos, votes, comments, status history."""
from __future__ import annotations

import uuid

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String,
                        Text, Uuid, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..admin.models import Unit
from ..auth.models import User
from ..categories.models import Category
from ..extensions import db
from ..timestamps import UTCDateTime, utcnow
from . import search_index
from .workflow import STATUSES

# "reported": three open reports hold it until a handler reviews it; "hidden": a
# handler hid it. Either way only its author and its handlers see it.
HIDDEN_STATES = ("reported", "hidden")

_STATUS_CHECK = "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")"


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(_STATUS_CHECK, name="status_known"),
        Index("ix_ideas_org_feed", "org_id", "created_at", "id"),
        Index("ix_ideas_org_top", "org_id", "vote_count", "created_at", "id"),
        Index("ix_ideas_unit_feed", "unit_id", "created_at", "id"),
        Index("ix_ideas_submitter_feed", "submitter_id", "created_at", "id"),
        Index("ix_ideas_category_feed", "category_id", "created_at", "id"),
        # The statistics of a year: on PostgreSQL an index-only scan of the year's ideas.
        Index("ix_ideas_org_year", "org_id", "created_at",
              postgresql_include=["id", "unit_id", "submitter_id", "first_response_at"]),
        # The year's decisions are indexed by the statistics (server/stats/models.py).
        # "Assigned to me", newest first; and the open ideas past their due date (digest, stats).
        Index("ix_ideas_assignee_feed", "assignee_id", "created_at", "id"),
        Index("ix_ideas_org_due", "org_id", "due_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # The root unit (municipality), so the organisation feed is one index range.
    org_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"))
    submitter_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("categories.id"))
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    vote_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Denormalised from the history for the metrics.
    first_response_at = mapped_column(UTCDateTime)
    implemented_at = mapped_column(UTCDateTime)
    declined_at = mapped_column(UTCDateTime)
    # A duplicate points at the idea it was merged into (status "merged"); see merging.py.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    # Moderation (server/moderation/): HIDDEN_STATES, or null when shown to everyone.
    hidden: Mapped[str | None] = mapped_column(String(16))
    # The handler's reason, which the author reads, when a handler hid it.
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    # Who carries the idea out, and by when (server/ideas/assignment.py); set by its handlers.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    due_date = mapped_column(Date)

    unit: Mapped[Unit] = relationship(lazy="joined")
    submitter: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[submitter_id])
    assignee: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[assignee_id])
    category: Mapped[Category | None] = relationship(lazy="joined")
    photos: Mapped[list["Photo"]] = relationship(
        back_populates="idea", order_by="Photo.position", cascade="all, delete-orphan")
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="idea", order_by="Comment.created_at", cascade="all, delete-orphan")
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="idea", order_by="StatusChange.created_at", cascade="all, delete-orphan")
    merged_into: Mapped["Idea | None"] = relationship(remote_side="Idea.id",
                                                      back_populates="merged_ideas")
    merged_ideas: Mapped[list["Idea"]] = relationship(back_populates="merged_into",
                                                      order_by="Idea.created_at")
    edits: Mapped[list["IdeaEdit"]] = relationship(
        back_populates="idea", order_by="IdeaEdit.created_at", cascade="all, delete-orphan")


class Photo(db.Model):
    __tablename__ = "photos"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    idea_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(200))
    thumb_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    created_at = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="photos")


class Vote(db.Model):
    __tablename__ = "votes"

    idea_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    idea_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    # As on ideas: HIDDEN_STATES or null, and the reason the author reads.
    hidden: Mapped[str | None] = mapped_column(String(16))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    idea: Mapped[Idea] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship(lazy="joined")


class StatusChange(db.Model):
    __tablename__ = "status_changes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    idea_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship(lazy="joined")


class IdeaEdit(db.Model):
    """One edit of an idea's fields: who, when, and each field's value before and after."""

    __tablename__ = "idea_edits"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    idea_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # {field: {"from": value, "to": value}}, values as stored (ids as strings).
    changes: Mapped[dict] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="edits")
    actor: Mapped[User | None] = relationship(lazy="joined")


class IdeaWatch(db.Model):
    """Someone who follows an idea, to be told of its status changes and comments."""

    __tablename__ = "idea_watches"

    idea_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


# The search index reads ideas and their comments: made once both tables exist, and
# dropped before either goes (migrations install it themselves).
event.listen(Comment.__table__, "after_create", search_index.after_create)
event.listen(Comment.__table__, "before_drop", search_index.before_drop)
