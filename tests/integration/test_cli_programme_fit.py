"""Fitting the programme from the command line: readiness, survey, design, calendar, pulse."""

import icalendar
import pytest
from typer.testing import CliRunner

from peercoach.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()
CANARY = "narwhal-canary-2209"


@pytest.fixture
def env(cli_env, monkeypatch):
    monkeypatch.setenv("PEERCOACH_EMBEDDING_PROVIDER", "fake")  # no notes needed: day one
    run("users", "seed-demo")
    return cli_env


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def refused(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 1, result.output
    return result.output


def test_an_owner_fits_builds_and_launches_from_the_command_line(env):
    gaps = run("programme", "readiness", "--sponsor", "Dana Whitfield", "--hours", "3")
    assert "Missing: the sponsor's endorsement" in gaps
    ready = run(
        "programme", "readiness", "--endorsed", "--cadence", "monthly", "--cycle-months", "6",
        "--review-date", "2027-06-30",
    )  # fmt: skip
    assert "Ready" in ready
    assert "only a programme owner" in refused("programme", "survey", "open", "--as", "sam")
    assert "Opened round-1" in run("programme", "survey", "open")
    for user, need, strength in (
        ("sam", "delegation", "hiring"),
        ("tomasz", "hiring", "delegation"),
        ("aisha", "delegation", "conflict"),
        ("kwame", "conflict", "delegation"),
    ):
        mine = run(
            "survey", "answer", "--user", user, "--challenge", need, "--strength", strength,
            "--kind", "quick", "--window", "Tue morning", "--text", f"{CANARY} of {user}",
        )  # fmt: skip
        assert f"{CANARY} of {user}" in mine
    assert "unknown challenge" in refused("survey", "answer", "--user", "yuki", "--challenge", "x")
    assert f"{CANARY} of sam" in run("survey", "show", "--user", "sam")
    assert "of sam" not in run("survey", "show", "--user", "tomasz")
    results = run("programme", "survey", "results")
    assert "quick, single questions I want fresh ideas on (4)" in results
    assert CANARY not in results
    assert "only a programme owner" in refused("programme", "survey", "results", "--as", "sam")
    design = run("programme", "design", "--accept", "protocol", "--set", "cadence=fortnightly")
    assert "| Protocol | troika-consulting |" in design
    assert "troika-consulting ✓" in design
    assert "| fortnightly (changed) |" in design
    assert CANARY not in design
    formed = run(
        "programme", "suggest", "sam", "tomasz", "aisha", "--confirm", "--first",
        "2026-12-08 15:00", "--cadence", "fortnightly",
    )  # fmt: skip
    assert "Needs meet strengths: delegation" in formed
    assert "Common time: Tue morning" in formed
    assert CANARY not in formed
    pack = run("programme", "kickoff", "trio-1")
    assert "**Sponsor:** Dana Whitfield · **Time allowed:** 3 hours a month" in pack
    out = env / "trio-1.ics"
    assert "(6 sessions)" in run("programme", "calendar", "trio-1", "--out", str(out))
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [e.decoded("DTSTART").strftime("%m-%d") for e in events][:2] == ["12-08", "12-22"]
    assert "only a programme owner" in refused("programme", "calendar", "trio-1", "--as", "kwame")
    run("programme", "mark", "trio-1", "2026-12-08 15:00", "held")
    assert "trio-1  2026-12-08 15:00" in run("pulse", "--user", "sam")
    for user in ("sam", "tomasz", "aisha"):
        run("pulse", "trio-1", "2026-12-08 15:00", "--usefulness", "4", "--openness", "5",
            "--user", user)  # fmt: skip
    refused("pulse", "trio-1", "2026-12-08 15:00", "--usefulness", "4", "--openness", "5",
            "--user", "kwame")  # fmt: skip
    assert "| trio-1 | 3 | 3 | 4.0 | 5.0 |" in run("programme", "pulse")
    assert "| all groups | 3 | 3 | 4.0 | 5.0 |" in run("programme", "learning")
    assert "Deleted." in run("survey", "delete", "--user", "sam")
    assert CANARY + " of sam" not in run("survey", "show", "--user", "sam")


def test_the_forming_comparison_prints_a_table():
    table = run("programme", "compare-forming", "24")
    assert "| 24 | today (notes only) | 8 |" in table
    assert "| 24 | with the survey | 8 |" in table
