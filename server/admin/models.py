"""The unit tree: municipality → administration → unit."""
from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timestamps import UTCDateTime, utcnow


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint("headcount >= 0", name="headcount_not_negative"),
        CheckConstraint("target_per_employee IS NULL OR target_per_employee >= 0",
                        name="target_not_negative"),
        # Pattern ops let PostgreSQL use the index for `path LIKE 'prefix%'` (a subtree)
        # whatever the database's collation.
        Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), index=True)
    # Materialised path of ids ("/root/…/self/") so a subtree is one indexed prefix match.
    path: Mapped[str] = mapped_column(String(1000))
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    target_per_employee: Mapped[float | None] = mapped_column(Float)
    archived_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent")

    def __init__(self, *, name: str, parent: "Unit | None" = None, **kwargs):
        super().__init__(name=name, parent=parent, **kwargs)
        if self.id is None:
            self.id = uuid.uuid4()
        self.path = (parent.path if parent else "/") + self.id.hex + "/"

    @property
    def org_id(self) -> uuid.UUID:
        return uuid.UUID(self.path.split("/")[1])

    def contains(self, other: "Unit") -> bool:
        return self.contains_path(other.path)

    def contains_path(self, path: str) -> bool:
        """Whether the unit with this materialised path is this one or below it."""
        return path.startswith(self.path)

    def effective_target(self) -> float | None:
        unit: Unit | None = self
        while unit is not None:
            if unit.target_per_employee is not None:
                return unit.target_per_employee
            unit = unit.parent
        return None

    def __repr__(self) -> str:
        return f"<Unit {self.name!r}>"
