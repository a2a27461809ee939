"""Files a user downloads: one private folder per user, short-lived, removed on delete-user."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

KEEP_SECONDS = 15 * 60  # an export not downloaded by then is removed


def cache_root() -> Path:
    """Return the folder the web app serves files from (Gradio's: GRADIO_TEMP_DIR or tmp/gradio)."""
    return Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")


class ExportFolders:
    """Each user's exports live in a folder only the app's OS user can read, named by a hash."""

    def __init__(self, root: Path | None = None, keep: float = KEEP_SECONDS) -> None:
        self.root = (root or cache_root()) / "peercoach-exports"
        self._keep = keep

    def folder(self, user: str) -> Path:
        """Return the user's export folder (mode 700), with exports older than `keep` removed."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.prune()
        mine = self.root / hashlib.sha256(user.encode("utf-8")).hexdigest()[:24]
        mine.mkdir(exist_ok=True, mode=0o700)
        return mine

    def write(self, user: str, name: str, data: bytes) -> Path:
        """Write one export file, readable by its owner process only (mode 600); return it."""
        path = self.folder(user) / Path(name).name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return path

    def owner_hash(self, path: Path) -> str:
        """Return the hashed owner folder a path lies in ('' when not an export)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).parts[0]
        except (ValueError, IndexError):
            return ""

    def is_users(self, user: str, path: Path) -> bool:
        """Return True when `path` is one of `user`'s exports."""
        return self.owner_hash(path) == hashlib.sha256(user.encode("utf-8")).hexdigest()[:24]

    def prune(self) -> None:
        """Remove every export older than `keep`."""
        cutoff = time.time() - self._keep
        for file in self.root.glob("*/*"):
            if file.stat().st_mtime < cutoff:
                file.unlink(missing_ok=True)

    def remove_user(self, user: str) -> int:
        """Remove all of a user's exports; return how many files went."""
        mine = self.root / hashlib.sha256(user.encode("utf-8")).hexdigest()[:24]
        count = sum(1 for _ in mine.glob("*")) if mine.exists() else 0
        shutil.rmtree(mine, ignore_errors=True)
        return count
