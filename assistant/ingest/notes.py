"""Notes: one piece of captured know-how with its metadata, read from markdown with front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

NOTE_TYPES = ("case", "lesson", "session-note", "journal")
VISIBILITIES = ("private", "group", "org")
MAX_FILE_BYTES = 2_000_000


class NoteError(ValueError):
    """A file could not be read as a note; the message says why."""


@dataclass(frozen=True)
class Note:
    """A document of know-how: its text and who wrote it, when, for whom."""

    doc_id: str
    title: str
    text: str
    author: str
    team: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()
    type: str = "case"
    visibility: str = "org"
    group: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def read_markdown(path: Path, doc_id: str) -> Note:
    """Return the note in a markdown file with YAML front matter, or raise NoteError."""
    raw = _read_text(path)
    try:
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        raise NoteError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    meta = dict(post.metadata)
    body = post.content.strip()
    if not body:
        raise NoteError("the note has front matter but no text")
    author = str(meta.get("author") or "").strip()
    if not author:
        raise NoteError("front matter has no author")
    title = str(meta.get("title") or _first_heading(body) or path.stem).strip()
    note_type = str(meta.get("type") or "case").strip()
    if note_type not in NOTE_TYPES:
        raise NoteError(f"type {note_type!r} is not one of {', '.join(NOTE_TYPES)}")
    visibility = str(meta.get("visibility") or "org").strip()
    if visibility not in VISIBILITIES:
        raise NoteError(f"visibility {visibility!r} is not one of {', '.join(VISIBILITIES)}")
    return Note(
        doc_id=doc_id,
        title=title,
        text=body,
        author=author,
        team=str(meta.get("team") or "").strip(),
        date=_iso_date(meta.get("date")),
        tags=_tags(meta.get("tags")),
        type=note_type,
        visibility=visibility,
        group=str(meta.get("group") or "").strip(),
        source=str(path),
    )


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise NoteError("the file is empty")
    if size > MAX_FILE_BYTES:
        raise NoteError(f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
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


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:]
    return ""


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value or "").strip()


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        raise NoteError("tags must be a list of strings")
    return tuple(str(t).strip().lower() for t in value if str(t).strip())
