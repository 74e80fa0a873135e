"""Users, their passkeys, their signed-in sessions, and invitations."""
from __future__ import annotations

import uuid
from datetime import timedelta

from flask_login import UserMixin
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, JSON,
                        LargeBinary, String, Uuid, delete, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..admin.models import Unit
from ..extensions import db
from ..timestamps import UTCDateTime, utcnow

ROLES = ("staff", "handler", "admin")
LANGUAGES = ("sv", "en")


# A session ends 30 days after its last use (the cookie's lifetime) and in any
# case 90 days after signing in, so a copied cookie cannot be kept alive forever.
SESSION_IDLE = timedelta(days=30)
SESSION_LIFETIME = timedelta(days=90)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('staff', 'handler', 'admin')", name="role_known"),
                      # The people list's order and pages (server/admin/services.py list_users).
                      Index("ix_users_sort_name", "sort_name", "id"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    display_name: Mapped[str] = mapped_column(String(80))
    # The name case-folded by Python, the same on every database: SQLite's lower()
    # folds ASCII only ("Åsa" stays "Åsa"), and an index needs a plain column.
    sort_name: Mapped[str] = mapped_column(String(240))
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="staff")
    language: Mapped[str] = mapped_column(String(8), default="sv")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Handlers get a weekly digest of waiting and overdue ideas unless they turn it off.
    weekly_digest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship(lazy="joined")
    passkeys: Mapped[list["Passkey"]] = relationship(back_populates="user",
                                                     cascade="all, delete-orphan")

    # The session this request was signed in with (set by load_user and sign_in; not stored).
    current_session = None

    def get_id(self) -> str:
        # Flask-Login keeps this in the cookie: the user and their session record.
        if self.current_session is None:
            raise RuntimeError("A user is signed in only through a session record.")
        return f"{self.id.hex}.{self.current_session.id.hex}"

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_handler(self) -> bool:
        return self.role in ("handler", "admin")

    @property
    def org_id(self) -> uuid.UUID:
        return self.unit.org_id

    def end_sessions(self) -> None:
        """End every session of this user on every device at once."""
        db.session.execute(delete(UserSession).where(UserSession.user_id == self.id)
                           .execution_options(synchronize_session=False))

    def __repr__(self) -> str:
        return f"<User {self.display_name!r} {self.role}>"

    @validates("display_name")
    def _keep_sort_name(self, _key: str, value: str) -> str:
        self.sort_name = sort_key(value)
        return value


def sort_key(name: str | None) -> str:
    """Return the form of a name that people are sorted and searched by."""
    return (name or "").casefold()


class Passkey(db.Model):
    __tablename__ = "passkeys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0)
    transports: Mapped[list] = mapped_column(JSON, default=list)
    backed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow)
    last_used_at = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="passkeys")


class UserSession(db.Model):
    """One signed-in device: the cookie names this row, and without it the cookie is worthless."""

    __tablename__ = "user_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The passkey that signed in (or was created) on this device: removing it ends the session.
    passkey_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("passkeys.id", ondelete="CASCADE"), index=True)
    # Browser and system, e.g. "Safari, iPhone"; never the whole User-Agent header.
    device: Mapped[str] = mapped_column(String(80), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_used_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)

    passkey: Mapped["Passkey | None"] = relationship()


class Invitation(db.Model):
    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("role IN ('staff', 'handler', 'admin')", name="role_known"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # Only a hash is stored: a database leak must not hand out working invitations.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="staff")
    display_name: Mapped[str | None] = mapped_column(String(80))
    # A recovery invitation re-admits this user; `role` then records their role when it was
    # made, and the invitation grants no more than that (server/auth/invitation_rules.py).
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Null when made on the command line, and when its creator was erased: the flag below
    # tells the two apart, since only the first is valid without a creator.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_command_line: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    # A personal invitation works once; a poster for a unit's staff room may allow more.
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    redeemed_at = mapped_column(UTCDateTime)
    redeemed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
