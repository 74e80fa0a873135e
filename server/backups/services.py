"""Make an online backup of an SQLite database and the photo folder."""
from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import Engine

from ..private_files import create_private, make_private, private_folder

PG_HINT = ("This database is PostgreSQL: back it up with\n"
           "  pg_dump --format=custom \"$DATABASE_URL\" > gnista.dump\n"
           "and copy the photo folder (GNISTA_UPLOAD_FOLDER) alongside it.")


class BackupRefused(Exception):
    """The backup cannot be made by Gnista itself."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    database: Path
    photos: int


def sqlite_path(engine: Engine) -> Path:
    """Return the SQLite file behind the engine, or refuse for any other database."""
    if engine.dialect.name != "sqlite":
        raise BackupRefused(PG_HINT if engine.dialect.name == "postgresql"
                            else f"Backups of {engine.dialect.name} databases are not supported.")
    name = engine.url.database
    if not name or name == ":memory:":
        raise BackupRefused("An in-memory database cannot be backed up.")
    return Path(name)


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the backup API: one consistent snapshot."""
    src = sqlite3.connect(source, timeout=30)
    create_private(target)
    dst = sqlite3.connect(target)
    try:
        # All pages in one step, inside one read transaction: writers carry on (WAL)
        # and the copy is the database as of one moment.
        src.backup(dst, pages=0)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if ok != "ok":
        raise RuntimeError(f"The copied database failed its integrity check: {ok}")


def copy_photos(source: Path, target: Path) -> int:
    """Copy the photo files; half-written files (.part) are left out."""
    count = 0
    private_folder(target)
    if not source.exists():
        return 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.endswith(".part"):
            continue
        out = target / path.relative_to(source)
        private_folder(out.parent)
        shutil.copy2(path, out)
        make_private(out)  # copy2 copies the mode of photos stored before it was private
        count += 1
    return count


def backup(engine: Engine, photo_folder: Path, destination: Path) -> Backup:
    """Back up the database, then the photos, into a new timestamped folder under destination."""
    database = sqlite_path(engine)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    folder = destination / f"gnista-backup-{stamp}"
    private_folder(destination)
    folder.mkdir(mode=0o700, exist_ok=False)
    private_folder(folder)
    # The database first: every photo its rows name exists by then, and photos are
    # only ever added or purged, so copying them afterwards misses none of them.
    copy_database(database, folder / "gnista.db")
    photos = copy_photos(photo_folder, folder / "photos")
    return Backup(folder=folder, database=folder / "gnista.db", photos=photos)
