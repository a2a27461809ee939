"""Hybrid search: dense vectors (Chroma) and BM25 keywords, fused by score, one result per note."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from assistant.domain.chunks import rejoin
from assistant.domain.flags import withhold
from assistant.domain.metadata import NoteMetadata
from assistant.index.chroma_store import Hit, NoteIndex
from assistant.index.keyword import KeywordIndex
from assistant.retrieve.filters import SearchFilters

Method = Literal["hybrid", "dense", "bm25"]
OVERFETCH = 3  # neighbours asked for per candidate when filtering by scope after the query


@dataclass(frozen=True)
class NoteMatch:
    """A note found by a search: its best chunk, fused score and the two scores it came from."""

    doc_id: str
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    dense: float
    keyword: float

    @property
    def note(self) -> NoteMetadata:
        """Return the typed metadata of the note this match is from."""
        return NoteMetadata.from_stored(self.metadata)


class HybridSearch:
    """Ranks notes by a convex mix of cosine similarity and max-normalised BM25."""

    def __init__(
        self,
        index: NoteIndex,
        keyword: KeywordIndex,
        *,
        keyword_weight: float = 0.4,
        candidates: int = 60,
    ) -> None:
        self._index = index
        self._keyword = keyword
        self.keyword_weight = keyword_weight
        self.candidates = candidates

    def settle(self) -> None:
        """Wait until the keyword index includes every write (a background rebuild finished)."""
        self._keyword.wait()
        self._keyword.refresh()
        self._keyword.wait()

    def facets(self, filters: SearchFilters | None = None) -> tuple[list[str], list[str]]:
        """Return the teams and tags a reader can filter on (from the notes they may see)."""
        return self._keyword.facets((filters or SearchFilters()).matches)

    def search(
        self,
        query: str,
        k: int = 10,
        filters: SearchFilters | None = None,
        method: Method = "hybrid",
        vector: Sequence[float] | None = None,
    ) -> list[NoteMatch]:
        """Return the k best notes for a query, best first (`vector`: its embedding, if known)."""
        filters = filters or SearchFilters()
        if not query.strip() or k <= 0:
            return []
        if vector is None:
            vector = self._index.embeddings.embed_query(query)
        query_vector = np.asarray(vector, dtype=np.float32)
        dense: dict[str, float] = {}
        fresh: dict[str, Hit] = {}  # dense hits the keyword build has not seen yet
        if method != "bm25":
            for hit in self._nearest_allowed(query_vector, filters):
                dense[hit.chunk_id] = hit.score
                fresh[hit.chunk_id] = hit
        keyword_scores = np.zeros(0, dtype=np.float32)
        snap = self._keyword.current()  # one build of the keyword index for the whole search
        if method != "dense":
            narrowing = filters.matches if filters.narrows else None
            keyword_scores = self._keyword.scores(query, filters.scopes, narrowing, snap)
        top_keyword = _top_positions(keyword_scores, self.candidates)
        candidates = set(dense) | {snap.chunk_ids[i] for i in top_keyword}
        missing = [cid for cid in candidates if cid not in dense]
        for cid, stored in self._index.vectors(missing).items():
            dense[cid] = float(np.dot(query_vector, np.asarray(stored, dtype=np.float32)))
        best_keyword = float(keyword_scores.max()) if keyword_scores.size else 0.0
        notes: dict[str, _NoteScores] = {}
        for cid in candidates:
            position = snap.position.get(cid)
            if position is None:  # written after the keyword build: its dense hit stands alone
                hit = fresh[cid]
                chunk = (cid, hit.text, hit.metadata)
                kw = 0.0
            else:
                chunk = (cid, snap.texts[position], snap.metadatas[position])
                raw = float(keyword_scores[position]) if keyword_scores.size else 0.0
                kw = raw / best_keyword if best_keyword > 0 else 0.0
            doc_id = str(chunk[2].get("doc_id", ""))
            notes.setdefault(doc_id, _NoteScores()).add(chunk, dense.get(cid, 0.0), kw)
        dense_floor = min((n.dense for n in notes.values()), default=0.0)
        dense_top = max((n.dense for n in notes.values()), default=0.0)
        best: dict[str, NoteMatch] = {}
        for doc_id, note in notes.items():
            # Each signal counts a note's best chunk; cosine is min-max scaled over the candidates
            # so that both signals span 0..1 before they are mixed.
            spread = dense_top - dense_floor
            scaled = (note.dense - dense_floor) / spread if spread > 0 else 1.0
            score = {
                "dense": note.dense,
                "bm25": note.keyword,
            }.get(method, (1 - self.keyword_weight) * scaled + self.keyword_weight * note.keyword)
            chunk_id, text, metadata = note.best
            best[doc_id] = NoteMatch(
                doc_id,
                chunk_id,
                text,
                metadata,
                score,
                note.dense,
                note.keyword,
            )
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.doc_id))
        return ranked[:k]

    def note_texts(
        self, doc_ids: Sequence[str], filters: SearchFilters | None = None
    ) -> dict[str, str]:
        """Return each note's whole text (chunks rejoined), only for notes the reader may see."""
        filters = filters or SearchFilters()
        rows = self._index.chunks_of_notes(doc_ids)
        return _whole_notes((text, meta) for _, text, meta in rows if filters.matches(meta))

    def every_note_text(self, limit: int) -> dict[str, str]:
        """Return the whole text of up to `limit` notes, newest first (for warming caches only)."""
        snap = self._keyword.current()
        dated = {str(m.get("doc_id", "")): str(m.get("date", "")) for m in snap.metadatas}
        newest = set(sorted(dated, key=lambda d: dated[d], reverse=True)[:limit])
        rows = zip(snap.texts, snap.metadatas, strict=True)
        return _whole_notes((t, m) for t, m in rows if str(m.get("doc_id", "")) in newest)

    def _nearest_allowed(self, vector: np.ndarray, filters: SearchFilters) -> list[Hit]:
        """Return the nearest chunks the reader may see.

        A Chroma `where` costs 30-45x at 100k chunks, so a search limited only by the reader's
        scopes asks for more neighbours without one and keeps those in the allow-list; only if
        too few pass (a reader who may see little of a large index) does it ask Chroma to filter.
        """
        if filters.narrows:
            return self._index.nearest(vector.tolist(), self.candidates, where=filters.where())
        wanted = self.candidates * OVERFETCH
        hits = self._index.nearest(vector.tolist(), wanted)
        allowed = [hit for hit in hits if filters.matches(hit.metadata)]
        if len(allowed) < self.candidates and len(hits) == wanted:
            return self._index.nearest(vector.tolist(), self.candidates, where=filters.where())
        return allowed[: self.candidates]


