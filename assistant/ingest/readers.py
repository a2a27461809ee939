"""Readers: turn a file (markdown, text, JSONL, PDF, DOCX) into notes, or say why they cannot."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from assistant.domain.notes import Note, NoteError
from assistant.ingest.notes import NoteDefaults, build_note, with_source

MB = 1_000_000
# Size limits per kind of file: large enough for real documents, small enough to refuse accidents.
MAX_BYTES = {".md": 2 * MB, ".markdown": 2 * MB, ".txt": 2 * MB, ".jsonl": 500 * MB}
MAX_BYTES.update({".pdf": 50 * MB, ".docx": 50 * MB})
SUPPORTED_SUFFIXES = tuple(MAX_BYTES)
# Text extracted from a PDF or DOCX is capped like a markdown file's.
MAX_TEXT_CHARS = MAX_BYTES[".md"]
# A DOCX is a zip: its members are checked before anything is decompressed (zip bombs).
MAX_DOCX_UNZIPPED = 100 * MB  # all members together
MAX_DOCX_RATIO = 100  # a member may expand at most this many times (members over 1 MB)
# Its XML is parsed whole into memory: ten times the text cap is far more than any real document
# needs, and refusing more before parsing keeps a large, incompressible document cheap too.
MAX_DOCX_XML = 10 * MAX_BYTES[".md"]


@dataclass
class ReadResult:
    """The notes read from one file, and the records in it that could not be read."""

    notes: list[Note] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_file(path: Path, source_id: str, defaults: NoteDefaults) -> ReadResult:
    """Return the notes in a file; raise NoteError when the file as a whole cannot be read."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise NoteError(f"unsupported file type {suffix or '(none)'}")
    size = path.stat().st_size
    if size == 0:
        raise NoteError("the file is empty")
    if size > MAX_BYTES[suffix]:
        raise NoteError(
            f"the file is {size:,} bytes; the limit for {suffix} is {MAX_BYTES[suffix]:,}"
        )
    result = reader(path, source_id, defaults)
    result.notes = [with_source(n, str(path), source_id) for n in result.notes]
    return result


def _text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise NoteError("the file looks binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NoteError(f"the file is not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise NoteError("the file has only whitespace")
    return text


def _front_matter_file(path: Path, source_id: str, defaults: NoteDefaults) -> ReadResult:
    """Markdown or plain text, with optional YAML front matter."""
    try:
        post = frontmatter.loads(_text(path))
    except yaml.YAMLError as exc:
        raise NoteError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not post.content.strip():
        raise NoteError("the note has front matter but no text")
    note = build_note(
        dict(post.metadata), post.content, doc_id=source_id, defaults=defaults, title=path.stem
    )
    return ReadResult([note])


def _jsonl(path: Path, source_id: str, defaults: NoteDefaults) -> ReadResult:
    """One note per line: {id, text, author, title?, team?, tags?, date?, visibility?, group?}."""
    result = ReadResult()
    seen: set[str] = set()
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise NoteError("the line is not a JSON object")
            record_id = str(record.get("id") or "").strip()
            if not record_id:
                raise NoteError("the record has no id")
            if record_id in seen:
                raise NoteError(f"id {record_id!r} appears twice")
            seen.add(record_id)
            note = build_note(
                record,
                str(record.get("text") or ""),
                doc_id=f"{source_id}#{record_id}",
                defaults=defaults,
                external_id=record_id,
            )
        except (json.JSONDecodeError, NoteError) as exc:
            result.problems.append(f"line {number}: {exc}")
            continue
        result.notes.append(note)
    if not result.notes and result.problems:
        raise NoteError(f"no readable record ({result.problems[0]})")
    return result


def _pdf(path: Path, source_id: str, defaults: NoteDefaults) -> ReadResult:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise NoteError("the PDF is encrypted")
        pages: list[str] = []
        for page in reader.pages:
            pages.append((page.extract_text() or "").strip())
            _check_text_length(sum(len(p) for p in pages))
        text = "\n\n".join(pages)
        info: Any = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise NoteError(f"the PDF cannot be read ({exc.__class__.__name__}: {exc})") from exc
    if not text.strip():
        raise NoteError("the PDF has no extractable text (scanned images are not supported)")
    meta = {"title": info.get("/Title") or "", "author": info.get("/Author") or ""}
    note = build_note(meta, text, doc_id=source_id, defaults=defaults, title=path.stem)
    return ReadResult([note])


def _docx(path: Path, source_id: str, defaults: NoteDefaults) -> ReadResult:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_zip_sizes(path)
        document = docx.Document(str(path))
    except NoteError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise NoteError(f"the DOCX cannot be read ({exc.__class__.__name__})") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        _check_text_length(sum(len(line) for line in lines))
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        prefix = "# " if style == "Title" else ("## " if style.startswith("Heading") else "")
        if paragraph.text.strip():
            lines.append(prefix + paragraph.text.strip())
    props = document.core_properties
    meta = {"title": props.title or "", "author": props.author or ""}
    text = "\n\n".join(lines)
    return ReadResult(
        [build_note(meta, text, doc_id=source_id, defaults=defaults, title=path.stem)]
    )


def check_zip_sizes(path: Path) -> None:
    """Raise NoteError when a zip would expand too far (checked from its directory, unread)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNZIPPED:
        raise NoteError(
            f"the DOCX would expand to {total:,} bytes; the limit is {MAX_DOCX_UNZIPPED:,} "
            "(a zip bomb?)"
        )
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML:
        raise NoteError(
            f"the DOCX holds {xml:,} bytes of XML to parse; the limit is {MAX_DOCX_XML:,} "
            f"(its text could not stay under {MAX_TEXT_CHARS:,} characters)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > MAX_DOCX_RATIO:
            raise NoteError(
                f"the DOCX part {member.filename} expands {ratio:,.0f} times; the limit is "
                f"{MAX_DOCX_RATIO} (a zip bomb?)"
            )


def _check_text_length(chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise NoteError(f"the extracted text is over the limit of {MAX_TEXT_CHARS:,} characters")


_READERS: dict[str, Callable[[Path, str, NoteDefaults], ReadResult]] = {
    ".md": _front_matter_file,
    ".markdown": _front_matter_file,
    ".txt": _front_matter_file,
    ".jsonl": _jsonl,
    ".pdf": _pdf,
    ".docx": _docx,
}
