"""Backup and restore of a data dir: one .tar.gz with the memory, index, users and groups."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from assistant.storage.lock import hold_data_dir, release_data_dir

MANIFEST = "peercoach-backup.json"
FORMAT = 1
MEMORY = "coach.sqlite3"


class BackupError(RuntimeError):
    """A backup cannot be written or restored as asked; the message says why."""


def backup(settings: Settings, target: Path) -> dict[str, Any]:
    """Write the data dir to `target` (.tar.gz) while holding it; return the manifest."""
    data = settings.data_dir
    if not (data / MEMORY).exists() and not settings.chroma_path.exists():
        raise BackupError(f"there is nothing to back up in {data}")
    hold_data_dir(data)  # no other process writes while we copy
    with tempfile.TemporaryDirectory(prefix="peercoach-backup-") as folder:
        staging = Path(folder) / "data"
        staging.mkdir()
        if (data / MEMORY).exists():
            _sqlite_copy(data / MEMORY, staging / MEMORY)
        fit, runs = settings.programme_fit_path.name, settings.session_runs_path.name
        for name in ("users.json", "groups.json", fit, runs):
            if (data / name).exists():
                shutil.copy2(data / name, staging / name)
        included = ["memory", "users", "groups"] + ["programme fit"] * (data / fit).exists()
        included += ["session runs"] * (data / runs).exists()
        if settings.chroma_mode == "embedded" and settings.chroma_path.exists():
            shutil.copytree(settings.chroma_path, staging / "chroma")
            included.append("index")
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": str(data.resolve()),
            "chroma_mode": settings.chroma_mode,
            "includes": included,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(staging, arcname="data")
        partial.chmod(0o600)
        partial.replace(target)  # a crash mid-backup never leaves a truncated archive behind
    return manifest


def restore(archive: Path, data_dir: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore a backup into `data_dir`; an existing one is kept aside, never overwritten."""
    if not archive.is_file():
        raise BackupError(f"no backup file {archive}")
    in_use = data_dir.exists() and any(
        (data_dir / name).exists() for name in (MEMORY, "chroma", "users.json")
    )
    if in_use and not force:
        raise BackupError(
            f"{data_dir} already holds data; restore into an empty folder, or pass --force to "
            "keep the current data aside and restore over it"
        )
    hold_data_dir(data_dir)  # refuse while the app (or anything else) is using it
    try:
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir.parent) as folder:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(folder, filter="data")  # refuses absolute paths and '..'
            staged = Path(folder) / "data"
            manifest = _manifest(staged)
            aside = None
            if in_use:
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                aside = data_dir.with_name(f"{data_dir.name}.before-restore-{stamp}")
                data_dir.rename(aside)
            elif data_dir.exists():
                shutil.rmtree(data_dir)
            staged.rename(data_dir)
            if aside is not None:
                manifest["kept_aside"] = str(aside)
            return manifest
    finally:
        release_data_dir(data_dir)


def _manifest(staged: Path) -> dict[str, Any]:
    path = staged / MANIFEST
    if not path.exists():
        raise BackupError("this is not a Peer Coach backup (no manifest)")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    if (staged / MEMORY).exists():
        with sqlite3.connect(staged / MEMORY) as conn:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"the backup's memory database is damaged ({status})")
    return manifest


def _sqlite_copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
