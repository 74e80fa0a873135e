"""Shape users and their sessions for the API."""
from __future__ import annotations

from .models import User, UserSession


def user_out(user: User) -> dict:
    return {"id": user.id, "display_name": user.display_name, "role": user.role,
            "language": user.language, "unit": {"id": user.unit.id, "name": user.unit.name},
            "active": user.active, "created_at": user.created_at}


def session_out(record: UserSession, *, current: bool) -> dict:
    return {"id": record.id, "device": record.device,
            "passkey_name": record.passkey.name if record.passkey is not None else None,
            "created_at": record.created_at, "last_used_at": record.last_used_at,
            "expires_at": record.expires_at, "current": current}
