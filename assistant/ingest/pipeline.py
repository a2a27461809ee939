"""The ingest pipeline: files → notes → chunks → index, reporting each file's outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.notes import Note, NoteError
from assistant.index.chroma_store import NoteIndex, UpsertResult
from assistant.ingest.chunking import Chunker
from assistant.ingest.notes import NoteDefaults
from assistant.ingest.readers import SUPPORTED_SUFFIXES, read_file
from assistant.safety.injection import guard_note

BATCH_NOTES = 128  # notes embedded and written together
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: status is added, updated, unchanged or skipped."""

    path: Path
    status: str
    source_id: str = ""
    notes: int = 0
    chunks: int = 0
    reason: str = ""
    problems: tuple[str, ...] = ()  # records inside the file that were skipped, with reasons
    neutralised: int = 0  # passages addressed to the AI that were replaced by a marker


@dataclass
class IngestReport:
    """The outcome of every file in one ingest run."""

    files: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """Return how many files ended with this status."""
        return sum(1 for f in self.files if f.status == status)

    @property
    def skipped(self) -> list[FileOutcome]:
        """Files that were not ingested, each with its reason."""
        return [f for f in self.files if f.status == "skipped"]

    def summary(self) -> str:
        """Return a one-line summary."""
        parts = [f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "skipped")]
        notes = sum(f.notes for f in self.files)
        line = f"{len(self.files)} files ({notes} notes): " + ", ".join(parts)
        neutralised = sum(f.neutralised for f in self.files)
        if neutralised:
            line += f"; {neutralised} passages addressed to the AI were neutralised"
        return line


class IngestService:
    """Indexes notes from files; a file that cannot be read is reported and skipped."""

    def __init__(self, index: NoteIndex, chunker: Chunker) -> None:
        self._index = index
        self.chunker = chunker

    def ingest_path(
        self,
        path: Path,
        on_file: Callable[[FileOutcome], None] | None = None,
        defaults: NoteDefaults | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Ingest a file or every supported file under a folder.

        `on_file` hears each file's outcome; `on_bytes` hears progress in bytes of input, also
        within a large file, for a progress bar over `input_bytes(path)`.
        """
        path = path.resolve()
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        root = path if path.is_dir() else path.parent
        report = IngestReport()
        for file in note_files(path):
            outcome = self.ingest_file(
                file, source_id_for(file, root), defaults or NoteDefaults(), on_bytes
            )
            report.files.append(outcome)
            if on_file:
                on_file(outcome)
        return report

    def ingest_file(
        self,
        file: Path,
        source_id: str,
        defaults: NoteDefaults,
        on_bytes: Callable[[int], None] | None = None,
    ) -> FileOutcome:
        """Index every note of one file and forget the notes it no longer holds."""
        size = file.stat().st_size if file.exists() else 0
        reported = 0

        def progress(fraction: float) -> None:
            nonlocal reported
            if on_bytes:
                step = int(size * fraction) - reported
                reported += step
                on_bytes(step)

        outcome = self._ingest_file(file, source_id, defaults, progress)
        progress(1.0)
        return outcome

    def _ingest_file(
        self,
        file: Path,
        source_id: str,
        defaults: NoteDefaults,
        progress: Callable[[float], None],
    ) -> FileOutcome:
        try:
            read = read_file(file, source_id, defaults)
        except NoteError as exc:
            return FileOutcome(file, "skipped", source_id, reason=str(exc))
        except OSError as exc:
            return FileOutcome(file, "skipped", source_id, reason=f"cannot read: {exc.strerror}")
        except Exception as exc:  # a parser crashing on odd input must not sink the whole batch
            log.exception("reading %s failed", file)
            reason = f"the file could not be parsed ({type(exc).__name__}: {exc})"[:300]
            return FileOutcome(file, "skipped", source_id, reason=reason)
        notes, problems, neutralised = self._guarded(read.notes)
        problems = [*read.problems, *problems]
        if not notes and read.notes:
            return FileOutcome(file, "skipped", source_id, reason=problems[-1])
        results: list[UpsertResult] = []
        chunks = 0
        for start in range(0, len(notes), BATCH_NOTES):
            batch = [(n, self.chunker.split(n)) for n in notes[start : start + BATCH_NOTES]]
            chunks += sum(len(c) for _, c in batch)
            results += self._index.upsert_notes(batch)
            progress((start + len(batch)) / len(notes))
        kept = {n.doc_id for n in notes}
        gone = sorted(self._index.doc_ids_of_source(source_id) - kept)
        removed = self._index.forget(gone) if gone else 0
        if not removed and all(r.unchanged for r in results):
            status = "unchanged"
        elif not removed and all(r.added and not (r.updated or r.removed) for r in results):
            status = "added"  # every note is new
        else:
            status = "updated"
        return FileOutcome(
            file,
            status,
            source_id,
            len(notes),
            chunks,
            problems=tuple(problems),
            neutralised=neutralised,
        )

    def ingest_notes(self, notes: list[Note]) -> list[UpsertResult]:
        """Index notes that do not come from a file (e.g. an approved lesson)."""
        kept, problems, _ = self._guarded(notes)
        if len(kept) < len(notes):
            raise NoteError(problems[-1])
        return self._index.upsert_notes([(n, self.chunker.split(n)) for n in kept])

    @staticmethod
    def _guarded(notes: list[Note]) -> tuple[list[Note], list[str], int]:
        """Neutralise text addressed to the AI; drop notes whose author field is an attack."""
        kept: list[Note] = []
        problems: list[str] = []
        neutralised = 0
        for note in notes:
            safe, findings = guard_note(note)
            neutralised += len(findings)
            for finding in findings:
                log.warning(
                    "neutralised in %s: %s (%s)", note.doc_id, finding.excerpt, finding.reason
                )
            if safe is None:
                problems.append(f"{note.doc_id}: skipped, its author field addresses the AI")
            else:
                kept.append(safe)
        return kept, problems, neutralised

    def forget(self, target: str) -> int:
        """Forget a note by id, or every note of a file by its source id; return chunks removed."""
        removed = self._index.forget([target])
        return removed or self._index.forget_source(target)


def source_id_for(file: Path, root: Path) -> str:
    """Return the id of a file: its path below the ingested folder, prefixed by that folder."""
    return f"{root.name}/{file.relative_to(root).as_posix()}"


def note_files(path: Path) -> Iterator[Path]:
    """Yield the file itself, or every supported, non-hidden file under a folder."""
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
        if file.is_file() and not hidden and file.suffix.lower() in SUPPORTED_SUFFIXES:
            yield file


def input_bytes(path: Path) -> int:
    """Return the total size of the files an ingest of `path` reads."""
    return sum(f.stat().st_size for f in note_files(path))
