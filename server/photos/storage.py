"""Photo files in a local folder, written so a failed request leaves nothing behind."""
from __future__ import annotations

import os
import uuid
from pathlib import Path


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
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        return key

    def path_of(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            pass
