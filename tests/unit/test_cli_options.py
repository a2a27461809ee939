"""The command line: its version, `python -m peercoach`, and options that list their choices."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from assistant.coaching.protocols import frameworks, protocols
from assistant.domain.notes import NOTE_TYPES, VISIBILITIES
from assistant.people.directory import ROLES
from peercoach.cli import app
from peercoach.cli.choices import Framework, NoteType, Protocol, Role, Visibility

runner = CliRunner()


def test_version_is_the_installed_one():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"peercoach {version('peercoach')}"


def test_python_dash_m_runs_the_same_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "peercoach", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"peercoach {version('peercoach')}"


@pytest.mark.parametrize(
    ("choices", "values"),
    [
        (NoteType, NOTE_TYPES),
        (Visibility, VISIBILITIES),
        (Role, ROLES),
        (Protocol, tuple(protocols())),
        (Framework, tuple(frameworks())),
    ],
)
def test_option_choices_are_the_cores_values(choices, values):
    assert tuple(choices) == values


@pytest.mark.parametrize(
    ("command", "listed"),
    [
        (["ingest"], "<case|lesson|session-note|journal>"),
        (["ingest"], "<private|group|org>"),
        (["search"], "<list[case|lesson|session-note|journal]>"),
        (["reflect"], "<gibbs|what-so-what-now-what>"),
        (["users", "add"], "<member|owner>"),
        (["lesson", "approve"], "<org|group>"),
        (["eval", "coaching"], "<prepare|reflect|capture>"),
        (["groups", "create"], "troika-consulting>"),
    ],
)
def test_help_lists_the_choices_of_enum_options(command, listed):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert listed in result.output


def test_a_value_outside_the_choices_is_refused_before_any_work():
    result = runner.invoke(app, ["ingest", ".", "--type", "memo"])
    assert result.exit_code == 2
    assert "memo" in result.output


@pytest.mark.parametrize("args", [["ingest"], ["ingest", ".", "--demo"]])
def test_ingest_takes_a_path_or_demo_but_not_both(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "or --demo for the bundled demo notes" in result.output
