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


def http_client(
    host: str,
    port: int,
    *,
    ssl: bool = False,
    ca_file: Path | None = None,
    headers: dict[str, str] | None = None,
) -> ClientAPI:
    """Return a client of a Chroma server (`chroma run`), or of a TLS proxy in front of one.

    `headers` go with every request (e.g. the proxy's Authorization); `ca_file` verifies a
    certificate from a private CA or a self-signed one.
    """
    settings = ChromaSettings(anonymized_telemetry=False)
    if ssl and ca_file is not None:
        settings = ChromaSettings(anonymized_telemetry=False, chroma_server_ssl_verify=str(ca_file))
    return chromadb.HttpClient(
        host=host, port=port, ssl=ssl, headers=dict(headers or {}), settings=settings
    )
