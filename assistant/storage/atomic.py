"""Atomic file writes: a crash leaves the old file or the new one, never half of either."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, data: Any, *, mode: int = 0o600) -> None:
    """Write JSON through a temporary file, fsync and rename over the target."""
    write_bytes(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"), mode=mode)


def write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write bytes through a temporary file, fsync and rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


def read_json(path: Path, default: Any) -> Any:
    """Return the JSON in a file, or `default` when there is no file yet."""
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (the directory entry) where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
