"""One writer process per data dir: a second process is refused with a clear message."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
import threading
from pathlib import Path

_held: dict[Path, int] = {}  # data dirs this process holds, with the lock file's descriptor
_guard = threading.Lock()


class DataDirBusyError(RuntimeError):
    """Another process is already writing to this data dir."""


def hold_data_dir(data_dir: Path) -> None:
    """Take the data dir's writer lock for this process (again is fine); refuse if another has it.

    The lock is released by the operating system when the process ends, also on a crash.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    key = data_dir.resolve()
    with _guard:
        if key in _held:
            return
        path = key / ".writer.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise DataDirBusyError(
                f"the data dir {key} is in use by {holder}. Stop that process first, or point "
                "PEERCOACH_DATA_DIR at another folder (while the app runs, upload and manage "
                "data through the app)."
            ) from None
        os.ftruncate(fd, 0)
        started = dt.datetime.now().isoformat(timespec="seconds")
        command = " ".join(os.path.basename(a) for a in sys.argv[:3])
        os.pwrite(fd, f"pid {os.getpid()} ({command}, since {started})".encode(), 0)
        _held[key] = fd


def release_data_dir(data_dir: Path) -> None:
    """Give the lock back (for tests and tools that hand the data dir to another process)."""
    with _guard:
        fd = _held.pop(data_dir.resolve(), None)
        if fd is not None:
            os.close(fd)
