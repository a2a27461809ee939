"""Closeness by meaning (sentence embeddings): repeated questions, the quotes that fit."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

Embed = Callable[[list[str]], list[list[float]]]  # texts -> one vector each


class Meaning:
    """Compares texts by the cosine of their embeddings (vectors of recent texts are cached)."""

    def __init__(self, embed: Embed, cache_size: int = 512) -> None:
        self._embed = embed
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit vectors for the texts, one row each."""
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            fresh = np.asarray(self._embed(missing), dtype=np.float32)
            fresh /= np.maximum(np.linalg.norm(fresh, axis=1, keepdims=True), 1e-9)
            known.update(zip(missing, fresh, strict=True))
            with self._lock:
                self._cache.update(zip(missing, fresh, strict=True))
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def similarity(self, text: str, others: Sequence[str]) -> float:
        """Return the highest cosine between the text and any of the others (0 when none)."""
        if not others:
            return 0.0
        rows = self.vectors([text, *others])
        return float((rows[1:] @ rows[0]).max())
