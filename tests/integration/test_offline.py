"""The whole embedded stack works with every non-loopback connection refused."""

import pytest

from assistant.container import build_app
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.integration


def test_ingest_and_ask_make_no_network_call(settings, no_network, monkeypatch, tmp_path):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken"))  # a cold tiktoken cache
    from assistant import tokens

    tokens.encoding.cache_clear()
    app = build_app(settings)
    report = app.ingest.ingest_path(KNOWLEDGE)
    assert report.count("added") == len(report.files)
    reply = app.ask.ask("How do I handle a conflict between two senior people?")
    assert reply.cited
    assert no_network == []
    tokens.encoding.cache_clear()
