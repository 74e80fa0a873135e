"""Delete photo files written in a transaction that did not commit."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from .storage import LocalPhotoStore

_KEY = "gnista_pending_files"


def track(session: Session, store: LocalPhotoStore, key: str) -> None:
    session.info.setdefault(_KEY, []).append((store, key))


def discard(session: Session) -> None:
    """Delete every file written since the last commit."""
    for store, key in session.info.pop(_KEY, []):
        store.delete(key)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    discard(session)
