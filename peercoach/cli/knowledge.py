"""CLI: ingest, forget, search and find peers in the knowledge base."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.container import PeerCoach
from assistant.domain.notes import NoteError
from assistant.ingest.notes import NoteDefaults, iso_date
from assistant.ingest.pipeline import input_bytes
from assistant.resources import demo_knowledge_dir
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.quotes import SECTION_LEADS
from peercoach.cli.choices import NoteType, Visibility
from peercoach.cli.common import coach_from_env, fail

Team = Annotated[list[str] | None, typer.Option("--team", help="Only this team (repeatable).")]
Tag = Annotated[
    list[str] | None, typer.Option("--tag", help="Only notes with this tag (repeatable).")
]
Kind = Annotated[list[NoteType] | None, typer.Option("--type", help="Only this type.")]
Since = Annotated[str, typer.Option(help="Only notes dated on or after YYYY-MM-DD.")]
Until = Annotated[str, typer.Option(help="Only notes dated on or before YYYY-MM-DD.")]
Reader = Annotated[
    str,
    typer.Option("--as", help="Read as this user: org notes plus their groups' and their own."),
]


def register(app: typer.Typer) -> None:
    """Add the knowledge commands to the CLI."""
    app.command()(ingest)
    app.command()(forget)
    app.command()(flagged)
    app.command()(search)
    app.command()(peers)


def ingest(
    path: Annotated[
        Path | None, typer.Argument(help="A file (.md .txt .jsonl .pdf .docx) or a folder.")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Ingest the bundled demo knowledge base.")
    ] = False,
    author: Annotated[str, typer.Option(help="Author for notes that do not name one.")] = "",
    team: Annotated[str, typer.Option(help="Team for notes that do not name one.")] = "",
    kind: Annotated[
        NoteType, typer.Option("--type", help="Type for notes that do not say.")
    ] = NoteType("case"),
    visibility: Annotated[
        Visibility, typer.Option(help="Visibility for notes that do not say.")
    ] = Visibility("org"),
    group: Annotated[str, typer.Option(help="Peer group, for group-visible notes.")] = "",
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Write nothing: report what an ingest would do and would flag."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file, one per line.")
    ] = False,
) -> None:
    """Index know-how; re-running changes nothing, edited files replace their old version.

    Passages that read like instructions to an AI are flagged, never deleted: strongly flagged
    ones are withheld from the coach until reviewed (`peercoach flagged`).
    """
    if (path is None) != demo:  # exactly one of them
        raise fail("give a file or folder to ingest, or --demo for the bundled demo notes")
    path = demo_knowledge_dir() if path is None else path
    if not path.exists():
        raise fail(f"no such file or folder: {path}")
    defaults = NoteDefaults(
        author=author, team=team, type=kind.value, visibility=visibility.value, group=group
    )
    coach = coach_from_env()
    if dry_run or as_json:
        report = coach.ingest.ingest_path(path, defaults=defaults, dry_run=dry_run)
        for outcome in report.files:
            if as_json:
                typer.echo(json.dumps(outcome.as_json(), ensure_ascii=False))
            else:
                typer.echo(f"{outcome.path}: would be {outcome.status} ({outcome.notes} notes)")
                for flag in outcome.flags:
                    state = "withheld" if flag.withheld else "flagged"
                    typer.echo(f"  {state}: {flag.excerpt} ({flag.reason})")
        if not as_json:
            typer.echo(report.summary())
        return
    started = time.monotonic()
    with typer.progressbar(length=input_bytes(path), label="Ingesting", file=sys.stderr) as bar:
        report = coach.ingest.ingest_path(path, defaults=defaults, on_bytes=bar.update)
    for outcome in report.files:
        if outcome.status == "skipped":
            typer.secho(f"skipped {outcome.path}: {outcome.reason}", fg="yellow", err=True)
        for problem in outcome.problems:
            typer.secho(f"skipped in {outcome.path}: {problem}", fg="yellow", err=True)
    typer.echo(
        f"{report.summary()} in {time.monotonic() - started:.1f}s; "
        f"{coach.index.count()} chunks in the index"
    )


def flagged(
    keep: Annotated[
        str, typer.Option(help="Keep this passage (NOTE_ID:PASSAGE_ID) as ordinary know-how.")
    ] = "",
    remove: Annotated[
        str, typer.Option(help="Remove this passage (NOTE_ID:PASSAGE_ID) from its note.")
    ] = "",
    owner: Annotated[
        str, typer.Option(help="Whose notes (default: those ingested from the command line).")
    ] = "",
) -> None:
    """List flagged passages (possibly meant for an AI) and keep or remove one."""
    coach = coach_from_env()
    for choice, action in ((keep, coach.library.keep), (remove, coach.library.remove)):
        if choice:
            doc_id, _, passage = choice.rpartition(":")
            try:
                action(owner, doc_id, passage)
            except (ValueError, PermissionError) as exc:
                raise fail(str(exc)) from exc
            typer.echo(f"{'kept' if action == coach.library.keep else 'removed'} {choice}")
            return
    found = coach.library.flagged(owner)
    if not found:
        typer.echo("no flagged passages")
    for item in found:
        state = "kept" if item.flag.kept else "withheld" if item.flag.withheld else "flagged"
        typer.echo(f"{item.doc_id}:{item.flag.id} [{state}] {item.flag.excerpt}")
        typer.echo(f"    {item.flag.reason}")


def forget(
    target: Annotated[
        str, typer.Argument(help="A note id, or a file's id as ingested (folder/file).")
    ],
) -> None:
    """Remove a note, or every note of a file, and all their chunks."""
    removed = coach_from_env().ingest.forget(target)
    if not removed:
        raise fail(f"nothing indexed under {target!r} (see ids with `peercoach search`)")
    typer.echo(f"forgot {target}: {removed} chunks removed")


def _filters(
    coach: PeerCoach,
    reader: str,
    team: list[str] | None,
    tag: list[str] | None,
    kind: list[NoteType] | None,
    since: str,
    until: str,
) -> SearchFilters:
    try:
        narrowing: dict[str, Any] = {
            "teams": tuple(team or ()),
            "tags": tuple(t.lower() for t in tag or ()),
            "types": tuple(k.value for k in kind or ()),
            "since": iso_date(since),
            "until": iso_date(until),
        }
    except NoteError as exc:
        raise fail(str(exc)) from exc
    if reader:  # their groups' and their own private notes too
        return coach.access.filters(reader, **narrowing)
    return SearchFilters(**narrowing)  # org-wide notes only


def search(
    query: Annotated[str, typer.Argument(help="What you are looking for.")],
    k: Annotated[int, typer.Option("-k", help="How many notes.")] = 5,
    team: Team = None,
    tag: Tag = None,
    kind: Kind = None,
    since: Since = "",
    until: Until = "",
    reader: Reader = "",
) -> None:
    """Search colleagues' know-how (hybrid keyword + meaning), with citations."""
    coach = coach_from_env()
    filters = _filters(coach, reader, team, tag, kind, since, until)
    matches = coach.search.search(query, k, filters)
    if not matches:
        typer.echo("No notes match.")
    for n, m in enumerate(matches, start=1):
        meta = m.metadata
        typer.secho(f"[{n}] {meta.get('title')}", bold=True)
        typer.echo(
            f"    {meta.get('author')} · {meta.get('team')} · {meta.get('date')} · "
            f"{meta.get('type')} · id {m.doc_id} · score {m.score:.2f}"
        )
        excerpt = " ".join(m.text.split())[:220]
        typer.echo(f"    {excerpt}…\n")


