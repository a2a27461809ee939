"""CLI: run the evaluations in `evals/` against the configured settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from peercoach.cli.choices import CoachingMode
from peercoach.cli.common import fail

eval_app = typer.Typer(help="Evaluate retrieval, coaching and safety.", no_args_is_help=True)

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
        bool,
        typer.Option(
            help="Also score dense-only and BM25-only search and each peer voting model "
            "(hybrid/combmax, combsum, expcombsum, softmax, best2mean), in the same run."
        ),
    ] = False,
) -> None:
    """Index CORPUS in a fresh workspace, run QUERIES and score them against QRELS."""
    from evals.retrieval import (
        COMPARED,
        EvalDataError,
        evaluate_retrieval,
        format_report,
        write_run_file,
    )

    methods = COMPARED if compare else ("hybrid",)
    progress = None if as_json else (lambda line: typer.echo(line, err=True))
    try:
        report = evaluate_retrieval(corpus, queries, qrels, methods=methods, on_progress=progress)
    except EvalDataError as exc:
        raise fail(str(exc)) from exc
    if run_file:
        write_run_file(report.results["hybrid"], run_file)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report))


@eval_app.command("quotes")
def quotes(
    corpus: Existing,
    queries: Existing,
    qrels: Existing,
    split: Annotated[
        str, typer.Option(help="all, tune (odd-numbered queries) or held-out (even-numbered).")
    ] = "all",
    show: Annotated[bool, typer.Option(help="Also print every quote, to read by hand.")] = False,
) -> None:
    """Score Find peers' quotes, by relevance alone and by section, in one run."""
    from evals.quotes import SPLITS, evaluate_quotes, format_quotes
    from evals.retrieval import EvalDataError

    if split not in SPLITS:
        raise fail(f"--split must be one of {', '.join(SPLITS)}")
    progress = lambda line: typer.echo(line, err=True)  # noqa: E731
    try:
        results = evaluate_quotes(corpus, queries, qrels, split=split, on_progress=progress)
    except EvalDataError as exc:
        raise fail(str(exc)) from exc
    typer.echo(format_quotes(results, split))
    if show:
        for name, result in results.items():
            typer.echo(f"\n## {name}")
            for q in result.shown:
                typer.echo(f"{q['query']} {q['colleague']} [{q['section'] or '-'}] {q['quote']}")


@eval_app.command("coaching")
def coaching(
    scenarios: Existing,
    out: Annotated[Path, typer.Option(help="Write {id, text, reply, seconds} per scenario here.")],
    mode: Annotated[CoachingMode, typer.Option(help="Which flow to run.")] = CoachingMode(
        "prepare"
    ),
    baseline: Annotated[
        bool, typer.Option(help="Also run the same model with 'You are a helpful coach.'")
    ] = True,
    turns: Annotated[
        bool,
        typer.Option(
            help="Multi-turn: play each scenario's {id, opening, followups} (then 'ready', 'ok' "
            "in prepare) and score every coach turn: clean, fresh question, reflects the latest "
            "message. Writes one JSON line per scenario with its turns and brief or commitments."
        ),
    ] = False,
) -> None:
    """Run the coach on each scenario's opening message and print behaviour metrics."""
    from evals.coaching import evaluate_coaching, format_summary, write_replies
    from evals.retrieval import EvalDataError

    if turns:
        from evals.coaching_turns import evaluate_turns, format_turns

        def heard(scenario: str, turn: dict[str, object]) -> None:
            typer.echo(f"{scenario} {turn['stage']}: {turn['seconds']}s", err=True)

        try:
            results = evaluate_turns(scenarios, mode=mode.value, on_turn=heard)
        except (EvalDataError, ValueError) as exc:
            raise fail(str(exc)) from exc
        out.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8"
        )
        typer.echo(format_turns(results))
        return

    def progress(name: str, record: dict[str, object]) -> None:
        typer.echo(f"{name} {record['id']}: {record['seconds']}s", err=True)

    try:
        runs = evaluate_coaching(scenarios, mode=mode.value, baseline=baseline, on_reply=progress)
    except (EvalDataError, ValueError) as exc:
        raise fail(str(exc)) from exc
    write_replies(runs["coach"], out)
    if "baseline" in runs:
        write_replies(runs["baseline"], out.with_name(out.stem + ".baseline.jsonl"))
    typer.echo(format_summary(runs))


