"""Everything one person has in Peer Coach: export it as a portable archive, or delete all of it."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.index.chroma_store import NoteIndex
from assistant.ingest.kept import KeptPassages
from assistant.memory.store import CoachStore
from assistant.people.directory import UserDirectory
from assistant.people.exports import ExportFolders
from assistant.people.groups import GroupDirectory
from assistant.people.uploads import UploadOwners

README = """Peer Coach export for {user}, made {when}.

profile.json      who you are in Peer Coach (no password hash)
groups.json       the peer groups you belong to
journal.json      your private journal entries
commitments.json  what you committed to, and their status
lessons.json      lessons drafted from your journal (shared or not)
sessions.json     your prepare and reflect conversations
briefs.json       your case briefs
survey.json       your needs-survey answer and your session pulses (private to you)
session-runs.json the group sessions you hold a role in (your shared brief, the note draft)
                  and the presenter rotations that list you
notes.jsonl       the notes you own (uploads and shared lessons), one per line, with their text
"""


class PersonalRecords(Protocol):
    """Another store keeping records of a person's (survey answers and pulses, session runs)."""

    def records_of(self, user: str) -> dict[str, Any]:
        """Return everything of the user's kept there."""
        ...

    def forget(self, user: str) -> int:
        """Delete everything of the user's kept there; return how many records went."""
        ...


@dataclass(frozen=True)
class Deletion:
    """What deleting a user removed."""

    records: int
    chunks: int
    groups_left: int
    sign_in_removed: bool


class UserData:
    """Finds a user's data in every store: the coach's memory, the index, groups and users."""

    def __init__(
        self,
        store: CoachStore,
        index: NoteIndex,
        users: UserDirectory,
        groups: GroupDirectory,
        exports: ExportFolders | None = None,
        kept: KeptPassages | None = None,
        fit: PersonalRecords | None = None,
        runs: PersonalRecords | None = None,
        uploads: UploadOwners | None = None,
    ) -> None:
        self._uploads = uploads
        self._fit = fit
        self._runs = runs
        self._exports = exports or ExportFolders()
        self._kept = kept
        self._store = store
        self._index = index
        self._users = users
        self._groups = groups

    def export(self, user: str, target: Path) -> Path:
        """Write everything of the user's to a zip archive at `target`; return its path."""
        profile = self._users.get(user)
        records = self._store.records_of(user)
        if profile is None and not any(records.values()) and not self.notes(user):
            raise KeyError(f"nothing is stored for {user!r}")
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # never readable
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        files: dict[str, Any] = {
            "profile.json": asdict(profile) if profile else {"username": user},
            "groups.json": [asdict(g) for g in self._groups.groups_of(user)],
            "journal.json": records["journal"],
            "commitments.json": records["commitments"],
            "lessons.json": records["lessons"],
            "sessions.json": records["sessions"],
            "briefs.json": records["briefs"],
            "survey.json": self._fit.records_of(user) if self._fit else {},
            "session-runs.json": self._runs.records_of(user) if self._runs else {},
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", README.format(user=user, when=when))
            for name, value in files.items():
                archive.writestr(name, json.dumps(value, indent=2, default=_plain))
            lines = [json.dumps(note, ensure_ascii=False) for note in self.notes(user)]
            archive.writestr("notes.jsonl", "\n".join(lines) + ("\n" if lines else ""))
        target.chmod(0o600)
        return target

    def notes(self, user: str) -> list[dict[str, Any]]:
        """Return each note the user owns: its metadata and its text, chunk by chunk."""
        notes: dict[str, dict[str, Any]] = {}
        for _, text, meta in self._index.chunks(where={"owner": user}):
            note = notes.setdefault(
                str(meta["doc_id"]),
                {
                    key: meta.get(key, "")
                    for key in ("doc_id", "title", "author", "team", "date", "type", "tags")
                }
                | {"visibility": meta.get("visibility", ""), "group": meta.get("group", "")}
                | {"chunks": []},
            )
            note["chunks"].append((int(str(meta.get("position", 0))), text or ""))
        for note in notes.values():
            note["chunks"] = [text for _, text in sorted(note["chunks"])]
        return sorted(notes.values(), key=lambda n: str(n["doc_id"]))

    def delete(self, user: str) -> Deletion:
        """Delete the user's records, notes (vectors included), memberships and sign-in."""
        records = self._store.delete_user(user)
        records += self._fit.forget(user) if self._fit else 0
        records += self._runs.forget(user) if self._runs else 0
        chunks = self._index.forget_owner(user)
        left = self._groups.forget_member(user)
        self._exports.remove_user(user)  # files prepared for download, not yet expired
        if self._uploads is not None:
            self._uploads.remove_user(user)  # files they uploaded, still in the web app's cache
        if self._kept is not None:
            self._kept.forget_owner(user)  # their decisions on flagged passages
        removed = self._users.get(user) is not None
        if removed:
            self._users.remove(user)
        return Deletion(records, chunks, left, removed)


def _plain(value: Any) -> Any:
    return asdict(value) if hasattr(value, "__dataclass_fields__") else str(value)
