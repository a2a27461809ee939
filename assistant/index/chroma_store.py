"""The note index on Chroma: idempotent batched upserts, vector search, forget by note or file."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import EmbeddingFunction
from langchain_core.embeddings import Embeddings

from assistant.domain.chunks import Chunk
from assistant.domain.metadata import chunk_metadata
from assistant.domain.notes import Note


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


DELETE_OPERATION = 3  # chromadb's Operation.DELETE in the embeddings_queue table

# Bumped when chunk metadata gains a field, so unchanged notes get it without re-embedding.
METADATA_VERSION = 3  # 2: `scope`, the access allow-list key; 3: `flags`


def note_fingerprint(note: Note) -> str:
    """Return a hash of a note's text and metadata: equal fingerprints mean nothing changed."""
    data = json.dumps([METADATA_VERSION, asdict(note)], sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:24]


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
        files: Path | None = None,
    ) -> None:
        self._files = files  # the embedded Chroma's folder (None for a Chroma server)
        self._client = client
        self.embeddings = embeddings
        self._write_lock = threading.Lock()
        self.name = collection_name(embedding_id)
        self.collection: Collection = client.get_or_create_collection(
            self.name,
            embedding_function=embedding_function,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        """Return the number of chunks indexed."""
        return self.collection.count()

    def generation(self) -> int:
        """Return a number that changes whenever any process writes to the index."""
        metadata = self._client.get_collection(self.name).metadata or {}
        return int(metadata.get("generation", 0))

    def upsert_note(self, note: Note, chunks: Sequence[Chunk]) -> UpsertResult:
        """Make the index hold exactly these chunks for the note; embed only new text."""
        return self.upsert_notes([(note, chunks)])[0]

    def upsert_notes(self, batch: Sequence[tuple[Note, Sequence[Chunk]]]) -> list[UpsertResult]:
        """Upsert many notes with one lookup, one embedding call and one write."""
        with self._write_lock:
            doc_ids = [note.doc_id for note, _ in batch]
            existing = self._get(where={"doc_id": {"$in": doc_ids}}, include=["metadatas"])
            old: dict[str, dict[str, dict[str, Any]]] = {}
            for cid, meta in existing:
                old.setdefault(str(meta["doc_id"]), {})[cid] = meta
            fresh: list[tuple[Note, Chunk, str]] = []
            changed: list[tuple[Note, Chunk, str, dict[str, Any]]] = []
            stale: list[str] = []
            results = []
            for note, chunks in batch:
                fingerprint = note_fingerprint(note)
                before = old.get(note.doc_id, {})
                ids = {c.chunk_id for c in chunks}
                new = [(note, c, fingerprint) for c in chunks if c.chunk_id not in before]
                moved = [
                    (note, c, fingerprint, before[c.chunk_id])
                    for c in chunks
                    if c.chunk_id in before and before[c.chunk_id].get("fingerprint") != fingerprint
                ]
                gone = [cid for cid in before if cid not in ids]
                fresh += new
                changed += moved
                stale += gone
                results.append(UpsertResult(len(new), len(moved), len(gone)))
            self._write(fresh, changed, stale)
        return results

    def _write(
        self,
        fresh: list[tuple[Note, Chunk, str]],
        changed: list[tuple[Note, Chunk, str, dict[str, Any]]],
        stale: list[str],
    ) -> None:
        if not (fresh or changed or stale):
            return
        # Bumped before and after: a crash mid-write still tells readers the store changed.
        self._bump_generation()
        if fresh:
            texts = [f"{note.title}\n{chunk.text}" for note, chunk, _ in fresh]
            vectors = self.embeddings.embed_documents(texts)
            self._in_batches(
                self.collection.upsert,
                ids=[c.chunk_id for _, c, _ in fresh],
                embeddings=vectors,
                documents=[c.text for _, c, _ in fresh],
                metadatas=[chunk_metadata(n, c, f) for n, c, f in fresh],
            )
        if changed:
            self._in_batches(
                self.collection.update,
                ids=[c.chunk_id for _, c, _, _ in changed],
                metadatas=[_replacing(chunk_metadata(n, c, f), old) for n, c, f, old in changed],
            )
        if stale:
            self._in_batches(self.collection.delete, ids=stale)
        self._bump_generation()

    def upsert_vectors(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Write chunks whose vectors and metadata are already made (e.g. synthetic test data)."""
        with self._write_lock:
            self._bump_generation()
            self._in_batches(
                self.collection.upsert,
                ids=list(ids),
                embeddings=[list(v) for v in vectors],
                documents=list(texts),
                metadatas=list(metadatas),
            )
            self._bump_generation()

    def doc_ids_of_source(self, source_id: str) -> set[str]:
        """Return the ids of the notes indexed from one file."""
        rows = self._get(where={"source_id": source_id}, include=["metadatas"])
        return {str(meta["doc_id"]) for _, meta in rows}

    def fingerprints(self, source_id: str) -> dict[str, str]:
        """Return doc id → fingerprint of the notes indexed from one file."""
        rows = self._get(where={"source_id": source_id}, include=["metadatas"])
        return {str(meta["doc_id"]): str(meta.get("fingerprint", "")) for _, meta in rows}

    def notes_of_owner(self, owner: str) -> list[dict[str, Any]]:
        """Return one summary (doc id, title, type, date, source, chunks) per note an owner owns."""
        notes: dict[str, dict[str, Any]] = {}
        for _, meta in self._get(where={"owner": owner}, include=["metadatas"]):
            doc_id = str(meta["doc_id"])
            if doc_id not in notes:
                notes[doc_id] = {
                    key: meta.get(key, "")
                    for key in (
                        "doc_id",
                        "title",
                        "type",
                        "date",
                        "visibility",
                        "source_id",
                        "owner",
                        "verified",
                        "review_by",
                    )
                } | {"chunks": 0}
            notes[doc_id]["chunks"] += 1
        return sorted(notes.values(), key=lambda n: (str(n["source_id"]), str(n["doc_id"])))

    def notes(self, where: dict[str, Any]) -> list[dict[str, Any]]:
        """Return one metadata record per note whose chunks match `where`, by doc id."""
        notes: dict[str, dict[str, Any]] = {}
        for _, meta in self._get(where=where, include=["metadatas"]):
            notes.setdefault(str(meta["doc_id"]), meta)
        return [notes[d] for d in sorted(notes)]

    def update_note(self, doc_id: str, fields: dict[str, Any]) -> int:
        """Change metadata fields on every chunk of a note (not its text); return chunks changed."""
        with self._write_lock:
            rows = self._get(where={"doc_id": doc_id}, include=["metadatas"])
            if rows:
                ids = [cid for cid, _ in rows]
                self.collection.update(ids=ids, metadatas=[{**m, **fields} for _, m in rows])
                self._bump_generation()
        return len(rows)

    def forget(self, doc_ids: Sequence[str]) -> int:
        """Remove every chunk of these notes; return how many chunks were removed."""
        if not doc_ids:  # Chroma refuses an empty `$in`
            return 0
        with self._write_lock:
            ids = [cid for cid, _ in self._get(where={"doc_id": {"$in": list(doc_ids)}})]
            if ids:
                self._in_batches(self.collection.delete, ids=ids)
                self._bump_generation()
                self._scrub_log(ids)
        return len(ids)

    def forget_owner(self, owner: str) -> int:
        """Remove every note an owner owns and rewrite the files so no trace of it remains."""
        removed = self.forget(sorted({str(n["doc_id"]) for n in self.notes_of_owner(owner)}))
        self._vacuum()
        return removed

    def _scrub_log(self, chunk_ids: Sequence[str]) -> None:
        """Drop forgotten chunks' earlier writes from embedded Chroma's write-ahead log.

        Chroma keeps each write (text and metadata included) in `embeddings_queue` until its
        vector index syncs; once a chunk is deleted, its earlier writes are not needed to
        rebuild anything, so they are removed rather than left readable on disk.
        """
        if self._files is None:
            return
        with closing(sqlite3.connect(self._files / "chroma.sqlite3", timeout=30)) as conn:
            conn.execute("PRAGMA secure_delete = ON")
            with conn:
                for start in range(0, len(chunk_ids), 500):
                    batch = list(chunk_ids[start : start + 500])
                    marks = ",".join("?" for _ in batch)
                    conn.execute(
                        f"DELETE FROM embeddings_queue WHERE id IN ({marks}) AND operation != ?",
                        [*batch, DELETE_OPERATION],
                    )

    def _vacuum(self) -> None:
        """Rewrite the embedded Chroma database so freed pages keep no deleted text."""
        if self._files is None:
            return
        with closing(sqlite3.connect(self._files / "chroma.sqlite3", timeout=60)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")

    def forget_source(self, source_id: str) -> int:
        """Remove every note indexed from one file; return how many chunks were removed."""
        return self.forget(sorted(self.doc_ids_of_source(source_id)))

    def chunks(
        self, page: int = 5000, *, where: dict[str, Any] | None = None
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Yield (chunk id, text, metadata) of every chunk (matching `where`), page by page."""
        offset = 0
        while True:
            rows = self.collection.get(
                where=where, include=["documents", "metadatas"], limit=page, offset=offset
            )
            for cid, text, meta in zip(
                rows["ids"], rows["documents"] or [], rows["metadatas"] or [], strict=True
            ):
                yield cid, text or "", dict(meta or {})
            if len(rows["ids"]) < page:
                return
            offset += page

    def chunks_of_notes(self, doc_ids: Sequence[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """Return (chunk id, text, metadata) of every chunk of these notes."""
        if not doc_ids:
            return []
        where: Any = {"doc_id": {"$in": list(doc_ids)}}
        rows = self.collection.get(where=where, include=["documents", "metadatas"])
        return [
            (cid, text or "", dict(meta or {}))
            for cid, text, meta in zip(
                rows["ids"], rows["documents"] or [], rows["metadatas"] or [], strict=True
            )
        ]

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[float]]:
        """Return the stored vectors of these chunks."""
        if not chunk_ids:
            return {}
        rows = self.collection.get(ids=list(chunk_ids), include=["embeddings"])
        return dict(zip(rows["ids"], rows["embeddings"], strict=True))  # type: ignore[arg-type]

    def nearest(
        self, vector: Sequence[float], n: int, *, where: dict[str, Any] | None = None
    ) -> list[Hit]:
        """Return the n chunks nearest to a query vector, best first."""
        if n <= 0 or self.count() == 0:
            return []
        query: Any = [list(vector)]
        result = self.collection.query(
            query_embeddings=query,
            n_results=n,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(cid, str((meta or {}).get("doc_id", "")), text or "", 1.0 - dist, dict(meta or {}))
            for cid, text, meta, dist in zip(
                result["ids"][0],
                (result["documents"] or [[]])[0],
                (result["metadatas"] or [[]])[0],
                (result["distances"] or [[]])[0],
                strict=True,
            )
        ]

    def _get(
        self, *, where: dict[str, Any], include: list[Any] | None = None
    ) -> list[tuple[str, dict[str, Any]]]:
        rows = self.collection.get(where=where, include=include or [])
        metas = rows["metadatas"] or [{} for _ in rows["ids"]]
        return [(cid, dict(meta or {})) for cid, meta in zip(rows["ids"], metas, strict=True)]

    def _bump_generation(self) -> None:
        collection = self._client.get_collection(self.name)
        generation = int((collection.metadata or {}).get("generation", 0)) + 1
        collection.modify(metadata={"generation": generation})

    def _in_batches(self, call: Any, **columns: list[Any]) -> None:
        size = self._client.get_max_batch_size()
        total = len(next(iter(columns.values())))
        for start in range(0, total, size):
            call(**{name: values[start : start + size] for name, values in columns.items()})


def _replacing(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """Return `new` plus None for keys only `old` has: Chroma merges metadata, None deletes."""
    return {**{key: None for key in old if key not in new}, **new}
