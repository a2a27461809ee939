"""The Chroma client: embedded files under the data dir, or a `chroma run` server over HTTP."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings


def embedded_client(path: Path) -> ClientAPI:
    """Return a persistent Chroma client storing its files in `path`."""
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )


def http_client(host: str, port: int) -> ClientAPI:
    """Return a client of a Chroma server (`chroma run --host HOST --port PORT`)."""
    return chromadb.HttpClient(
        host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False)
    )