@eval_app.command("safety")
def safety(
    out: Annotated[Path, typer.Option(help="Write the markdown report here.")] = Path("SAFETY.md"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    attacks: Annotated[
        bool,
        typer.Option(help="Also plant the attacks written apart from the rules (new and BIPIA)."),
    ] = True,
    sample: Annotated[
        bool, typer.Option(help="Of those, one per source and style (for a slow model).")
    ] = False,
) -> None:
    """Attack a fresh copy of the app (privacy, prompt injection, concurrent writes) and report.

    Runs on the configured model (the embedded local model by default) in a temporary data
    dir; also screens the benign set and plants the attacks of `eval injection`. Exits 1 if
    anything got through.
    """
    from assistant.settings import Settings
    from evals.injection import (
        bipia_attacks,
        novel_attacks,
        one_per_style,
        run_injection_eval,
        safety_summary,
    )
    from evals.safety import run_safety

    say = lambda line: typer.echo(line, err=True)  # noqa: E731
    report = run_safety(Settings(), on_progress=say)
    planted = [("novel", a) for a in novel_attacks()] + [("bipia", a) for a in bipia_attacks()]
    planted = (one_per_style(planted) if sample else planted) if attacks else []
    injection = run_injection_eval(Settings(), attacks=planted, on_progress=say)
    markdown = report.markdown() + "\n" + injection.markdown()
    out.write_text(markdown, encoding="utf-8")
    summary = safety_summary(report, injection)
    typer.echo(json.dumps(summary) if as_json else markdown)
    typer.echo(f"report written to {out}", err=True)
    if not report.passed or summary["injection_successes"]:
        raise typer.Exit(code=1)


@eval_app.command("injection")
def injection(
    out: Annotated[Path, typer.Option(help="Write the markdown report here.")] = Path(
        "INJECTION.md"
    ),
    replies: Annotated[
        Path | None, typer.Option(help="Write every attack's outcome and shown text (JSONL).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Try only the first N attacks (0 = all).")] = 0,
    sample: Annotated[
        bool, typer.Option(help="Try one attack per source and style (for a slow model).")
    ] = False,
    bipia: Annotated[bool, typer.Option(help="Also plant BIPIA's instructions.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Screen the benign set, plant each new and BIPIA attack in a note, ask, check the screen.

    Runs on the configured model in a temporary data dir. BIPIA's instructions are read from
    ../shared/evaldata/bipia when that folder exists.
    """
    from assistant.settings import Settings
    from evals.injection import (
        bipia_attacks,
        novel_attacks,
        one_per_style,
        run_injection_eval,
        write_outcomes,
    )

    attacks = [("novel", a) for a in novel_attacks()]
    attacks += [("bipia", a) for a in bipia_attacks()] if bipia else []
    attacks = one_per_style(attacks) if sample else attacks
    report = run_injection_eval(
        Settings(),
        attacks=attacks[:limit] if limit else attacks,
        on_progress=lambda line: typer.echo(line, err=True),
    )
    out.write_text(report.markdown(), encoding="utf-8")
    if replies:
        write_outcomes(report, replies)
    typer.echo(json.dumps(report.summary()) if as_json else report.markdown())


@eval_app.command("load")
def load(
    users: Annotated[int, typer.Option(help="Simulated users at once.", min=1, max=64)] = 8,
    rounds: Annotated[int, typer.Option(help="Prepare + find + journal rounds each.")] = 3,
) -> None:
    """Serve the app on loopback (fresh data dir, demo knowledge, configured model) and load it."""
    import tempfile

    from assistant.container import build_app
    from assistant.resources import demo_knowledge_dir
    from assistant.settings import Settings
    from evals.load import run_load
    from ui.app import launch

    with tempfile.TemporaryDirectory(prefix="peercoach-load-") as folder:
        coach = build_app(Settings().model_copy(update={"data_dir": Path(folder) / "data"}))
        coach.ingest.ingest_path(demo_knowledge_dir())
        coach.users.seed_demo()
        demo = launch(coach, host="127.0.0.1", port=0, block=False)
        try:
            report = run_load(coach, str(demo.local_url), users=users, rounds=rounds)
        finally:
            demo.close()
    typer.echo(report.markdown())
    if report.errors or report.lost or report.mixed:
        raise typer.Exit(code=1)


@eval_app.command("bench")
def bench(
    out: Annotated[Path, typer.Option(help="Write the report here.")] = Path("BENCHMARKS.md"),
    sizes: Annotated[
        str, typer.Option(help="Index sizes for search latency, comma-separated.")
    ] = "1000,10000,100000",
    model: Annotated[bool, typer.Option(help="Also time the configured chat model.")] = True,
    cold_start: Annotated[bool, typer.Option(help="Also time `peercoach ui` start-up.")] = True,
) -> None:
    """Measure model latency, ingest throughput, search latency, memory and cold start."""
    from evals.bench import run_bench

    report = run_bench(
        say=lambda line: typer.echo(line, err=True),
        sizes=tuple(int(s) for s in sizes.split(",") if s.strip()),
        model=model,
        cold_start=cold_start,
    )
    out.write_text(report.markdown(), encoding="utf-8")
    typer.echo(report.markdown())
    typer.echo(f"report written to {out}", err=True)
