"""The backup command: a consistent copy while the app writes, and a working restore."""
from __future__ import annotations

import threading

import pytest
from PIL import Image
from sqlalchemy import func, select

from server import create_app
from server.extensions import db
from server.ideas.models import Idea, Photo
from tests.conftest import record_session, USE_PG, ApiClient, _config


@pytest.mark.skipif(USE_PG, reason="the SQLite backup; PostgreSQL is refused below")
def test_backup_while_writing_restores_to_a_working_database(app, runner, as_user, post_idea,
                                                             make_jpeg, tmp_path, sign_in,
                                                             new_client):
    staff = as_user("staff")
    photo = make_jpeg(200, 150)
    for _ in range(3):
        assert post_idea(staff, photos=[photo]).status_code == 201
    stop = threading.Event()
    written: list[int] = []

    def keep_writing():
        writer = sign_in(new_client(), staff.user)
        while not stop.is_set():
            written.append(post_idea(writer, photos=[photo]).status_code)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 3:
            threading.Event().wait(0.01)
        result = runner.invoke(args=["gnista", "backup", str(tmp_path / "backups")])
        more = len(written)
        while len(written) < more + 3:
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert set(written) == {201}
    folder = next((tmp_path / "backups").iterdir())
    assert folder.name.startswith("gnista-backup-")

    # Restore: point a fresh app at the copied database and photo folder.
    restored = create_app({**_config(f"sqlite:///{folder / 'gnista.db'}", tmp_path / "restored"),
                           "UPLOAD_FOLDER": str(folder / "photos")})
    with restored.app_context():
        ideas = db.session.scalar(select(func.count()).select_from(Idea))
        photos = list(db.session.scalars(select(Photo)))
        assert db.session.execute(db.text("PRAGMA integrity_check")).scalar() == "ok"
        db.engine.dispose()
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Idea))
    # A snapshot from the middle of the writing: the first ideas, not the last ones.
    assert 6 <= ideas < live
    assert len(photos) == ideas
    for row in photos:
        for key in (row.storage_key, row.thumb_key):
            with Image.open(folder / "photos" / key[:2] / key) as image:
                image.load()
    # The restored database holds its own sessions: sign in there.
    client = ApiClient(restored.test_client())
    with client.raw.session_transaction() as cookie:
        cookie["_user_id"] = record_session(restored, staff.user)
        cookie["_fresh"] = True
    listed = client.get("/api/v1/ideas?scope=mine&limit=50").get_json()
    assert len(listed["items"]) == min(ideas, 50)
    assert post_idea(client, photos=[photo]).status_code == 201
    with restored.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not USE_PG, reason="runs where DATABASE_URL is PostgreSQL")
def test_backup_refuses_postgresql_with_the_pg_dump_hint(runner, tmp_path):
    result = runner.invoke(args=["gnista", "backup", str(tmp_path / "backups")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output


def test_backup_refuses_an_in_memory_database(tmp_path):
    from sqlalchemy import create_engine

    from server.backups import services
    with pytest.raises(services.BackupRefused):
        services.sqlite_path(create_engine("sqlite://"))
    with pytest.raises(services.BackupRefused, match="pg_dump"):
        services.sqlite_path(create_engine("postgresql+psycopg://u@localhost/x"))
