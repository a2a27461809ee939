"""Chunk metadata as stored in Chroma, including the fields that search filters on."""

from __future__ import annotations

from typing import Any

from assistant.ingest.chunking import Chunk
from assistant.ingest.notes import Note
from assistant.people.scopes import scope_of

TAG_PREFIX = "tag:"


def date_number(iso: str) -> int:
    """Return YYYYMMDD as an int (0 when unknown), so dates can be compared in filters."""
    return int(iso.replace("-", "")[:8]) if iso else 0


def chunk_metadata(note: Note, chunk: Chunk, fingerprint: str) -> dict[str, Any]:
    """Return the metadata stored with one chunk."""
    metadata: dict[str, Any] = {
        "doc_id": note.doc_id,
        "source_id": note.source_id or note.doc_id,
        "external_id": note.external_id,
        "position": chunk.position,
        "title": note.title,
        "author": note.author,
        "team": note.team,
        "date": note.date,
        "date_num": date_number(note.date),
        "tags": ",".join(note.tags),
        "type": note.type,
        "visibility": note.visibility,
        "group": note.group,
        "scope": scope_of(note.visibility, note.group, note.owner),
        "source": note.source,
        "owner": note.owner,
        "verified": note.verified,
        "review_by": note.review_by,
        "fingerprint": fingerprint,
    }
    for tag in note.tags:  # one boolean key per tag, so `where` can select by tag
        metadata[TAG_PREFIX + tag] = True
    return metadata
