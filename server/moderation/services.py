"""Reporting, the handlers' desk of open reports, and resolving them."""
from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select, text, update

from ..admin.models import Unit
from ..auth.models import User
from ..auth.scope import handled_path
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..ideas.access import can_handle, handled_in, shows_comment
from ..ideas.models import Comment, Idea, IdeaEdit, Photo
from ..photos import pending
from ..photos.services import photo_store
from ..push import services as push
from ..push.models import Notification
from ..timestamps import utcnow
from .models import HIDE_AT, RESOLUTIONS, Report

# What a redacted passage becomes, in the database and on every screen.
REDACTED = "[borttaget]"
TITLE_LENGTH = 120


def report(reporter: User, idea: Idea, *, reason: str, note: str = "",
           comment_id: uuid.UUID | None = None) -> Report:
    """Report an idea or one of its comments; a second open report by the same person is the first.

    The caller has checked that the reporter sees the idea. Tells the handlers, and
    hides the item once ``HIDE_AT`` different people's reports are open.
    """
    comment = None
    if comment_id is not None:
        comment = db.session.get(Comment, comment_id)
        if comment is None or comment.idea_id != idea.id or not shows_comment(reporter, idea,
                                                                              comment):
            raise NotFound("This comment does not exist or you cannot see it.")
    mine = db.session.scalars(select(Report).where(*_open_on(idea.id, comment_id),
                                                   Report.reporter_id == reporter.id)).first()
    if mine is not None:
        return mine
    made = Report(org_id=idea.org_id, idea_id=idea.id, comment_id=comment_id,
                  reporter_id=reporter.id, reason=reason, note=note or "", created_at=utcnow())
    db.session.add(made)
    db.session.flush()
    item = comment if comment is not None else idea
    if item.hidden is None and _reporters(idea.id, comment_id) >= HIDE_AT:
        item.hidden = "reported"
        _withhold(idea, comment)
    db.session.flush()
    push.notify_reported(idea, reason=reason, reporter_id=reporter.id, comment=comment is not None)
    return made


def _open_on(idea_id, comment_id) -> tuple:
    about = (Report.comment_id.is_(None) if comment_id is None
             else Report.comment_id == comment_id)
    return Report.idea_id == idea_id, about, Report.resolved_at.is_(None)


def _reporters(idea_id, comment_id) -> int:
    return db.session.scalar(select(func.count(func.distinct(Report.reporter_id)))
                             .where(*_open_on(idea_id, comment_id)))


def open_reports(handler: User) -> list[list[Report]]:
    """The open reports of the ideas the handler handles, per item, oldest item first."""
    prefix = handled_path(handler)
    if prefix is None:
        raise Forbidden("Only handlers and administrators review reports.")
    units = select(Unit.id).where(Unit.path.startswith(prefix))
    reports = db.session.scalars(
        select(Report).join(Idea, Idea.id == Report.idea_id)
        .where(Report.org_id == handler.org_id, Report.resolved_at.is_(None),
               handled_in(Idea.unit_id, Idea.category_id, units))
        .order_by(Report.created_at, Report.id)).all()
    items: dict[tuple, list[Report]] = defaultdict(list)
    for r in reports:
        items[(r.idea_id, r.comment_id)].append(r)
    return list(items.values())


def report_to_resolve(handler: User, report_id: uuid.UUID) -> Report:
    """The report, if the handler may resolve it: another organisation's is not said to exist."""
    found = db.session.get(Report, report_id)
    if found is None or found.org_id != handler.org_id or not handler.is_active:
        raise NotFound("This report does not exist or you cannot see it.")
    if not can_handle(handler, found.idea):
        raise Forbidden("Only a handler of the idea's unit or an administrator resolves reports.")
    if found.resolved_at is not None:
        raise Conflict("This report has been resolved already.", code="already_resolved")
    return found


def resolve(handler: User, found: Report, *, action: str, reason: str = "",
            field: str | None = None, passage: str | None = None, start: int | None = None,
            end: int | None = None, photo_id: uuid.UUID | None = None) -> Report:
    """Restore, hide or redact the reported item, and close every open report on it."""
    idea, comment = found.idea, found.comment
    item = comment if comment is not None else idea
    if action == "hide":
        if not reason.strip():
            raise Invalid("Hiding needs a reason that the author can read.",
                          code="reason_required")
        item.hidden, item.hidden_reason = "hidden", reason.strip()
        _withhold(idea, comment)
    elif action == "redact":
        redact(handler, idea, comment, field=field, passage=passage, start=start, end=end,
               photo_id=photo_id)
        item.hidden, item.hidden_reason = None, None
    else:
        item.hidden, item.hidden_reason = None, None
    now = utcnow()
    db.session.execute(update(Report).where(*_open_on(found.idea_id, found.comment_id))
                       .values(resolved_at=now, resolution=RESOLUTIONS[action],
                               resolver_id=handler.id))
    db.session.flush()
    db.session.refresh(found)
    return found


