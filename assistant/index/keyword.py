"""The keyword index: BM25 (bm25s) over every chunk, rebuilt when any process changed the store."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

import bm25s
import numpy as np
import Stemmer

from assistant.index.chroma_store import NoteIndex

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


class KeywordIndex:
    """BM25 scores for every chunk, kept in step with the note index's generation."""

    def __init__(self, index: NoteIndex) -> None:
        self._index = index
        self._stemmer = Stemmer.Stemmer("english")
        self._lock = threading.Lock()
        self._generation = -1
        self._bm25: bm25s.BM25 | None = None
        self.chunk_ids: list[str] = []
        self.texts: list[str] = []
        self.metadatas: list[dict[str, Any]] = []
        self.position: dict[str, int] = {}
        self.scopes = np.zeros(0, dtype=np.int32)  # each chunk's scope, as a code into _scope_ids
        self._scope_ids: dict[str, int] = {}

    def refresh(self) -> None:
        """Rebuild from the store if any process wrote to it since the last build."""
        generation = self._index.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            rows = list(self._index.chunks())
            self.chunk_ids = [cid for cid, _, _ in rows]
            self.texts = [text for _, text, _ in rows]
            self.metadatas = [meta for _, _, meta in rows]
            self.position = {cid: i for i, cid in enumerate(self.chunk_ids)}
            self._scope_ids = {}
            self.scopes = np.fromiter(
                (
                    self._scope_ids.setdefault(str(m.get("scope", "")), len(self._scope_ids))
                    for m in self.metadatas
                ),
                dtype=np.int32,
                count=len(self.metadatas),
            )
            self._bm25 = None
            if rows:
                corpus = [
                    f"{m.get('title', '')}\n{t}"
                    for t, m in zip(self.texts, self.metadatas, strict=True)
                ]
                bm25 = bm25s.BM25()
                bm25.index(self._tokenize(corpus), show_progress=False)
                self._bm25 = bm25
            self._generation = generation

    def authors(self) -> set[str]:
        """Return everyone who wrote an indexed note (to recognise names in lesson drafts)."""
        self.refresh()
        return {str(m.get("author")) for m in self.metadatas if m.get("author")}

    def facets(self, allowed: Callable[[dict[str, Any]], bool]) -> tuple[list[str], list[str]]:
        """Return the teams and tags of the chunks a reader may see (for search filters)."""
        self.refresh()
        seen = [m for m in self.metadatas if allowed(m)]
        teams = {str(m["team"]) for m in seen if m.get("team")}
        tags = {t for m in seen for t in str(m.get("tags") or "").split(",") if t}
        return sorted(teams), sorted(tags)

    def in_scopes(self, scopes: Sequence[str]) -> np.ndarray:
        """Return a mask of the chunks whose scope is in the allow-list (vectorised)."""
        codes = [self._scope_ids[s] for s in scopes if s in self._scope_ids]
        return np.isin(self.scopes, np.asarray(codes, dtype=np.int32))

    def scores(
        self,
        query: str,
        scopes: Sequence[str],
        allowed: Callable[[dict[str, Any]], bool] | None = None,
    ) -> np.ndarray:
        """Return the BM25 score of every chunk for the query, 0 outside the reader's scopes.

        `allowed`, the full filter when it narrows further (team, tag, kind, dates), is checked
        only on the chunks that scored.
        """
        self.refresh()
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        tokens = self._tokenize([query])[0]
        if not tokens:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        scores = np.where(self.in_scopes(scopes), scores, 0.0).astype(np.float32)
        if allowed is not None:
            for position in np.flatnonzero(scores):
                if not allowed(self.metadatas[position]):
                    scores[position] = 0.0
        return scores

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens = bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )
        return [list(t) for t in tokens]
