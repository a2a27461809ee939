"""The ingest pipeline: files → notes → chunks → index, reporting each file's outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.index.chroma_store import NoteIndex
from assistant.ingest.chunking import Chunker
from assistant.ingest.notes import NoteError, read_markdown

SUPPORTED_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: status is added, updated, unchanged or skipped."""

    path: Path
    status: str
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


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
        return f"{len(self.files)} files: " + ", ".join(parts)


class IngestService:
    """Indexes notes from files; a file that cannot be read is reported and skipped."""

    def __init__(self, index: NoteIndex, chunker: Chunker) -> None:
        self._index = index
        self._chunker = chunker

    def ingest_path(
        self, path: Path, on_file: Callable[[FileOutcome], None] | None = None
    ) -> IngestReport:
        """Ingest a file or every supported file under a folder."""
        path = path.resolve()
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        root = path if path.is_dir() else path.parent
        report = IngestReport()
        for file in note_files(path):
            outcome = self._ingest_file(file, root)
            report.files.append(outcome)
            if on_file:
                on_file(outcome)
        return report

    def forget(self, doc_id: str) -> int:
        """Remove a note and all its chunks; return the number of chunks removed."""
        return self._index.forget(doc_id)

    def _ingest_file(self, file: Path, root: Path) -> FileOutcome:
        doc_id = f"{root.name}/{file.relative_to(root).as_posix()}"
        if file.suffix.lower() not in SUPPORTED_SUFFIXES:
            return FileOutcome(file, "skipped", doc_id, reason="not a markdown (.md) file")
        try:
            note = read_markdown(file, doc_id)
        except NoteError as exc:
            return FileOutcome(file, "skipped", doc_id, reason=str(exc))
        except OSError as exc:
            return FileOutcome(file, "skipped", doc_id, reason=f"cannot read: {exc.strerror}")
        chunks = self._chunker.split(note)
        result = self._index.upsert_note(note, chunks)
        if result.unchanged:
            status = "unchanged"
        elif result.updated or result.removed:
            status = "updated"
        else:
            status = "added"
        return FileOutcome(file, status, doc_id, chunks=len(chunks))


def note_files(path: Path) -> Iterator[Path]:
    """Yield the file itself, or every supported, non-hidden file under a folder."""
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
        if file.is_file() and not hidden and file.suffix.lower() in SUPPORTED_SUFFIXES:
            yield file
