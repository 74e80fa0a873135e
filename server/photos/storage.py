"""Photo files in a local folder, written so a failed request leaves nothing behind."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from ..private_files import private_folder, write_private


class LocalPhotoStore:
    """Store blobs under a folder, sharded by the first characters of the key."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if "/" in key or ".." in key or not key:
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

    def put(self, data: bytes, suffix: str = ".jpg") -> str:
        key = uuid.uuid4().hex + suffix
        path = self._path(key)
        private_folder(path.parent)
        tmp = path.with_name(path.name + ".part")
        write_private(tmp, data)
        os.replace(tmp, path)
        return key

    def path_of(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            pass
