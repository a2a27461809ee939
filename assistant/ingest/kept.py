"""Flagged passages their owners kept: remembered, so a re-upload does not withhold them."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.storage.atomic import read_json, write_json


class KeptPassages:
    """Owner → ids of flagged passages they kept (see assistant.domain.flags.passage_id)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def of(self, owner: str) -> frozenset[str]:
        """Return the ids of the passages an owner kept."""
        return frozenset(read_json(self.path, {}).get(owner, []))

    def keep(self, owner: str, passage_id: str) -> None:
        """Remember that the owner keeps this passage as ordinary know-how."""
        with self._lock:
            kept = read_json(self.path, {})
            kept[owner] = sorted({*kept.get(owner, []), passage_id})
            write_json(self.path, kept)

    def forget_owner(self, owner: str) -> None:
        """Forget an owner's decisions (their account is being deleted)."""
        with self._lock:
            kept = read_json(self.path, {})
            if kept.pop(owner, None) is not None:
                write_json(self.path, kept)
