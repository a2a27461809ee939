"""Note metadata: the typed record each stored chunk carries, and its stored (Chroma) form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.domain.chunks import Chunk
from assistant.domain.flags import Flag, flags_from_json, flags_to_json, withheld_passages
from assistant.domain.notes import Note
from assistant.domain.scopes import scope_of

TAG_PREFIX = "tag:"


def date_number(iso: str) -> int:
    """Return YYYYMMDD as an int (0 when unknown), so dates can be compared in filters."""
    return int(iso.replace("-", "")[:8]) if iso else 0


@dataclass(frozen=True)
class NoteMetadata:
    """What a stored chunk says about its note; the one place that knows the stored keys."""

    doc_id: str = ""
    title: str = ""
    author: str = ""
    team: str = ""
    date: str = ""  # YYYY-MM-DD or ''
    tags: tuple[str, ...] = ()
    type: str = ""
    visibility: str = ""
    group: str = ""
    scope: str = ""  # the access allow-list key, see assistant.domain.scopes
    source: str = ""
    source_id: str = ""
    external_id: str = ""
    owner: str = ""
    verified: str = ""
    review_by: str = ""
    position: int = 0  # the chunk's place in its note
    fingerprint: str = ""  # see assistant.index.chroma_store.note_fingerprint
    flags: tuple[Flag, ...] = ()  # flagged passages, see assistant.domain.flags

    @property
    def withheld(self) -> tuple[str, ...]:
        """Return the passages withheld from the coach until the note's owner reviews them."""
        return withheld_passages(self.flags)

    @classmethod
    def of(cls, note: Note, position: int = 0, fingerprint: str = "") -> NoteMetadata:
        """Return the metadata of one chunk of a note."""
        return cls(
            doc_id=note.doc_id,
            title=note.title,
            author=note.author,
            team=note.team,
            date=note.date,
            tags=note.tags,
            type=note.type,
            visibility=note.visibility,
            group=note.group,
            scope=scope_of(note.visibility, note.group, note.owner),
            source=note.source,
            source_id=note.source_id or note.doc_id,
            external_id=note.external_id,
            owner=note.owner,
            verified=note.verified,
            review_by=note.review_by,
            position=position,
            fingerprint=fingerprint,
            flags=note.flags,
        )

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> NoteMetadata:
        """Return the typed record of a stored metadata dict (missing keys read as empty)."""

        def text(key: str) -> str:
            return str(stored.get(key) or "")

        return cls(
            doc_id=text("doc_id"),
            title=text("title"),
            author=text("author"),
            team=text("team"),
            date=text("date"),
            tags=tuple(t for t in text("tags").split(",") if t),
            type=text("type"),
            visibility=text("visibility"),
            group=text("group"),
            scope=text("scope"),
            source=text("source"),
            source_id=text("source_id"),
            external_id=text("external_id"),
            owner=text("owner"),
            verified=text("verified"),
            review_by=text("review_by"),
            position=int(str(stored.get("position") or 0)),
            fingerprint=text("fingerprint"),
            flags=flags_from_json(text("flags")),
        )

    def note(self, text: str) -> Note:
        """Return the note this metadata describes, with its (rejoined) text."""
        return Note(
            doc_id=self.doc_id,
            title=self.title,
            text=text,
            author=self.author,
            team=self.team,
            date=self.date,
            tags=self.tags,
            type=self.type,
            visibility=self.visibility,
            group=self.group,
            source=self.source,
            source_id=self.source_id,
            external_id=self.external_id,
            owner=self.owner,
            verified=self.verified,
            review_by=self.review_by,
            flags=self.flags,
        )

    @property
    def date_num(self) -> int:
        """Return the date as YYYYMMDD (0 when undated), the form date filters compare."""
        return date_number(self.date)

    def stored(self) -> dict[str, Any]:
        """Return the metadata dict stored with the chunk (Chroma accepts only flat scalars)."""
        metadata: dict[str, Any] = {
            "doc_id": self.doc_id,
            "source_id": self.source_id,
            "external_id": self.external_id,
            "position": self.position,
            "title": self.title,
            "author": self.author,
            "team": self.team,
            "date": self.date,
            "date_num": self.date_num,
            "tags": ",".join(self.tags),
            "type": self.type,
            "visibility": self.visibility,
            "group": self.group,
            "scope": self.scope,
            "source": self.source,
            "owner": self.owner,
            "verified": self.verified,
            "review_by": self.review_by,
            "fingerprint": self.fingerprint,
            "flags": flags_to_json(self.flags),
        }
        for tag in self.tags:  # one boolean key per tag, so `where` can select by tag
            metadata[TAG_PREFIX + tag] = True
        return metadata


def chunk_metadata(note: Note, chunk: Chunk, fingerprint: str) -> dict[str, Any]:
    """Return the metadata stored with one chunk."""
    return NoteMetadata.of(note, chunk.position, fingerprint).stored()
