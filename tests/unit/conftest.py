"""Unit tests stay unit: the shared settings use the fake embedder (no ONNX model loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.conftest import make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data", embedding_provider="fake")
