"""The note index on Chroma: idempotent upserts per note, search by vector, forget by note."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import EmbeddingFunction
from langchain_core.embeddings import Embeddings

from assistant.ingest.chunking import Chunk
from assistant.ingest.notes import Note


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its note's metadata and a similarity (1 = identical)."""

    chunk_id: str
    doc_id: str
    text: str
    score: float
    metadata: dict[str, Any]


@dataclass(frozen=True)
class UpsertResult:
    """What indexing one note changed."""

    added: int
    updated: int
    removed: int

    @property
    def unchanged(self) -> bool:
        """Return True when the index already held exactly this note."""
        return not (self.added or self.updated or self.removed)


def note_fingerprint(note: Note) -> str:
    """Return a hash of a note's text and metadata: equal fingerprints mean nothing changed."""
    payload = asdict(note)
    payload.pop("extra", None)
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:24]


def collection_name(embedding_id: str) -> str:
    """Return the collection for one embedding model, so vectors of two models never mix."""
    slug = re.sub(r"[^a-zA-Z0-9_-]+", "-", embedding_id).strip("-").lower()
    return f"notes-{slug}"[:60]


class NoteIndex:
    """Chunks of notes in one Chroma collection, written through one lock per process."""

    def __init__(
        self,
        client: ClientAPI,
        embeddings: Embeddings,
        *,
        embedding_id: str,
        embedding_function: EmbeddingFunction[Any] | None = None,
    ) -> None:
        self._client = client
        self._embeddings = embeddings
        self._write_lock = threading.Lock()
        self.collection: Collection = client.get_or_create_collection(
            collection_name(embedding_id),
            embedding_function=embedding_function,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        """Return the number of chunks indexed."""
        return self.collection.count()

    def upsert_note(self, note: Note, chunks: Sequence[Chunk]) -> UpsertResult:
        """Make the index hold exactly these chunks for the note; embed only new text."""
        fingerprint = note_fingerprint(note)
        with self._write_lock:
            existing = self.collection.get(where={"doc_id": note.doc_id}, include=["metadatas"])
            old_meta = dict(zip(existing["ids"], existing["metadatas"] or [], strict=False))
            new_ids = [c.chunk_id for c in chunks]
            stale = [cid for cid in old_meta if cid not in set(new_ids)]
            fresh = [c for c in chunks if c.chunk_id not in old_meta]
            changed = [
                c
                for c in chunks
                if c.chunk_id in old_meta and old_meta[c.chunk_id].get("fingerprint") != fingerprint
            ]
            if fresh:
                vectors = self._embeddings.embed_documents([_embed_text(note, c) for c in fresh])
                self._in_batches(
                    self.collection.upsert,
                    ids=[c.chunk_id for c in fresh],
                    embeddings=vectors,
                    documents=[c.text for c in fresh],
                    metadatas=[_metadata(note, c, fingerprint) for c in fresh],
                )
            if changed:
                self._in_batches(
                    self.collection.update,
                    ids=[c.chunk_id for c in changed],
                    metadatas=[_metadata(note, c, fingerprint) for c in changed],
                )
            if stale:
                self.collection.delete(ids=stale)
        return UpsertResult(added=len(fresh), updated=len(changed), removed=len(stale))

    def forget(self, doc_id: str) -> int:
        """Remove every chunk of a note; return how many were removed."""
        with self._write_lock:
            ids = self.collection.get(where={"doc_id": doc_id}, include=[])["ids"]
            if ids:
                self.collection.delete(ids=ids)
        return len(ids)

    def search(self, query: str, k: int, *, where: dict[str, Any] | None = None) -> list[Hit]:
        """Return the k chunks nearest to the query, best first."""
        if self.count() == 0:
            return []
        vector: Any = self._embeddings.embed_query(query)
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        hits = []
        for cid, text, meta, dist in zip(
            result["ids"][0],
            (result["documents"] or [[]])[0],
            (result["metadatas"] or [[]])[0],
            (result["distances"] or [[]])[0],
            strict=True,
        ):
            meta = dict(meta or {})
            hits.append(Hit(cid, str(meta.get("doc_id", "")), text or "", 1.0 - dist, meta))
        return hits

    def _in_batches(self, call: Any, **columns: list[Any]) -> None:
        size = self._client.get_max_batch_size()
        total = len(next(iter(columns.values())))
        for start in range(0, total, size):
            call(**{name: values[start : start + size] for name, values in columns.items()})


def _embed_text(note: Note, chunk: Chunk) -> str:
    return f"{note.title}\n{chunk.text}"


def _metadata(note: Note, chunk: Chunk, fingerprint: str) -> dict[str, Any]:
    return {
        "doc_id": note.doc_id,
        "position": chunk.position,
        "title": note.title,
        "author": note.author,
        "team": note.team,
        "date": note.date,
        "tags": ",".join(note.tags),
        "type": note.type,
        "visibility": note.visibility,
        "group": note.group,
        "source": note.source,
        "fingerprint": fingerprint,
    }