def redact(actor: User, idea: Idea, comment: Comment | None, *, field: str | None,
           passage: str | None, start: int | None, end: int | None,
           photo_id: uuid.UUID | None) -> None:
    """Delete a passage (or a photo) for good and record who did it and when, not what."""
    sqlite = db.session.connection().dialect.name == "sqlite"
    if sqlite:
        # Overwrite what a change frees, so the old words do not linger in free pages.
        db.session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    field = field or ("body" if comment is not None else None)
    if comment is not None and field != "body":
        raise Invalid("A comment's passage is redacted from its body.", code="invalid_field")
    if comment is None and field not in ("title", "description", "photo"):
        raise Invalid("Name the field to redact: title, description or photo.",
                      code="invalid_field")
    if field == "photo":
        _remove_photo(idea, photo_id)
    else:
        target = comment if comment is not None else idea
        value = getattr(target, field) or ""
        # The submitter may have edited the passage away while the idea was hidden: its
        # earlier words stay in the edit history, which the idea shows once restored.
        earlier = [v for e in idea.edits for v in (e.changes.get(field) or {}).values()
                   if isinstance(v, str)] if comment is None else []
        removed = _passage(value, passage=passage, start=start, end=end, earlier=earlier)
        redacted = value.replace(removed, REDACTED)
        if field == "title":
            redacted = redacted[:TITLE_LENGTH]
        setattr(target, field, redacted)
        _scrub_history(idea, removed)
    idea.updated_at = utcnow()
    idea.edits.append(IdeaEdit(actor=actor, created_at=utcnow(), changes={
        "redacted": {"from": None, "to": "comment" if comment is not None else field}}))
    db.session.flush()
    if sqlite:
        # FTS5 only marks a changed row's old words deleted until its segments merge.
        # PostgreSQL's old row versions go at its next vacuum.
        for table in ("idea_search", "idea_search_trigram"):
            db.session.execute(text(f"INSERT INTO {table} ({table}) VALUES ('optimize')"))


def _withhold(idea: Idea, comment: Comment | None) -> None:
    """Take a hidden comment's words out of the inboxes it reached (the submitter's and
    the followers'): only its author and the idea's handlers may read them now."""
    if comment is None or not comment.body:
        return
    for notification in db.session.scalars(select(Notification)
                                           .where(Notification.idea_id == idea.id)):
        if (notification.params or {}).get("comment") == comment.body:
            notification.params = {**notification.params, "comment": REDACTED}


def _passage(value: str, *, passage: str | None, start: int | None, end: int | None,
             earlier: list[str] = ()) -> str:
    """The exact text to remove, given as itself (in the field now or in its ``earlier``
    values) or as [start, end) offsets into the field."""
    if passage is not None:
        if not passage.strip() or not any(passage in v for v in (value, *earlier)):
            raise Invalid("That text is not in the field: choose a passage it holds.",
                          code="passage_not_found")
        return passage
    if start is None or end is None:
        raise Invalid("Give the passage to remove: its text, or start and end.",
                      code="passage_required")
    if not 0 <= start < end <= len(value) or not value[start:end].strip():
        raise Invalid("Those offsets are not a passage of the field.", code="passage_not_found")
    return value[start:end]


def _scrub_history(idea: Idea, removed: str) -> None:
    """Take the passage out of the idea's edit history and its notifications' words too."""
    for edit in idea.edits:
        changes = _replaced(edit.changes, removed)
        if changes != edit.changes:
            edit.changes = changes
    for notification in db.session.scalars(select(Notification)
                                           .where(Notification.idea_id == idea.id)):
        params = _replaced(notification.params, removed)
        if params != notification.params:
            notification.params = params


def _replaced(value, removed: str):
    """A copy of a JSON value with every string's ``removed`` passage redacted."""
    if isinstance(value, str):
        return value.replace(removed, REDACTED)
    if isinstance(value, dict):
        return {key: _replaced(inner, removed) for key, inner in value.items()}
    if isinstance(value, list):
        return [_replaced(inner, removed) for inner in value]
    return value


def _remove_photo(idea: Idea, photo_id: uuid.UUID | None) -> None:
    photo = db.session.get(Photo, photo_id) if photo_id is not None else None
    if photo is None or photo.idea_id != idea.id:
        raise Invalid("Choose one of the idea's photos to redact.", code="unknown_photo")
    files = photo_store()
    # The files go once the row's removal commits; a failed request keeps both.
    for key in (photo.storage_key, photo.thumb_key):
        pending.delete_after_commit(db.session(), files, key)
    idea.photos.remove(photo)
    db.session.delete(photo)


def reports_by(user: User) -> list[Report]:
    """The reports a person made, for their data export."""
    return list(db.session.scalars(select(Report).where(Report.reporter_id == user.id)
                                   .order_by(Report.created_at, Report.id)))
