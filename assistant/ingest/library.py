"""A manager's own know-how: upload files as notes they own, list them, and forget them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from assistant.domain.chunks import rejoin
from assistant.domain.flags import Flag, flags_to_json
from assistant.domain.freshness import verification
from assistant.domain.metadata import NoteMetadata
from assistant.domain.notes import VISIBILITIES, Note
from assistant.index.chroma_store import NoteIndex
from assistant.ingest.kept import KeptPassages
from assistant.ingest.notes import NoteDefaults
from assistant.ingest.pipeline import FileOutcome, IngestReport, IngestService
from assistant.ingest.readers import SUPPORTED_SUFFIXES

MAX_FILES = 20  # per upload


class NotYoursError(PermissionError):
    """Only the owner of a note may forget or verify it here."""


class KnowledgeLibrary:
    """Uploads are attributed to and owned by the signed-in manager, shared as they choose."""

    def __init__(
        self,
        ingest: IngestService,
        index: NoteIndex,
        groups_of: Callable[[str], Sequence[str]] = lambda user: (),
        is_owner: Callable[[str], bool] = lambda user: False,
        *,
        kept: KeptPassages,
    ) -> None:
        self._ingest = ingest
        self._index = index
        self._kept = kept
        self._groups_of = groups_of
        self._is_owner = is_owner

    def upload(
        self,
        owner: str,
        author: str,
        files: Sequence[Path],
        *,
        team: str = "",
        visibility: str = "org",
        group: str = "",
        on_progress: Callable[[float, str], None] | None = None,
    ) -> IngestReport:
        """Ingest files as notes owned by `owner`; each file's outcome (or reason) is reported.

        `visibility` is private (only the owner), group (members of one of the owner's groups)
        or org; front matter may narrow it but never reach a group the owner is not in. The team
        is `team` (the uploader's profile); only a programme owner's front matter may name another.
        """
        if not files:
            raise ValueError("choose at least one file to upload")
        if len(files) > MAX_FILES:
            raise ValueError(f"upload at most {MAX_FILES} files at a time")
        member_of = tuple(self._groups_of(owner))
        if visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
        if visibility == "group" and group not in member_of:
            raise ValueError(f"you are not a member of the group {group!r}")
        defaults = NoteDefaults(
            author=author,
            team=team,
            owner=owner,
            date=dt.date.today().isoformat(),
            visibility=visibility,
            group=group if visibility == "group" else "",
            member_of=member_of,
            team_from_file=self._is_owner(owner),
        )
        sizes = [f.stat().st_size if f.exists() else 0 for f in files]
        total, done = max(sum(sizes), 1), 0
        report = IngestReport()
        for file in files:
            if on_progress:
                on_progress(done / total, file.name)
            if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                reason = f"{file.suffix or 'no extension'} is not supported (use {kinds})"
                report.files.append(FileOutcome(file, "skipped", reason=reason))
                continue

            def advance(step: int, name: str = file.name) -> None:
                nonlocal done
                done += step
                if on_progress:
                    on_progress(min(done / total, 1.0), name)

            source_id = f"uploads/{owner}/{_safe_name(file.name)}"
            report.files.append(self._ingest.ingest_file(file, source_id, defaults, advance))
        if on_progress:
            on_progress(1.0, "")
        return report

    def mine(self, owner: str) -> list[dict[str, Any]]:
        """Return a summary of each note the manager owns."""
        return self._index.notes_of_owner(owner)

    def size(self) -> int:
        """Return how many chunks the knowledge base holds (for the status line)."""
        return self._index.count()

    def forget(self, owner: str, doc_id: str) -> int:
        """Forget one of the manager's own notes; return how many chunks were removed."""
        self._require_own(owner, doc_id)
        return self._index.forget([doc_id])

    def verify(self, owner: str, doc_id: str, today: dt.date | None = None) -> dict[str, str]:
        """Mark one of the manager's own notes checked today; return its new dates."""
        self._require_own(owner, doc_id)
        fields = verification(today)
        self._index.update_note(doc_id, fields)
        return fields

    def flagged(self, owner: str) -> list[FlaggedPassage]:
        """Return every flagged passage in the manager's own notes, withheld ones first."""
        found = []
        for meta in self._index.notes({"owner": owner}):
            note = NoteMetadata.from_stored(meta)
            found += [FlaggedPassage(note.doc_id, note.title, f) for f in note.flags]
        return sorted(found, key=lambda p: (not p.flag.withheld or p.flag.kept, p.doc_id))

    def keep(self, owner: str, doc_id: str, passage_id: str) -> Flag:
        """Keep a flagged passage as ordinary know-how: it reaches the coach and quotes again."""
        self._require_own(owner, doc_id)
        note = self._note(doc_id)
        flag = _find(note.flags, passage_id)
        kept = replace(flag, withheld=False, kept=True)
        self._kept.keep(owner, passage_id)
        flags = tuple(kept if f.id == passage_id else f for f in note.flags)
        self._index.update_note(doc_id, {"flags": flags_to_json(flags)})
        return kept

    def remove(self, owner: str, doc_id: str, passage_id: str) -> int:
        """Remove a flagged passage from the manager's own note (their choice); return chunks."""
        self._require_own(owner, doc_id)
        note = self._note(doc_id)
        flag = _find(note.flags, passage_id)
        if flag.field != "text":
            raise ValueError(
                f"a flagged {flag.field} cannot be removed; keep it or forget the note"
            )
        text = re.sub(r"\n{3,}", "\n\n", note.text.replace(flag.passage, "")).strip()
        if not text:
            raise ValueError("that passage is the whole note: forget the note instead")
        kept = tuple(f for f in note.flags if f.id != passage_id)
        results = self._ingest.ingest_notes([replace(note, text=text, flags=kept)])
        return sum(r.added + r.updated for r in results)

    def _note(self, doc_id: str) -> Note:
        """Return one stored note, its text rejoined from its chunks."""
        rows = self._index.chunks_of_notes([doc_id])
        if not rows:
            raise NotYoursError(f"{doc_id} is not a note you own")
        rows.sort(key=lambda row: int(row[2].get("position", 0)))
        return NoteMetadata.from_stored(rows[0][2]).note(rejoin([text for _, text, _ in rows]))

    def _require_own(self, owner: str, doc_id: str) -> None:
        if doc_id not in {str(n["doc_id"]) for n in self.mine(owner)}:
            raise NotYoursError(f"{doc_id} is not a note you own")


@dataclass(frozen=True)
class FlaggedPassage:
    """A flagged passage in one of the manager's notes, for them to keep or remove."""

    doc_id: str
    title: str
    flag: Flag


def _find(flags: tuple[Flag, ...], passage_id: str) -> Flag:
    for flag in flags:
        if flag.id == passage_id:
            return flag
    raise ValueError("that passage is no longer flagged in this note")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name).strip("-") or "upload"
