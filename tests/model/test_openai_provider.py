"""Scale-out of the LLM: the `openai` provider pointed at a separately started llama.cpp server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from assistant.container import build_app
from tests.conftest import KNOWLEDGE, MODELS_DIR, REPO, make_settings

pytestmark = [pytest.mark.model, pytest.mark.timeout(900)]


def test_the_openai_provider_answers_through_a_llama_cpp_server_on_loopback(tmp_path):
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import time
                from pathlib import Path
                from assistant.models.local_server import LocalModelServer
                from assistant.models.weights import prepare_pinned_model
                path = prepare_pinned_model(Path({str(MODELS_DIR)!r}))
                print(LocalModelServer(path).base_url(), flush=True)
                time.sleep(900)
            """),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        coach = build_app(
            make_settings(
                tmp_path / "data", llm_provider="openai", llm_base_url=base_url, llm_model="local"
            )
        )
        assert str(coach.chat.label).startswith("remote")
        coach.ingest.ingest_path(KNOWLEDGE)
        final = list(coach.ask.stream("My team keeps missing deadlines. What did others try?"))[-1]
        assert final.model_error == ""
        assert final.cited, final.text
        turn = coach.prepare.start("ana", "Two of my leads no longer talk to each other.")
        assert turn.model_error == ""
        assert turn.text.endswith("?")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
