"""Photos of ideas closed longer ago than GNISTA_PHOTO_RETENTION_DAYS are deleted."""
from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from server.extensions import db
from server.ideas.models import Idea, Photo
from server.timestamps import utcnow


def _close(app, idea_id: str, status: str, days_ago: int) -> None:
    with app.app_context():
        idea = db.session.get(Idea, uuid.UUID(idea_id))
        idea.status = status
        when = utcnow() - timedelta(days=days_ago)
        if status == "implemented":
            idea.implemented_at = when
        else:
            idea.declined_at = when
        db.session.commit()


def _files(app) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def _photo_count(app, idea_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Photo)
                                 .where(Photo.idea_id == uuid.UUID(idea_id)))


def test_purge_deletes_only_photos_of_long_closed_ideas(app, runner, as_user, post_idea, make_jpeg):
    app.config["GNISTA_PHOTO_RETENTION_DAYS"] = 30
    staff = as_user("staff")
    old_done = post_idea(staff, photos=[make_jpeg(200, 150), make_jpeg(200, 150)]).get_json()
    old_declined = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    recent_done = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    still_open = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    _close(app, old_done["id"], "implemented", 31)
    _close(app, old_declined["id"], "declined", 400)
    _close(app, recent_done["id"], "implemented", 29)
    assert len(_files(app)) == 10  # five photos, each with a thumbnail

    result = runner.invoke(args=["gnista", "purge-photos"])
    assert result.exit_code == 0, result.output
    assert "Removed 3 photos" in result.output

    assert _photo_count(app, old_done["id"]) == _photo_count(app, old_declined["id"]) == 0
    assert _photo_count(app, recent_done["id"]) == _photo_count(app, still_open["id"]) == 1
    assert len(_files(app)) == 4
    # The idea itself stays, for the statistics.
    shown = staff.get(f"/api/v1/ideas/{old_done['id']}").get_json()
    assert shown["status"] == "implemented" and shown["photos"] == []


def test_retention_zero_keeps_photos_forever(app, runner, as_user, post_idea, make_jpeg):
    app.config["GNISTA_PHOTO_RETENTION_DAYS"] = 0
    idea = post_idea(as_user("staff"), photos=[make_jpeg(200, 150)]).get_json()
    _close(app, idea["id"], "implemented", 5000)
    result = runner.invoke(args=["gnista", "purge-photos"])
    assert result.exit_code == 0 and "kept forever" in result.output
    assert _photo_count(app, idea["id"]) == 1 and len(_files(app)) == 2


def test_retention_defaults_to_a_year(app):
    assert app.config["GNISTA_PHOTO_RETENTION_DAYS"] == 365


def test_the_push_worker_purges_photos_past_retention(app, as_user, post_idea, make_jpeg):
    from server.push.worker import maintain

    app.config["GNISTA_PHOTO_RETENTION_DAYS"] = 30
    staff = as_user("staff")
    old = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    kept = post_idea(staff, photos=[make_jpeg(200, 150)]).get_json()
    _close(app, old["id"], "declined", 60)
    with app.app_context():
        maintain()
    assert _photo_count(app, old["id"]) == 0
    assert _photo_count(app, kept["id"]) == 1
    assert len(_files(app)) == 2
