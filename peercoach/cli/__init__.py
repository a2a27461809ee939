"""The `peercoach` command line: knowledge, coaching, the app, the model and evaluations."""

from __future__ import annotations

import logging
import os
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from peercoach.cli import (
    capture,
    coach,
    coaching,
    data,
    evaluate,
    fit,
    groups,
    knowledge,
    programme,
    users,
)

for _var, _value in (
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("HF_HUB_OFFLINE", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
):
    os.environ.setdefault(_var, _value)

app = typer.Typer(
    help="Peer Coach: an offline-first AI peer-coaching assistant for managers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help texts are plain: "[n]" is shown, not read as markup
)
knowledge.register(app)
coach.register(app)
coaching.register(app)
capture.register(app)
data.register(app)
app.add_typer(coach.model_app, name="model")
app.add_typer(evaluate.eval_app, name="eval")
app.add_typer(users.users_app, name="users")
app.add_typer(groups.groups_app, name="groups")
app.add_typer(programme.programme_app, name="programme")
fit.register(app)


def installed_version() -> str:
    """Return the installed version of the peercoach distribution."""
    try:
        return version("peercoach")
    except PackageNotFoundError:
        return "unknown (not installed: pip install .)"


def _show_version(show: bool) -> None:
    if show:
        typer.echo(f"peercoach {installed_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the installed version and exit.",
        ),
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
