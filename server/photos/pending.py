"""Delete photo files written in a transaction that did not commit, or removed by one that did."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from .storage import LocalPhotoStore

_KEY = "gnista_pending_files"
_DOOMED = "gnista_doomed_files"


def track(session: Session, store: LocalPhotoStore, key: str) -> None:
    session.info.setdefault(_KEY, []).append((store, key))


def discard(session: Session) -> None:
    """Delete every file written since the last commit."""
    for store, key in session.info.pop(_KEY, []):
        store.delete(key)


def delete_after_commit(session: Session, store: LocalPhotoStore, key: str) -> None:
    """Delete a file once the transaction that removed its row commits (kept if it fails)."""
    session.info.setdefault(_DOOMED, []).append((store, key))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_KEY, None)
    for store, key in session.info.pop(_DOOMED, []):
        store.delete(key)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    discard(session)
    session.info.pop(_DOOMED, None)
