"""The `peercoach` command line, end to end on the fake model and real Chroma."""

import pytest
from typer.testing import CliRunner

from peercoach.cli import app
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def env(cli_env):
    return cli_env


@pytest.mark.parametrize(
    "command", [[], ["ingest"], ["ask"], ["ui"], ["info"], ["model"], ["model", "prepare"]]
)
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_ingest_then_ask_gives_a_cited_answer(env):
    result = runner.invoke(app, ["ingest", str(KNOWLEDGE)])
    assert result.exit_code == 0, result.output
    assert f"{len(list(KNOWLEDGE.glob('*.md')))} added" in result.output
    again = runner.invoke(app, ["ingest", str(KNOWLEDGE)])
    assert "0 added, 0 updated" in again.output

    result = runner.invoke(app, ["ask", "My team keeps missing deadlines. What did others try?"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.output
    assert "Sources" in result.output or "Notes consulted" in result.output
    assert "answered by fake" in result.output


def test_ingest_reports_bad_files_and_missing_paths(env):
    (env / "kb").mkdir()
    (env / "kb" / "bad.md").write_bytes(b"\x00\x00binary")
    result = runner.invoke(app, ["ingest", str(env / "kb")])
    assert result.exit_code == 0
    assert "bad.md: the file looks binary" in result.output
    missing = runner.invoke(app, ["ingest", str(env / "nowhere")])
    assert missing.exit_code == 1
    assert "no such file or folder" in missing.output


def test_empty_question_is_a_clear_error(env):
    result = runner.invoke(app, ["ask", "  "])
    assert result.exit_code == 1
    assert "the question is empty" in result.output


def test_info_hides_the_api_key(env, monkeypatch):
    monkeypatch.setenv("PEERCOACH_LLM_API_KEY", "sk-very-secret")
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0
    assert "sk-very-secret" not in result.output
    key_line = next(line for line in result.output.splitlines() if line.startswith("llm_api_key"))
    assert key_line.split() == ["llm_api_key", "set"]


def test_search_peers_and_forget(env):
    runner.invoke(app, ["ingest", str(KNOWLEDGE)])
    found = runner.invoke(app, ["search", "feedback sandwich", "-k", "2"])
    assert found.exit_code == 0, found.output
    assert "[1] Drop the feedback sandwich" in found.output
    assert "Hannah Lindqvist · Sales · 2025-08-05 · lesson · id knowledge/" in found.output
    filtered = runner.invoke(
        app, ["search", "deadlines", "--team", "Finance", "--since", "2025-06-01"]
    )
    assert "Finance" in filtered.output
    assert "Platform Engineering" not in filtered.output
    bad_date = runner.invoke(app, ["search", "x", "--since", "last week"])
    assert bad_date.exit_code == 1
    assert "not a YYYY-MM-DD date" in bad_date.output

    peers = runner.invoke(app, ["peers", "my team keeps missing delivery dates", "-k", "2"])
    assert peers.exit_code == 0
    assert peers.output.startswith("1. ")
    assert "Why: Wrote the " in peers.output
    assert "   > “" in peers.output  # each colleague quoted from their own notes
    assert "[1] " in peers.output.split("Sources")[1]

    doc_id = "knowledge/hannah-drop-the-feedback-sandwich.md"
    assert doc_id in found.output
    gone = runner.invoke(app, ["forget", doc_id])
    assert gone.exit_code == 0
    assert "chunks removed" in gone.output
    after = runner.invoke(app, ["search", "feedback sandwich", "-k", "2"])
    assert "Drop the feedback sandwich" not in after.output
    again = runner.invoke(app, ["forget", doc_id])
    assert again.exit_code == 1


def test_ingest_defaults_for_files_without_metadata(env):
    (env / "kb").mkdir()
    (env / "kb" / "retro.txt").write_text("Our retro format: start, stop, continue.")
    result = runner.invoke(
        app, ["ingest", str(env / "kb"), "--author", "Ana Silva", "--team", "Ops"]
    )
    assert "1 added" in result.output
    found = runner.invoke(app, ["search", "retro start stop continue", "-k", "1"])
    assert "Ana Silva · Ops" in found.output
