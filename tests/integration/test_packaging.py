"""`pip install .` (not editable) gives a working `peercoach`: a wheel in a fresh venv, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from importlib.metadata import version
from pathlib import Path

import pytest

from assistant.resources import demo_knowledge_dir, prompts_dir
from tests.conftest import REPO

pytestmark = pytest.mark.packaging

SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE")
PACKAGES = ("assistant", "ui", "evals", "peercoach", "prompts", "knowledge")


def test_a_checkout_finds_the_repositorys_own_folders():
    # editable install: the resource packages are the repository's top-level folders
    assert prompts_dir() == REPO / "prompts"
    assert demo_knowledge_dir() == REPO / "knowledge"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (no build/ or egg-info left in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        shutil.copy2(REPO / name, source / name)
    for name in PACKAGES:
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    no_download = ["--no-deps", "--no-index", "--no-build-isolation"]
    subprocess.run([*pip, "wheel", *no_download, "-q", "-w", out, source], check=True)
    (found,) = out.glob("peercoach-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies come from this venv, read-only."""
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies without a download: this venv's site-packages, after the new venv's own.
    # A path in a .pth file runs no other .pth, so the checkout's editable finder stays out.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    subprocess.run([*pip, "install", "-q", "--no-deps", "--no-index", wheel], check=True)
    return target


def run(venv_dir: Path, folder: Path, *args: str) -> str:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PEERCOACH_", "PYTHON", "VIRTUAL"))
    }
    env |= {
        "PEERCOACH_DATA_DIR": str(folder / "data"),
        "PEERCOACH_LLM_PROVIDER": "fake",
        "PEERCOACH_EMBEDDING_PROVIDER": "fake",  # packaging is under test, not the embedder
        "PATH": f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    done = subprocess.run(
        list(args), cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_ships_prompts_knowledge_and_eval_data(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "assistant/prompts/grounded_system.md" in names
    assert "assistant/prompts/protocols/troika-consulting.md" in names
    assert "assistant/prompts/frameworks/gibbs.md" in names
    assert "assistant/knowledge/demo-activity.json" in names
    assert "assistant/knowledge/hannah-drop-the-feedback-sandwich.md" in names
    assert "evals/data/dev-queries.jsonl" in names
    assert "peercoach/__main__.py" in names
    assert not any(name.startswith(("tests/", "prompts/", "knowledge/")) for name in names)


def test_the_installed_command_works_from_another_folder(installed, tmp_path):
    bin_dir = installed / "bin"
    assert run(installed, tmp_path, str(bin_dir / "peercoach"), "--version").strip() == (
        f"peercoach {version('peercoach')}"
    )
    where = run(
        installed,
        tmp_path,
        str(bin_dir / "python"),
        "-c",
        "import assistant, peercoach.cli; from assistant.resources import prompts_dir; "
        "print(assistant.__file__); print(prompts_dir())",
    )
    assert all(line.startswith(str(installed)) for line in where.split()), where
    ingested = run(installed, tmp_path, str(bin_dir / "peercoach"), "ingest", "--demo")
    assert "46 added" in ingested
    found = run(installed, tmp_path, "peercoach", "search", "feedback sandwich", "-k", "1")
    assert "[1] Drop the feedback sandwich" in found
    assert "id knowledge/hannah-drop-the-feedback-sandwich.md" in found
    seeded = run(
        installed, tmp_path, str(bin_dir / "python"), "-m", "peercoach", "users", "seed-demo"
    )
    assert "priya" in seeded
