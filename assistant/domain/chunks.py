"""Chunks: the pieces of a note that are embedded and retrieved, with content-derived ids."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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


def rejoin(chunks: Sequence[str]) -> str:
    """Return a note's text from its overlapping chunks, in order (overlaps written once)."""
    text = chunks[0] if chunks else ""
    for chunk in chunks[1:]:
        overlap = _overlap(text, chunk)
        text += chunk[overlap:] if overlap else "\n\n" + chunk
    return text


def _overlap(text: str, chunk: str, probe: int = 12) -> int:
    """Return the length of the longest end of `text` that `chunk` starts with (0 if none)."""
    head = chunk[:probe]
    start = max(0, len(text) - len(chunk))
    while head and (start := text.find(head, start)) >= 0:
        if chunk.startswith(text[start:]):
            return len(text) - start
        start += 1
    return 0
