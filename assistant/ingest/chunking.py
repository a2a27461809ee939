"""Chunking: cut a note into token-sized pieces with ids derived from their content."""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.domain.chunks import Chunk, chunk_id
from assistant.domain.notes import Note
from assistant.tokens import TokenCounter


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
