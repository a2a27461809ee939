"""Chunking: cut a note into token-sized pieces with ids derived from their content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.ingest.notes import Note
from assistant.tokens import TokenCounter


@dataclass(frozen=True)
class Chunk:
    """A piece of a note, the unit that is embedded and retrieved."""

    chunk_id: str
    doc_id: str
    position: int
    text: str


class Chunker:
    """Splits notes on paragraph and sentence boundaries into chunks of a token budget."""

    def __init__(self, counter: TokenCounter, chunk_tokens: int, overlap_tokens: int) -> None:
        self._splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_tokens,
            chunk_overlap=min(overlap_tokens, chunk_tokens // 2),
            length_function=counter.count,
            separators=["\n## ", "\n\n", "\n", ". ", " ", ""],
            keep_separator="start",
        )

    def split(self, note: Note) -> list[Chunk]:
        """Return the chunks of a note; the same text always gives the same ids."""
        pieces = [p.strip() for p in self._splitter.split_text(note.text) if p.strip()]
        return [
            Chunk(
                chunk_id=chunk_id(note.doc_id, i, text), doc_id=note.doc_id, position=i, text=text
            )
            for i, text in enumerate(pieces)
        ]


def chunk_id(doc_id: str, position: int, text: str) -> str:
    """Return a stable id for a chunk from its document, position and content."""
    digest = hashlib.sha256(f"{doc_id}\x00{position}\x00{text}".encode()).hexdigest()
    return f"c-{digest[:32]}"
