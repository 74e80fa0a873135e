"""Delete photo files written in a transaction that did not commit, or dropped by one that did."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from .storage import LocalPhotoStore

_KEY = "gnista_pending_files"
_GONE = "gnista_files_to_delete"


def track(session: Session, store: LocalPhotoStore, key: str) -> None:
    session.info.setdefault(_KEY, []).append((store, key))


def discard(session: Session) -> None:
    """Delete every file written since the last commit."""
    for store, key in session.info.pop(_KEY, []):
        store.delete(key)


def delete_after_commit(session: Session, store: LocalPhotoStore, key: str) -> None:
    """Delete a file once the transaction that stopped using it commits; kept if it fails."""
    session.info.setdefault(_GONE, []).append((store, key))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_KEY, None)
    for store, key in session.info.pop(_GONE, []):
        store.delete(key)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    discard(session)
    session.info.pop(_GONE, None)
