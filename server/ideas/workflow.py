"""The status workflow: the one definition of statuses and allowed moves."""
from __future__ import annotations

STATUSES = ("submitted", "acknowledged", "in_review", "approved", "implemented", "declined",
            "merged")

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"acknowledged", "declined"}),
    "acknowledged": frozenset({"in_review", "approved", "declined"}),
    "in_review": frozenset({"approved", "declined"}),
    "approved": frozenset({"implemented", "declined"}),
    "implemented": frozenset(),
    "declined": frozenset({"in_review"}),
    # Reached only by merging (merging.py), which needs the idea it goes into; final.
    "merged": frozenset(),
}

# A duplicate is merged while it is still undecided; a decided idea keeps its decision.
MERGEABLE = frozenset({"submitted", "acknowledged", "in_review"})

OPEN_STATUSES = frozenset({"submitted", "acknowledged", "in_review", "approved"})


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def needs_note(to_status: str) -> bool:
    """Declining requires a reason the submitter can read."""
    return to_status == "declined"
