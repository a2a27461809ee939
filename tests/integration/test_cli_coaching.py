"""The coaching commands end to end on the fake model: prepare, reflect, journal, lesson, eval."""

import json
import re

import pytest
from typer.testing import CliRunner

from peercoach.cli import app
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def env(cli_env, monkeypatch):
    monkeypatch.setenv("PEERCOACH_USER", "Ana Silva")
    runner.invoke(app, ["ingest", str(KNOWLEDGE)])
    return cli_env


def test_prepare_to_an_exported_brief(env):
    answers = "We promise 40 points and ship 25.\nready\nok\n"
    result = runner.invoke(
        app, ["prepare", "My team keeps missing sprint deadlines."], input=answers
    )
    assert result.exit_code == 0, result.output
    assert (
        "Coach: Your team keeps missing sprint deadlines. "
        "What have you done about it so far, and how did it go?" in result.output
    )
    assert "# Case brief:" in result.output
    brief_id = re.search(r"Saved as brief (cb-\w+)", result.output).group(1)
    listed = runner.invoke(app, ["brief", "list"])
    assert brief_id in listed.output
    out = env / "brief.md"
    exported = runner.invoke(app, ["brief", "export", brief_id, "--out", str(out)])
    assert exported.exit_code == 0
    assert "## Colleagues' know-how" in out.read_text()
    other = runner.invoke(app, ["brief", "export", brief_id, "--user", "Bo"])
    assert other.exit_code == 1


def test_reflect_journal_commitments_and_a_shared_lesson(env):
    answers = "I presented my case.\nI do not trust the numbers.\nI will let the team estimate.\n"
    result = runner.invoke(app, ["reflect"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Saved to your journal. Only you can see it." in result.output
    entry_id = re.search(r"Journal entry (je-\w+)", result.output).group(1)

    listed = runner.invoke(app, ["journal", "list"])
    assert entry_id in listed.output
    commitment_id = re.search(r"open commitment (cm-\w+)", listed.output).group(1)
    shown = runner.invoke(app, ["journal", "show", entry_id])
    assert "I do not trust the numbers." in shown.output
    assert runner.invoke(app, ["journal", "show", entry_id, "--user", "Bo"]).exit_code == 1
    assert runner.invoke(app, ["journal", "list", "--user", "Bo"]).output == ""
    marked = runner.invoke(app, ["journal", "mark", commitment_id, "done"])
    assert marked.output.strip().endswith(": done")

    refused = runner.invoke(app, ["lesson", "draft", entry_id])
    assert refused.exit_code == 1
    assert "--consent" in refused.output
    draft = runner.invoke(app, ["lesson", "draft", entry_id, "--consent"])
    assert draft.exit_code == 0, draft.output
    lesson_id = re.search(r"Draft (ls-\w+)", draft.output).group(1)
    final = env / "lesson.md"
    final.write_text("Letting the team estimate made our sprint plans hold.")
    shared = runner.invoke(
        app,
        [
            "lesson",
            "approve",
            lesson_id,
            "--title",
            "Let the team estimate",
            "--text-file",
            str(final),
        ],
    )
    assert shared.exit_code == 0, shared.output
    found = runner.invoke(app, ["search", "letting the team estimate sprint plans hold", "-k", "1"])
    assert "[1] Let the team estimate" in found.output
    assert "Ana Silva" in found.output


def test_eval_coaching_writes_replies_and_compares_with_the_baseline(env):
    scenarios = env / "s.jsonl"
    rows = [
        {"id": "a", "text": "My report keeps missing deadlines."},
        {"id": "b", "text": "Two of my leads are fighting."},
    ]
    scenarios.write_text("\n".join(json.dumps(r) for r in rows))
    out = env / "replies.jsonl"
    result = runner.invoke(
        app, ["eval", "coaching", "--scenarios", str(scenarios), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "| coach | 1.00 | 1.00 | 1.00 | 1.00 | 0.00 |" in result.output  # clean first
    assert "pronoun_flip" in result.output  # the defects by class
    assert "| baseline |" in result.output
    replies = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in replies] == ["a", "b"]
    assert set(replies[0]) == {"id", "text", "reply", "seconds"}
    assert (env / "replies.baseline.jsonl").exists()
    reflect = runner.invoke(
        app,
        [
            "eval",
            "coaching",
            "--scenarios",
            str(scenarios),
            "--out",
            str(out),
            "--mode",
            "reflect",
            "--no-baseline",
        ],
    )
    assert reflect.exit_code == 0, reflect.output
    assert "So what?" in json.loads(out.read_text().splitlines()[0])["reply"]


def test_eval_coaching_turns_scores_every_turn_and_the_brief(env):
    scenarios = env / "turns.jsonl"
    row = {
        "id": "t1",
        "opening": "Two of my leads compete for one promotion and stopped sharing plans.",
        "followups": ["I tried one-to-ones but it didn't help.", "I'd like ideas from peers."],
    }
    scenarios.write_text(json.dumps(row) + "\n")
    out = env / "turns-out.jsonl"
    result = runner.invoke(
        app, ["eval", "coaching", "--turns", "--scenarios", str(scenarios), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "| turns | clean | fresh | reflects_latest |" in result.output
    [scored] = [json.loads(line) for line in out.read_text().splitlines()]
    clarify = [t for t in scored["turns"] if t["stage"] == "clarify"]
    assert len(clarify) == 3
    assert all(t["clean"] and t["fresh"] and t["reflects"] for t in clarify), clarify
    assert scored["result"]["tried"] == "I tried one-to-ones but it didn't help."
    assert not scored["result"]["third_person"]
