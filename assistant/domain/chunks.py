"""Chunks: the pieces of a note that are embedded and retrieved, with content-derived ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """A piece of a note, the unit that is embedded and retrieved."""

    chunk_id: str
    doc_id: str
    position: int
    text: str


def chunk_id(doc_id: str, position: int, text: str) -> str:
    """Return a stable id for a chunk from its document, position and content."""
    digest = hashlib.sha256(f"{doc_id}\x00{position}\x00{text}".encode()).hexdigest()
    return f"c-{digest[:32]}"
