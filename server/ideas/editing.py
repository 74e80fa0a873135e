"""The submitter's edits of their own idea: its words and photos, while it is `submitted`.

After a handler's first answer the idea is what they answered, so from then on
only comments add to it. Every edit is kept in the idea's history (IdeaEdit)
with who and when; the search index follows the text by its triggers.
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence

from flask import current_app
from sqlalchemy import func, select, update

from ..auth.models import User
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..photos import services as photo_files
from ..photos.sanitiser import CleanPhoto
from ..timestamps import utcnow
from .access import SUBMITTER_FIELDS, is_submitter, submission_open
from .models import Idea, IdeaEdit, Photo


class EditingClosed(Conflict):
    code = "editing_closed"


def _closed() -> EditingClosed:
    return EditingClosed("This idea has been answered by a handler, so its text and photos can no "
                         "longer be changed. Add a comment instead.")


def require_submitter(user: User, idea: Idea) -> None:
    """Only the submitter edits their idea, and only while it waits for its first answer."""
    if not is_submitter(user, idea):
        raise Forbidden("Only the idea's submitter can change its text and photos.",
                        code="not_the_submitter")
    if not submission_open(idea):
        raise _closed()


def _hold_open(idea: Idea, now) -> None:
    # Compare-and-set: a handler's answer committed meanwhile closes editing (and on
    # PostgreSQL the row lock makes a concurrent answer or edit wait for this one).
    held = db.session.execute(update(Idea).where(Idea.id == idea.id, Idea.status == "submitted")
                              .values(updated_at=now))
    if held.rowcount != 1:
        raise _closed()


def _record(actor: User, idea: Idea, changes: dict, now) -> IdeaEdit:
    edit = IdeaEdit(idea=idea, actor=actor, changes=changes, created_at=now)
    db.session.add(edit)
    db.session.flush()
    db.session.refresh(idea)
    return edit


def edit_text(actor: User, idea: Idea, **changes) -> IdeaEdit | None:
    """Change the submitter's title and/or description; None when nothing changed."""
    require_submitter(actor, idea)
    wanted = {field: changes[field] for field in SUBMITTER_FIELDS if field in changes}
    if "title" in wanted:
        wanted["title"] = wanted["title"] or None  # an emptied title is no title
    recorded = {field: {"from": getattr(idea, field), "to": value}
                for field, value in wanted.items() if value != getattr(idea, field)}
    if not recorded:
        return None
    now = utcnow()
    _hold_open(idea, now)
    db.session.execute(update(Idea).where(Idea.id == idea.id)
                       .values({field: change["to"] for field, change in recorded.items()}))
    return _record(actor, idea, recorded, now)


def _photo_count(idea: Idea) -> int:
    return db.session.scalar(select(func.count()).select_from(Photo)
                             .where(Photo.idea_id == idea.id)) or 0


def add_photos(actor: User, idea: Idea, photos: Sequence[CleanPhoto]) -> IdeaEdit:
    """Add photos, sanitised beforehand by photos.clean_all(), after the idea's others."""
    require_submitter(actor, idea)
    if not photos:
        raise Invalid("Choose at least one photo to add.", code="no_photos")
    now = utcnow()
    _hold_open(idea, now)
    before, most = _photo_count(idea), current_app.config["MAX_PHOTOS_PER_IDEA"]
    if before + len(photos) > most:
        raise Invalid(f"An idea can have at most {most} photos; this one has {before}.",
                      code="too_many_photos")
    last = db.session.scalar(select(func.max(Photo.position)).where(Photo.idea_id == idea.id))
    start = -1 if last is None else last
    for offset, clean in enumerate(photos, start=1):
        stored = photo_files.store(clean)
        db.session.add(Photo(idea_id=idea.id, position=start + offset, width=stored.width,
                             height=stored.height, byte_size=stored.byte_size,
                             storage_key=stored.key, thumb_key=stored.thumb_key,
                             content_type="image/jpeg", created_at=now))
    db.session.flush()
    db.session.expire(idea, ["photos"])
    return _record(actor, idea, {"photos": {"from": before, "to": before + len(photos)}}, now)


def remove_photo(actor: User, idea: Idea, photo_id: uuid.UUID) -> IdeaEdit:
    """Remove one of the idea's photos; its files are deleted once the removal is committed."""
    require_submitter(actor, idea)
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.idea_id != idea.id:
        raise NotFound("This idea has no such photo (it may have been removed already).",
                       code="photo_not_found")
    now = utcnow()
    _hold_open(idea, now)
    before = _photo_count(idea)
    photo_files.delete_after_commit(photo.storage_key, photo.thumb_key)
    db.session.delete(photo)
    db.session.flush()
    db.session.expire(idea, ["photos"])
    return _record(actor, idea, {"photos": {"from": before, "to": before - 1}}, now)
