"""The ingest pipeline: files → notes → chunks → index, reporting each file's outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.flags import Flag
from assistant.domain.notes import Note, NoteError
from assistant.index.chroma_store import NoteIndex, UpsertResult, note_fingerprint
from assistant.ingest.chunking import Chunker
from assistant.ingest.notes import NoteDefaults
from assistant.ingest.readers import SUPPORTED_SUFFIXES, read_file
from assistant.safety.injection import screen_note

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
    flags: tuple[Flag, ...] = ()  # passages that may be meant for an AI, kept verbatim
    dry_run: bool = False  # nothing was written: the status says what an ingest would do

    @property
    def withheld(self) -> tuple[Flag, ...]:
        """The flagged passages kept from the coach until their owner reviews them."""
        return tuple(f for f in self.flags if f.withheld and not f.kept)

    def as_json(self) -> dict[str, object]:
        """Return the outcome as `ingest --dry-run --json` prints it."""

        def listed(flags: tuple[Flag, ...]) -> list[dict[str, str]]:
            return [{"excerpt": f.excerpt, "reason": f.reason, "field": f.field} for f in flags]

        return {
            "file": str(self.path),
            "status": self.status,
            "notes": self.notes,
            "reason": self.reason,
            "problems": list(self.problems),
            "flagged": listed(self.flags),
            "withheld": listed(self.withheld),
        }


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
        flagged = sum(len(f.flags) for f in self.files)
        withheld = sum(len(f.withheld) for f in self.files)
        if flagged:
            line += (
                f"; {flagged} passages flagged as possibly meant for an AI, kept as written "
                f"({withheld} withheld from the coach until their owner reviews them)"
            )
        return line


class IngestService:
    """Indexes notes from files; a file that cannot be read is reported and skipped."""

    def __init__(
        self,
        index: NoteIndex,
        chunker: Chunker,
        kept: Callable[[str], Collection[str]] = lambda owner: (),
    ) -> None:
        self._index = index
        self.chunker = chunker
        self._kept = kept  # owner → ids of flagged passages they chose to keep

    def ingest_path(
        self,
        path: Path,
        on_file: Callable[[FileOutcome], None] | None = None,
        defaults: NoteDefaults | None = None,
        on_bytes: Callable[[int], None] | None = None,
        dry_run: bool = False,
    ) -> IngestReport:
        """Ingest a file or every supported file under a folder.

        `on_file` hears each file's outcome; `on_bytes` hears progress in bytes of input, also
        within a large file, for a progress bar over `input_bytes(path)`. With `dry_run`
        nothing is written: each outcome says what an ingest would do and what it would flag.
        """
        path = path.resolve()
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        root = path if path.is_dir() else path.parent
        report = IngestReport()
        for file in note_files(path):
            outcome = self.ingest_file(
                file, source_id_for(file, root), defaults or NoteDefaults(), on_bytes, dry_run
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
        dry_run: bool = False,
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

        outcome = self._ingest_file(file, source_id, defaults, progress, dry_run)
        progress(1.0)
        return outcome

    def _ingest_file(
        self,
        file: Path,
        source_id: str,
        defaults: NoteDefaults,
        progress: Callable[[float], None],
        dry_run: bool = False,
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
        notes, problems, flags = self._screened(read.notes)
        problems = [*read.problems, *problems]
        if not notes and read.notes:
            return FileOutcome(file, "skipped", source_id, reason=problems[-1])
        if dry_run:
            status = self._would_be(source_id, notes)
            return FileOutcome(
                file,
                status,
                source_id,
                len(notes),
                problems=tuple(problems),
                flags=flags,
                dry_run=True,
            )
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
            flags=flags,
        )

    def _would_be(self, source_id: str, notes: list[Note]) -> str:
        """Return the status an ingest of these notes would end with (nothing is written)."""
        before = self._index.fingerprints(source_id)
        now = {n.doc_id: note_fingerprint(n) for n in notes}
        if before == now:
            return "unchanged"
        return "added" if not before else "updated"

    def ingest_notes(self, notes: list[Note]) -> list[UpsertResult]:
        """Index notes that do not come from a file (e.g. an approved lesson)."""
        kept, problems, _ = self._screened(notes)
        if len(kept) < len(notes):
            raise NoteError(problems[-1])
        return self._index.upsert_notes([(n, self.chunker.split(n)) for n in kept])

    def _screened(self, notes: list[Note]) -> tuple[list[Note], list[str], tuple[Flag, ...]]:
        """Record each note's flagged passages (words kept); refuse notes whose author is one."""
        kept: list[Note] = []
        problems: list[str] = []
        flags: list[Flag] = []
        for note in notes:
            screened, found = screen_note(note, self._kept(note.owner))
            flags += found
            for flag in found:
                log.info("flagged in %s: %s (%s)", note.doc_id, flag.excerpt, flag.reason)
            if screened is None:
                problems.append(f"{note.doc_id}: skipped, its author field addresses the AI")
            else:
                kept.append(screened)
        return kept, problems, tuple(flags)

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
