"""Shape users for the API."""
from __future__ import annotations

from .models import User


def user_out(user: User) -> dict:
    return {"id": user.id, "display_name": user.display_name, "role": user.role,
            "language": user.language, "unit": {"id": user.unit.id, "name": user.unit.name},
            "active": user.active, "created_at": user.created_at}
