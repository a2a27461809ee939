"""Who uploaded each file the web app cached, kept in the data dir: a restart forgets no owner."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.people.exports import cache_root
from assistant.storage.atomic import read_json, write_json


class UploadOwners:
    """Cached upload path -> its uploader, written through to `uploads.json` on every upload.

    Gradio keeps an upload in its cache for an hour; remembering its owner in memory only let a
    leaked path be fetched by another member after a restart, and left `delete-user` (run with
    the app stopped) unable to find a member's uploads.
    """

    def __init__(self, path: Path, cache: Path | None = None) -> None:
        self.path = path
        self._cache = cache
        self._lock = threading.Lock()
        self._owners: dict[str, str] | None = None

    def owner(self, file: Path | str) -> str:
        """Return who uploaded a cached file ('' when it is not a known upload)."""
        return self._load().get(_key(file), "")

    def note(self, files: list[str], user: str) -> None:
        """Remember that `user` uploaded these cached files (entries for files gone are dropped)."""
        with self._lock:
            owners = dict(self._load())
            owners.update({_key(f): user for f in files})
            self._save({path: who for path, who in owners.items() if Path(path).exists()})

    def remove_user(self, user: str) -> int:
        """Delete a user's cached uploads (inside the web app's cache only); return how many."""
        cache = (self._cache or cache_root()).resolve()
        removed = 0
        with self._lock:
            owners = dict(self._load())
            for path in [p for p, who in owners.items() if who == user]:
                del owners[path]
                file = Path(path)
                if file.is_relative_to(cache) and file.is_file():
                    file.unlink(missing_ok=True)
                    removed += 1
                    if file.parent != cache and not any(file.parent.iterdir()):
                        file.parent.rmdir()  # Gradio keeps each upload in a folder of its own
            self._save(owners)
        return removed

    def _load(self) -> dict[str, str]:
        if self._owners is None:
            stored = read_json(self.path, {})
            self._owners = {str(k): str(v) for k, v in stored.items()}
        return self._owners

    def _save(self, owners: dict[str, str]) -> None:
        write_json(self.path, owners)
        self._owners = owners


def _key(file: Path | str) -> str:
    return str(Path(str(file)).resolve())
