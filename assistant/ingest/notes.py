"""Reading notes: raw metadata and text checked into a Note, with defaults for what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from assistant.domain.notes import NOTE_TYPES, VISIBILITIES, Note, NoteError


@dataclass(frozen=True)
class NoteDefaults:
    """Metadata applied to notes whose source does not say (e.g. `ingest --author`)."""

    author: str = ""
    team: str = ""
    type: str = "case"
    visibility: str = "org"
    group: str = ""
    tags: tuple[str, ...] = ()
    owner: str = ""  # set for a signed-in upload: owned by and attributed to that user
    date: str = ""  # YYYY-MM-DD for notes that carry no date (an upload: the day it arrived)
    member_of: tuple[str, ...] | None = None  # an uploader's groups: the only ones they may use
    team_from_file: bool = True  # False for a member's upload: the team is their profile's


def build_note(
    meta: dict[str, Any],
    text: str,
    *,
    doc_id: str,
    defaults: NoteDefaults,
    title: str = "",
    external_id: str = "",
) -> Note:
    """Return a checked note from raw metadata and text, filling gaps from `defaults`.

    The title is the metadata's, else the text's first `# heading`, else `title`, else its
    first words.
    """
    text = text.strip()
    if not text:
        raise NoteError("there is no text")
    author = _str(meta.get("author")) or defaults.author
    owner = _str(meta.get("owner"))
    if defaults.owner:  # an upload is the uploader's, whatever its front matter says
        author, owner = defaults.author or defaults.owner, defaults.owner
    if not author:
        raise NoteError("no author (add it to the front matter or pass --author)")
    note_type = _str(meta.get("type")) or defaults.type
    if note_type not in NOTE_TYPES:
        raise NoteError(f"type {note_type!r} is not one of {', '.join(NOTE_TYPES)}")
    visibility = _str(meta.get("visibility")) or defaults.visibility
    if visibility not in VISIBILITIES:
        raise NoteError(f"visibility {visibility!r} is not one of {', '.join(VISIBILITIES)}")
    group = _str(meta.get("group")) or defaults.group
    if visibility == "group" and not group:
        raise NoteError("visibility is group but no group is named")
    if defaults.member_of is not None and visibility == "group" and group not in defaults.member_of:
        raise NoteError(f"you are not a member of the group {group!r}")
    if visibility == "private" and not owner:
        raise NoteError("a private note needs an owner (front matter `owner:` or an upload)")
    tags = parse_tags(meta.get("tags")) or defaults.tags
    return Note(
        doc_id=doc_id,
        title=_str(meta.get("title")) or first_heading(text) or title or first_words(text),
        text=text,
        author=author,
        team=(_str(meta.get("team")) if defaults.team_from_file else "") or defaults.team,
        date=iso_date(meta.get("date")) or defaults.date,
        tags=tags,
        type=note_type,
        visibility=visibility,
        group=group,
        external_id=external_id,
        owner=owner,
        verified=iso_date(meta.get("verified")),
        review_by=iso_date(meta.get("review_by")),
    )


def with_source(note: Note, source: str, source_id: str) -> Note:
    """Return the note marked as coming from a file."""
    return replace(note, source=source, source_id=source_id)


def first_heading(text: str) -> str:
    """Return the first markdown `# heading` of a text, or ''."""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def first_words(text: str, limit: int = 8) -> str:
    """Return the first words of a text as a stand-in title."""
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def iso_date(value: Any) -> str:
    """Return a date as YYYY-MM-DD, or raise NoteError for something that is not a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise NoteError(f"date {text!r} is not a YYYY-MM-DD date") from None


def parse_tags(value: Any) -> tuple[str, ...]:
    """Return tags as lowercase strings from a list or a comma-separated string."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise NoteError("tags must be a list of strings")
    return tuple(dict.fromkeys(str(t).strip().lower() for t in value if str(t).strip()))


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()
