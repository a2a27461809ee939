"""The programme owner's command line on the demo data: roles, forming, packs, learning, review."""

import shutil

import pytest
from typer.testing import CliRunner

from peercoach.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def env(cli_env, demo_data_template):
    shutil.copytree(demo_data_template, cli_env / "data")  # the demo knowledge, ingested once
    seeded = runner.invoke(app, ["users", "seed-demo"])
    assert "priya / priya-demo-1" in seeded.output
    assert "13 colleagues" in seeded.output
    return cli_env


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_an_owner_forms_trios_launches_them_and_reads_the_learning_view(env):
    formed = run(
        "programme", "suggest", "--confirm", "--purpose", "New managers", "--first",
        "2026-12-08 15:00", "--cadence", "monthly",
    )  # fmt: skip
    assert formed.count("#### trio-") == 5
    assert "Created trio-1, trio-2, trio-3, trio-4, trio-5." in formed
    listed = run("groups", "list")
    assert "troika-consulting · monthly" in listed
    run("programme", "mark", "trio-1", "2026-12-08 15:00", "held")
    out = env / "pack.md"
    assert "Wrote" in run("programme", "kickoff", "trio-1", "--out", str(out))
    assert out.read_text(encoding="utf-8").startswith("# Kick-off pack: trio-1")
    learning = run("programme", "learning")
    assert "| trio-1 | 3 | 1 | 5 |" in learning  # one held, five still planned
    assert "**retention**" in learning
    review = run("programme", "review")
    assert "⚠ stale" in review


def test_roles_decide_who_may_act_as_owner(env):
    refused = runner.invoke(app, ["programme", "learning", "--as", "sam"])
    assert refused.exit_code == 1
    assert "only a programme owner" in refused.output
    assert "sam is now an owner" in run("users", "role", "sam", "owner")
    assert "Themes" in run("programme", "learning", "--as", "sam")
    bad = runner.invoke(app, ["users", "role", "sam", "boss"])
    assert bad.exit_code == 1
    assert "role must be" in bad.output
    assert "yuki reports to sam" in run("users", "manager", "yuki", "sam")
    assert "reports to sam" in run("users", "list")


def test_a_stale_note_is_verified_from_the_command_line(env):
    from assistant.container import build_app
    from assistant.settings import Settings

    coach = build_app(Settings())
    due = coach.programme.due_for_review("priya")
    stale = next(d for d in due if d["status"] == "stale")
    verified = run("programme", "verify", stale["doc_id"])
    assert f"{stale['doc_id']}: verified" in verified
    assert stale["title"] not in run("programme", "review")
