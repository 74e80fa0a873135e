"""Turn uploads into stored, sanitised photo files."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ..errors import Invalid, TooLarge
from ..extensions import db
from . import pending
from .sanitiser import CleanPhoto, PhotoTooLarge, NotAnImage, sanitise
from .storage import LocalPhotoStore


@dataclass(frozen=True)
class StoredPhoto:
    key: str
    thumb_key: str
    width: int
    height: int
    byte_size: int


def photo_store() -> LocalPhotoStore:
    return LocalPhotoStore(current_app.config["UPLOAD_FOLDER"])


def clean_all(blobs: list[bytes]) -> list[CleanPhoto]:
    """Sanitise every photo first, so that one bad file stores nothing at all."""
    config = current_app.config
    cleaned = []
    for number, blob in enumerate(blobs, start=1):
        try:
            cleaned.append(sanitise(blob, max_bytes=config["MAX_PHOTO_BYTES"],
                                    max_pixels=config["MAX_PHOTO_PIXELS"]))
        except PhotoTooLarge as exc:
            raise TooLarge(f"Photo {number}: {exc}", code="photo_too_large") from exc
        except NotAnImage as exc:
            raise Invalid(f"Photo {number}: {exc}", code="invalid_photo") from exc
    return cleaned


def store(clean: CleanPhoto) -> StoredPhoto:
    """Write a photo and its thumbnail; both are deleted again if the transaction fails."""
    files = photo_store()
    key = files.put(clean.full)
    pending.track(db.session(), files, key)
    thumb_key = files.put(clean.thumb)
    pending.track(db.session(), files, thumb_key)
    return StoredPhoto(key=key, thumb_key=thumb_key, width=clean.width, height=clean.height,
                       byte_size=len(clean.full))


def delete_after_commit(*keys: str) -> None:
    """Delete these files (a photo and its thumbnail) once the current transaction commits."""
    files = photo_store()
    for key in keys:
        pending.delete_after_commit(db.session(), files, key)
