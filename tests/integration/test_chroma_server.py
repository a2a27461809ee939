"""Scale-out: the app against a real `chroma run` server on loopback, across a server restart."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.container import build_app
from tests.conftest import KNOWLEDGE, make_settings
from ui.app import free_port

pytestmark = pytest.mark.integration
CHROMA = Path(sys.executable).with_name("chroma")
QUESTION = "How do I help a team that keeps missing deadlines?"


@contextmanager
def chroma_server(path: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """Run `chroma run` on loopback until the block ends."""
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("chroma run did not start within 60 s")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_search_restart_search_on_a_chroma_server(tmp_path):
    port = free_port("127.0.0.1")
    settings = make_settings(
        tmp_path / "data", chroma_mode="http", chroma_host="127.0.0.1", chroma_port=port
    )
    with chroma_server(tmp_path / "chroma-server", port):
        coach = build_app(settings)
        report = coach.ingest.ingest_path(KNOWLEDGE)
        assert not report.skipped
        before = [m.doc_id for m in coach.search.search(QUESTION, 5)]
        assert before
        assert not (tmp_path / "data" / "chroma").exists()  # vectors live on the server
        chunks = coach.index.count()
    with chroma_server(tmp_path / "chroma-server", port):  # the same data, a new server process
        again = build_app(settings)
        assert again.index.count() == chunks
        assert [m.doc_id for m in again.search.search(QUESTION, 5)] == before
        assert again.ingest.ingest_path(KNOWLEDGE).count("unchanged") == report.count("added")
        reply = list(again.ask.stream(QUESTION))[-1]
        assert reply.sources
