"""Files only the server's own account may read: 0600 files in 0700 folders.

The database, photos (which may show a client's home) and backups hold
personal data; created with the process's umask they would be readable by
every account on the machine (0644), so their modes are set here, explicitly.
"""
from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: str | os.PathLike) -> Path:
    """Create a folder (and its parents) if needed and make it 0700."""
    folder = Path(path)
    # mkdir's mode is reduced by the umask and not applied to a folder that exists: chmod too.
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    os.chmod(folder, FOLDER_MODE)
    return folder


def create_private(path: str | os.PathLike) -> Path:
    """Create an empty file as 0600 if it does not exist; make an existing one 0600."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private(path: str | os.PathLike, data: bytes) -> None:
    """Write a new file as 0600 and flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def make_private(path: str | os.PathLike) -> None:
    """Make a file 0600 if it exists."""
    try:
        os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        pass


def sqlite_files(database: str | os.PathLike) -> list[Path]:
    """The SQLite database file and its write-ahead log and shared-memory index."""
    path = Path(database)
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