def peers(
    problem: Annotated[str, typer.Argument(help="The problem you want help with.")],
    k: Annotated[int, typer.Option("-k", help="How many colleagues.")] = 5,
    team: Team = None,
    tag: Tag = None,
    kind: Kind = None,
    since: Since = "",
    until: Until = "",
    reader: Reader = "",
) -> None:
    """Find the colleagues who have handled a problem like yours, each quoted from their notes."""
    coach = coach_from_env()
    filters = _filters(coach, reader, team, tag, kind, since, until)
    account = coach.peers_account.account(problem, filters, colleagues=k)
    if not account.colleagues:
        typer.echo("Nobody's captured know-how matches this yet.")
    for n, colleague in enumerate(account.colleagues, start=1):
        typer.secho(
            f"{n}. {colleague.name} ({colleague.team}) · match {colleague.score:.2f}", bold=True
        )
        typer.echo(f"   Why: {colleague.why}")
        for quote in colleague.quotes:
            lead = SECTION_LEADS.get(quote.section, "")
            lead = f"{lead}: " if lead else ""
            typer.echo(f"   > {lead}“{quote.text}” [{quote.note.number}]")
    if account.cited:
        typer.echo("\nSources")
    for note in account.cited:
        typer.echo(f"  [{note.number}] {note.label()} · {note.review} · id {note.doc_id}")
