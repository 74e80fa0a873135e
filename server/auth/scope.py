"""Which units a person handles: the one rule that ideas, invitations and lists all ask."""
from __future__ import annotations

from .models import User


def handled_path(user: User) -> str | None:
    """Return the path prefix of the units the user handles, or None for staff.

    Administrators handle their whole organisation, handlers their unit and its
    sub-units. A prefix, so that queries over rows ask the same rule as objects.
    """
    if not user.is_active:
        return None
    if user.role == "admin":
        return f"/{user.org_id.hex}/"
    if user.role == "handler":
        return user.unit.path
    return None


def handles_unit(user: User, unit_path: str) -> bool:
    """Whether the user handles the unit with this materialised path."""
    prefix = handled_path(user)
    return prefix is not None and unit_path.startswith(prefix)
