"""The keyword index: BM25 (bm25s) over every chunk, rebuilt when any process changed the store."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import bm25s
import numpy as np
import Stemmer

from assistant.index.chroma_store import NoteIndex

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
log = logging.getLogger(__name__)

# Up to this many chunks a stale index is rebuilt before the search that notices (well under a
# second); above it, searches keep using the previous build while a new one is made in the
# background (seconds at 100k chunks), so a write never stalls the next reader.
SYNC_REBUILD_LIMIT = 20_000


@dataclass(frozen=True)
class Snapshot:
    """One build of the keyword index: every chunk's id, text, metadata, scope and BM25 model."""

    generation: int = -1
    chunk_ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    scopes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    scope_ids: dict[str, int] = field(default_factory=dict)
    bm25: bm25s.BM25 | None = None

    def in_scopes(self, scopes: Sequence[str]) -> np.ndarray:
        """Return a mask of the chunks whose scope is in the allow-list (vectorised)."""
        codes = [self.scope_ids[s] for s in scopes if s in self.scope_ids]
        return np.isin(self.scopes, np.asarray(codes, dtype=np.int32))


class KeywordIndex:
    """BM25 scores for every chunk, kept in step with the note index's generation."""

    def __init__(self, index: NoteIndex, *, sync_limit: int = SYNC_REBUILD_LIMIT) -> None:
        self._index = index
        self._stemmer = Stemmer.Stemmer("english")
        self._lock = threading.Lock()  # guards starting the background build
        self._rebuild_lock = threading.Lock()
        self._sync_limit = sync_limit
        self._snapshot = Snapshot()
        self._building: threading.Thread | None = None

    def current(self) -> Snapshot:
        """Return the latest build, refreshed first (a search uses one build throughout)."""
        self.refresh()
        return self._snapshot

    def refresh(self) -> None:
        """Rebuild if any process wrote to the store since the last build (or start one)."""
        generation = self._index.generation()
        if generation == self._snapshot.generation:
            return
        if self._snapshot.generation >= 0 and len(self._snapshot.chunk_ids) > self._sync_limit:
            with self._lock:
                if self._building is None or not self._building.is_alive():
                    self._building = threading.Thread(
                        target=self._rebuild, name="keyword-index", daemon=True
                    )
                    self._building.start()
            return
        self._rebuild()

    def wait(self) -> None:
        """Wait for a background rebuild to finish (tests, benchmarks)."""
        building = self._building
        if building is not None:
            building.join()

    def _rebuild(self) -> None:
        with self._rebuild_lock:  # one build at a time; a reader never waits on a background one
            generation = self._index.generation()
            if generation == self._snapshot.generation:
                return
            rows = list(self._index.chunks())
            metadatas = [meta for _, _, meta in rows]
            scope_ids: dict[str, int] = {}
            scopes = np.fromiter(
                (scope_ids.setdefault(str(m.get("scope", "")), len(scope_ids)) for m in metadatas),
                dtype=np.int32,
                count=len(metadatas),
            )
            bm25 = None
            if rows:
                corpus = [
                    f"{m.get('title', '')}\n{t}"
                    for (_, t, _), m in zip(rows, metadatas, strict=True)
                ]
                bm25 = bm25s.BM25()
                bm25.index(self._tokenize(corpus), show_progress=False)
            chunk_ids = [cid for cid, _, _ in rows]
            self._snapshot = Snapshot(  # one assignment: readers see the old build or the new
                generation,
                chunk_ids,
                [text for _, text, _ in rows],
                metadatas,
                {cid: i for i, cid in enumerate(chunk_ids)},
                scopes,
                scope_ids,
                bm25,
            )
            log.info("keyword index rebuilt: %d chunks", len(chunk_ids))

    def authors(self) -> set[str]:
        """Return everyone who wrote an indexed note (to recognise names in lesson drafts)."""
        return {str(m.get("author")) for m in self.current().metadatas if m.get("author")}

    def facets(self, allowed: Callable[[dict[str, Any]], bool]) -> tuple[list[str], list[str]]:
        """Return the teams and tags of the chunks a reader may see (for search filters)."""
        seen = [m for m in self.current().metadatas if allowed(m)]
        teams = {str(m["team"]) for m in seen if m.get("team")}
        tags = {t for m in seen for t in str(m.get("tags") or "").split(",") if t}
        return sorted(teams), sorted(tags)

    def scores(
        self,
        query: str,
        scopes: Sequence[str],
        allowed: Callable[[dict[str, Any]], bool] | None = None,
        snapshot: Snapshot | None = None,
    ) -> np.ndarray:
        """Return the BM25 score of every chunk of a build, 0 outside the reader's scopes.

        `allowed`, the full filter when it narrows further (team, tag, kind, dates), is checked
        only on the chunks that scored.
        """
        snap = snapshot or self.current()
        if snap.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        tokens = self._tokenize([query])[0]
        if not tokens:
            return np.zeros(len(snap.chunk_ids), dtype=np.float32)
        scores = np.asarray(snap.bm25.get_scores(tokens), dtype=np.float32)
        scores = np.where(snap.in_scopes(scopes), scores, 0.0).astype(np.float32)
        if allowed is not None:
            for position in np.flatnonzero(scores):
                if not allowed(snap.metadatas[position]):
                    scores[position] = 0.0
        return scores

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens = bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )
        return [list(t) for t in tokens]
