"""Helpers shared by the CLI commands."""

from __future__ import annotations

import typer

from assistant.container import PeerCoach, build_app
from assistant.settings import Settings
from assistant.storage.lock import DataDirBusyError


def coach_from_env() -> PeerCoach:
    """Return the app's services built from the environment's settings."""
    try:
        return build_app(Settings())
    except DataDirBusyError as exc:
        raise fail(str(exc)) from exc


def fail(message: str) -> typer.Exit:
    """Print an error in red and return the exit to raise."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)
