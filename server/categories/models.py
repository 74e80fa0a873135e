"""A category of ideas, kept per organisation."""
from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..admin.models import Unit
from ..extensions import db
from ..timestamps import UTCDateTime, utcnow

MAX_NAME = 80


class Category(db.Model):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_categories_org_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # The organisation's root unit: categories are the organisation's, not a unit's.
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"))
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    name_en: Mapped[str | None] = mapped_column(String(MAX_NAME))
    # The unit whose handlers also handle the category's ideas; none: only the idea's unit.
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id], lazy="joined")

    def label(self, language: str | None) -> str:
        return label(self.name, self.name_en, language)


def label(name: str, name_en: str | None, language: str | None) -> str:
    """The name in the reader's language: the English one for English readers, when there is one.

    Takes plain values so that the feed, which reads rows, names categories the same way.
    """
    return name_en if language == "en" and name_en else name
