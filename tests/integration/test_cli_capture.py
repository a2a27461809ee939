"""The capture commands end to end on the fake model: interview, draft, approve, search."""

import re

import pytest
from typer.testing import CliRunner

from peercoach.cli import app
from tests.integration.test_capture import ANSWERS

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def env(cli_env, monkeypatch):
    monkeypatch.setenv("PEERCOACH_USER", "kwame")
    return cli_env


def test_capture_to_an_approved_case_only_its_author_can_approve(env):
    paused = runner.invoke(app, ["capture"], input=ANSWERS[0] + "\n\n")
    assert paused.exit_code == 0, paused.output
    assert "key moments when you had to decide" in paused.output
    session = re.search(r"capture --resume (cs-\w+)", paused.output).group(1)
    rest = "\n".join(ANSWERS[1:]) + "\n"
    done = runner.invoke(app, ["capture", "--resume", session], input=rest)
    assert done.exit_code == 0, done.output
    assert "## What I learned" in done.output
    assert "tobias@example.com" not in done.output.split("# ")[-1]  # the draft, not the echo
    assert "draft" in runner.invoke(app, ["case", "list"]).output
    stranger = runner.invoke(
        app, ["case", "approve", session, "--visibility", "org", "--user", "amara"]
    )
    assert stranger.exit_code != 0
    assert f"you have no interview {session}" in stranger.output
    approved = runner.invoke(app, ["case", "approve", session, "--visibility", "org"])
    assert approved.exit_code == 0, approved.output
    assert f"cases/kwame/{session}" in approved.output
    found = runner.invoke(app, ["search", "sick parent on-call reviews came back"])
    assert f"cases/kwame/{session}" in found.output or "kwame" in found.output
    assert "approved" in runner.invoke(app, ["case", "list"]).output
