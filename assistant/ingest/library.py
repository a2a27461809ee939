"""A manager's own know-how: upload files as notes they own, list them, and forget them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.domain.freshness import verification
from assistant.domain.notes import VISIBILITIES
from assistant.index.chroma_store import NoteIndex
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
    ) -> None:
        self._ingest = ingest
        self._index = index
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

    def _require_own(self, owner: str, doc_id: str) -> None:
        if doc_id not in {str(n["doc_id"]) for n in self.mine(owner)}:
            raise NotYoursError(f"{doc_id} is not a note you own")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name).strip("-") or "upload"
