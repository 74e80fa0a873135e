"""Build a person's data export (GDPR article 15 and 20) as a zip file."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from ..auth.models import Passkey, User, UserSession
from ..extensions import db
from ..ideas.access import shows_comment, shows_person
from ..ideas.models import Comment, Idea, IdeaWatch, Vote
from ..ideas.presenters import shown_value
from ..moderation.services import reports_by
from ..photos.storage import LocalPhotoStore
from ..push import messages
from ..push.models import Notification, PushSubscription
from ..timestamps import utcnow

README = """Gnista: your data
==================
profile.json        your account: name, unit, role, language, passkeys, signed-in devices,
                    devices for push
ideas.json          the ideas you submitted, with their category, status history, edits
                    and comments
comments.json       every comment you wrote, on any idea
votes.json          the ideas you voted for
following.json      the ideas you follow
notifications.json  your inbox
reports.json        the ideas and comments you reported, and what became of each report
photos/             the photos of your ideas, as stored (metadata removed)
"""


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user: User | None) -> str | None:
    return user.display_name if user is not None else None


def profile(user: User) -> dict:
    passkeys = db.session.scalars(select(Passkey).where(Passkey.user_id == user.id)
                                  .order_by(Passkey.created_at))
    signed_in = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id).order_by(UserSession.created_at))
    devices = db.session.scalars(select(PushSubscription).where(
        PushSubscription.user_id == user.id).order_by(PushSubscription.created_at))
    return {
        "id": str(user.id), "display_name": user.display_name, "role": user.role,
        "language": user.language, "active": user.active,
        "unit": {"id": str(user.unit.id), "name": user.unit.name},
        "created_at": _time(user.created_at),
        "passkeys": [{"name": p.name, "created_at": _time(p.created_at),
                      "last_used_at": _time(p.last_used_at), "backed_up": p.backed_up}
                     for p in passkeys],
        "signed_in_devices": [{"device": s.device, "created_at": _time(s.created_at),
                               "last_used_at": _time(s.last_used_at),
                               "expires_at": _time(s.expires_at)} for s in signed_in],
        # The endpoint is a secret capability to post to the device: its push service is enough.
        "push_devices": [{"push_service": urlsplit(d.endpoint).hostname,
                          "created_at": _time(d.created_at)} for d in devices],
    }


def _name_on(idea: Idea, user: User | None, reader: User) -> str | None:
    # The same rule as the app: an anonymous submitter is named to no one else.
    return _name(user) if user is None or shows_person(reader, idea, user.id) else None


def idea_record(idea: Idea, reader: User) -> dict:
    """An idea as ``reader`` may know it: names only where the app shows them."""
    return {
        "id": str(idea.id), "title": idea.title, "description": idea.description,
        "anonymous": idea.anonymous, "status": idea.status,
        "unit": {"id": str(idea.unit.id), "name": idea.unit.name},
        "category": idea.category.label(reader.language) if idea.category else None,
        "vote_count": idea.vote_count, "created_at": _time(idea.created_at),
        # Whether a handler hid it and why; never who reported it.
        "hidden": idea.hidden, "hidden_reason": idea.hidden_reason,
        # A merged idea's votes count on the idea it went into; that idea is named here.
        "merged_into": (None if idea.merged_into is None else
                        {"id": str(idea.merged_into.id), "title": idea.merged_into.title}),
        "photos": [f"photos/{idea.id}/{p.position + 1}.jpg" for p in idea.photos],
        "history": [{"from_status": h.from_status, "to_status": h.to_status, "note": h.note,
                     "by": _name_on(idea, h.actor, reader), "at": _time(h.created_at)} for h in idea.history],
        "edits": [{"changes": [{"field": field,
                                "from": shown_value(field, change["from"], idea, reader),
                                "to": shown_value(field, change["to"], idea, reader)}
                               for field, change in e.changes.items()],
                   "by": _name_on(idea, e.actor, reader), "at": _time(e.created_at)}
                  for e in idea.edits],
        "comments": [{"author": _name_on(idea, c.author, reader),
                      "by_submitter": c.author_id is not None and c.author_id == idea.submitter_id,
                      "body": c.body, "at": _time(c.created_at)}
                     for c in idea.comments if shows_comment(reader, idea, c)],
    }


def build_zip(user: User) -> bytes:
    """Collect the user's data into a zip file's bytes."""
    ideas = list(db.session.scalars(select(Idea).where(Idea.submitter_id == user.id)
                                    .order_by(Idea.created_at)).unique())
    comments = db.session.execute(
        select(Comment, Idea.title).join(Idea, Comment.idea_id == Idea.id)
        .where(Comment.author_id == user.id).order_by(Comment.created_at)).all()
    votes = db.session.execute(
        select(Vote.created_at, Idea.id, Idea.title).join(Idea, Vote.idea_id == Idea.id)
        .where(Vote.user_id == user.id).order_by(Vote.created_at)).all()
    followed = db.session.execute(
        select(IdeaWatch.created_at, Idea.id, Idea.title).join(Idea, IdeaWatch.idea_id == Idea.id)
        .where(IdeaWatch.user_id == user.id).order_by(IdeaWatch.created_at)).all()
    notifications = db.session.scalars(select(Notification).where(
        Notification.user_id == user.id).order_by(Notification.created_at))
    files = LocalPhotoStore(current_app.config["UPLOAD_FOLDER"])

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        def put_json(name: str, data) -> None:
            archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=2))

        archive.writestr("README.txt", README)
        put_json("profile.json", {**profile(user), "exported_at": _time(utcnow())})
        put_json("ideas.json", [idea_record(i, user) for i in ideas])
        put_json("comments.json", [{"idea_id": str(c.idea_id), "idea_title": title,
                                    "body": c.body, "at": _time(c.created_at)}
                                   for c, title in comments])
        put_json("votes.json", [{"idea_id": str(idea_id), "idea_title": title, "at": _time(at)}
                                for at, idea_id, title in votes])
        put_json("following.json", [{"idea_id": str(idea_id), "idea_title": title,
                                     "since": _time(at)} for at, idea_id, title in followed])
        put_json("notifications.json", [{"kind": n.kind, **_words(n, user.language),
                                         "at": _time(n.created_at), "read_at": _time(n.read_at)}
                                        for n in notifications])
        put_json("reports.json", [{"idea_id": str(r.idea_id),
                                   "comment_id": None if r.comment_id is None else str(r.comment_id),
                                   "reason": r.reason, "note": r.note,
                                   "at": _time(r.created_at), "resolution": r.resolution,
                                   "resolved_at": _time(r.resolved_at)}
                                  for r in reports_by(user)])
        for idea in ideas:
            for photo in idea.photos:
                path = files.path_of(photo.storage_key)
                if path.exists():
                    # JPEG is compressed already: store it as it is.
                    archive.writestr(f"photos/{idea.id}/{photo.position + 1}.jpg",
                                     path.read_bytes(), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def filename() -> str:
    return f"gnista-export-{utcnow():%Y-%m-%d}.zip"


def _words(notification: Notification, language: str) -> dict:
    message = messages.render(notification.kind, notification.params, language)
    return {"title": message.title, "body": message.body}
