"""The database, its WAL and SHM files, photos, backups and the instance folder are private.

Files 0600 and folders 0700 even under the common umask 022, which would
make them readable by every account on the machine. These files are local
whatever DATABASE_URL says, so the test uses an SQLite database of its own.
"""
from __future__ import annotations

import io
import os
import stat
import uuid

import pytest

from server import create_app
from server.extensions import db
from server.ideas.models import Photo
from tests.conftest import ApiClient, jpeg_bytes
from types import SimpleNamespace

from tests.conftest import record_session


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_database_photos_backups_and_instance_folder_are_private(loose_umask, tmp_path):
    from server.auth.models import User
    from server.admin.models import Unit

    instance, photos = tmp_path / "instance", tmp_path / "photos"
    database = instance / "gnista.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}",
                      "INSTANCE_PATH": str(instance), "UPLOAD_FOLDER": str(photos),
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        unit = Unit(name="Testkommun", headcount=10)
        user = User(display_name="Ada", unit=unit, role="staff", active=True)
        db.session.add_all([unit, user])
        db.session.commit()
        signed_in = SimpleNamespace(id=user.id)
        db.session.rollback()
    user_id = record_session(app, signed_in)
    client = ApiClient(app.test_client())
    with client.raw.session_transaction() as session:
        session["_user_id"] = user_id
    response = client.post("/api/v1/ideas", data={
        "description": "Nyckelskåp", "photo": [(io.BytesIO(jpeg_bytes(200, 150)),
                                                 "p.jpg", "image/jpeg")]},
        content_type="multipart/form-data", headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 201, response.get_data(as_text=True)

    with app.app_context():
        # A connection is open in WAL mode here, so the -wal and -shm files exist.
        db.session.execute(db.text("SELECT 1"))
        photo = db.session.scalars(db.select(Photo)).one()
        keys = [photo.storage_key, photo.thumb_key]
        wal, shm = (database.with_name(database.name + s) for s in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (database, wal, shm, instance / "secret_key")} == {
            "gnista.db": 0o600, "gnista.db-wal": 0o600, "gnista.db-shm": 0o600,
            "secret_key": 0o600}
        assert _mode(instance) == 0o700 and _mode(photos) == 0o700
        for key in keys:
            assert _mode(photos / key[:2]) == 0o700
            assert _mode(photos / key[:2] / key) == 0o600
        db.session.remove()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["gnista", "backup", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    assert _mode(tmp_path / "backups") == 0o700
    folder = next((tmp_path / "backups").iterdir())
    assert _mode(folder) == 0o700 and _mode(folder / "gnista.db") == 0o600
    assert _mode(folder / "photos") == 0o700
    for key in keys:
        assert _mode(folder / "photos" / key[:2]) == 0o700
        assert _mode(folder / "photos" / key[:2] / key) == 0o600
    with app.app_context():
        db.engine.dispose()


def test_an_existing_world_readable_database_is_made_private(loose_umask, tmp_path):
    database = tmp_path / "old" / "gnista.db"
    database.parent.mkdir()
    for path in (database, database.with_name("gnista.db-wal")):
        path.write_bytes(b"")
        os.chmod(path, 0o644)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}",
                      "INSTANCE_PATH": str(tmp_path / "instance"),
                      "UPLOAD_FOLDER": str(tmp_path / "photos"), "SECRET_KEY": "x" * 40})
    assert _mode(database) == 0o600
    assert _mode(database.with_name("gnista.db-wal")) == 0o600
    with app.app_context():
        db.engine.dispose()
