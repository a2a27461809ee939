"""Shared fixtures: settings on a temporary data dir, the fake model, a network guard."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.container import PeerCoach, build_app  # noqa: E402
from assistant.models.fake import ScriptedChatModel  # noqa: E402
from assistant.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
MODELS_DIR = REPO / ".peercoach" / "models"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Return settings isolated from the developer's environment and .env file."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "models_dir": MODELS_DIR,
        "llm_provider": "fake",
        "llm_seed": 7,  # the real model's sampling repeats from run to run
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def coach(settings: Settings) -> PeerCoach:
    return build_app(settings)


@pytest.fixture
def fake_model(coach: PeerCoach) -> ScriptedChatModel:
    model = coach.chat.get()
    assert isinstance(model, ScriptedChatModel)
    return model


@pytest.fixture(scope="session")
def demo_coach(tmp_path_factory: pytest.TempPathFactory) -> PeerCoach:
    """A coach (fake model) with the demo knowledge base ingested once per test session."""
    app = build_app(make_settings(tmp_path_factory.mktemp("demo") / "data"))
    report = app.ingest.ingest_path(KNOWLEDGE)
    assert not report.skipped, report.skipped
    return app


@pytest.fixture(scope="session")
def demo_data_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the demo knowledge base ingested once (copied by `demo_app`)."""
    template = tmp_path_factory.mktemp("demo-template") / "data"
    build_app(make_settings(template)).ingest.ingest_path(KNOWLEDGE)
    return template


@pytest.fixture
def demo_app(demo_data_template: Path, tmp_path: Path) -> PeerCoach:
    """A coach (fake model) with its own copy of an ingested demo knowledge base."""
    data = tmp_path / "data"
    shutil.copytree(demo_data_template, data)
    return build_app(make_settings(data))


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean folder (no stray .env) with the CLI set to a temp data dir and the fake model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PEERCOACH_MODELS_DIR", str(MODELS_DIR))
    monkeypatch.setenv("PEERCOACH_LLM_PROVIDER", "fake")
    return tmp_path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Fail any socket connection that would leave this machine (loopback stays allowed)."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not _is_loopback(str(host)):
            attempts.append(address)
            raise OSError(f"test blocked a network call to {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