def _whole_notes(chunks: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Return doc id -> the note's text, from (chunk text, metadata) rows in any order."""
    parts: dict[str, list[tuple[int, str]]] = {}
    withheld: dict[str, tuple[str, ...]] = {}
    for text, metadata in chunks:
        doc_id = str(metadata.get("doc_id", ""))
        parts.setdefault(doc_id, []).append((int(metadata.get("position", 0)), text))
        if doc_id not in withheld:
            withheld[doc_id] = NoteMetadata.from_stored(metadata).withheld
    return {
        doc_id: withhold(rejoin([t for _, t in sorted(p)]), withheld[doc_id])
        for doc_id, p in parts.items()
    }


def _top_positions(scores: np.ndarray, n: int) -> list[int]:
    if scores.size == 0:
        return []
    n = min(n, int((scores > 0).sum()))
    if n == 0:
        return []
    top = np.argpartition(-scores, n - 1)[:n]
    return [int(i) for i in top]


class _NoteScores:
    """The best dense and keyword scores over a note's chunks, and its most similar chunk."""

    def __init__(self) -> None:
        self.dense = -1.0
        self.keyword = 0.0
        self.best: tuple[str, str, dict[str, Any]] = ("", "", {})

    def add(self, chunk: tuple[str, str, dict[str, Any]], dense: float, keyword: float) -> None:
        if dense > self.dense:
            self.dense, self.best = dense, chunk
        self.keyword = max(self.keyword, keyword)
