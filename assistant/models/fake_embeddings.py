"""The fake embedder: deterministic hashed bag-of-words vectors, no model files (for tests)."""

from __future__ import annotations

import hashlib
import math
import re

from langchain_core.embeddings import Embeddings

FAKE_MODEL_ID = "fake-hashing-384"
_WORD = re.compile(r"\w+")


class HashingEmbeddings(Embeddings):
    """Texts sharing words get similar vectors; the same text always gets the same vector."""

    def __init__(self, dimensions: int = 384) -> None:
        self.dimensions = dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one unit vector per text."""
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        """Return the unit vector of a query (the same space as documents)."""
        return self._vector(text)

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in _WORD.findall(text.lower()):
            digest = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            vector[digest % self.dimensions] += 1.0 if digest >> 63 else -1.0
        norm = math.sqrt(sum(v * v for v in vector))
        if norm == 0:  # no words: a fixed unit vector, never a zero one (cosine needs a length)
            return [1.0] + [0.0] * (self.dimensions - 1)
        return [v / norm for v in vector]
