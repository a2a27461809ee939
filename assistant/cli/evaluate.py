"""CLI: run the evaluations in `evals/` against the configured settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import fail

eval_app = typer.Typer(help="Evaluate retrieval (and, later, coaching).", no_args_is_help=True)

Existing = Annotated[Path, typer.Option(exists=True, dir_okay=False, readable=True)]


@eval_app.command("retrieval")
def retrieval(
    corpus: Existing,
    queries: Existing,
    qrels: Existing,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    run_file: Annotated[
        Path | None, typer.Option(help="Write {query_id, docs, experts} per query (top 20).")
    ] = None,
    compare: Annotated[
        bool, typer.Option(help="Also score dense-only and BM25-only, in the same run.")
    ] = False,
) -> None:
    """Index CORPUS in a fresh workspace, run QUERIES and score them against QRELS."""
    from evals.retrieval import (
        METHODS,
        EvalDataError,
        evaluate_retrieval,
        format_report,
        write_run_file,
    )

    methods = METHODS if compare else ("hybrid",)
    progress = None if as_json else (lambda line: typer.echo(line, err=True))
    try:
        report = evaluate_retrieval(corpus, queries, qrels, methods=methods, on_progress=progress)
    except EvalDataError as exc:
        raise fail(str(exc)) from exc
    if run_file:
        write_run_file(report.results["hybrid"], run_file)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report))
