"""CLI: prepare a peer session, reflect afterwards, keep a journal, share lessons."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from assistant.coaching.conversation import CoachTurn
from assistant.memory.store import NotFoundError
from peercoach.cli.choices import Framework, SharedVisibility
from peercoach.cli.common import coach_from_env, fail

User = Annotated[
    str,
    typer.Option("--user", envvar="PEERCOACH_USER", help="Who you are (default: your login name)."),
]
journal_app = typer.Typer(
    help="Your private journal: entries and commitments.", no_args_is_help=True
)
lesson_app = typer.Typer(
    help="Turn a journal entry into a lesson colleagues can find.", no_args_is_help=True
)
brief_app = typer.Typer(help="Your saved case briefs.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the coaching commands to the CLI."""
    app.command()(prepare)
    app.command()(reflect)
    app.add_typer(journal_app, name="journal")
    app.add_typer(lesson_app, name="lesson")
    app.add_typer(brief_app, name="brief")


def _user(user: str) -> str:
    return user or getpass.getuser()


def _converse(turn: CoachTurn, answer: Callable[[str, str], CoachTurn]) -> CoachTurn:
    while True:
        typer.secho(f"\nCoach: {turn.text}", fg="cyan")
        if turn.model_error:
            typer.secho(f"(model trouble: {turn.model_error})", fg="yellow", err=True)
        if turn.done:
            return turn
        message = typer.prompt("\nYou", default="", show_default=False).strip()
        if not message:
            typer.echo("Paused. Your session is saved.")
            return turn
        turn = answer(turn.session_id, message)


def prepare(
    opening: Annotated[
        str, typer.Argument(help="What is on your mind (asked for if omitted).")
    ] = "",
    user: User = "",
) -> None:
    """Prepare a peer-coaching session: a few questions, a protocol, then a saved case brief."""
    coach, who = coach_from_env(), _user(user)
    opening = opening or typer.prompt("What would you like to bring to your peers?")
    try:
        turn = coach.prepare.start(who, opening)
        turn = _converse(turn, lambda sid, msg: coach.prepare.reply(who, sid, msg))
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if turn.done:
        typer.echo(f"\nSaved as brief {turn.result.id}: `peercoach brief export {turn.result.id}`")


def reflect(
    framework: Annotated[Framework, typer.Option(help="The reflection framework.")] = Framework(
        "what-so-what-now-what"
    ),
    user: User = "",
) -> None:
    """Reflect after a session; saves a private journal entry and the commitments in it."""
    coach, who = coach_from_env(), _user(user)
    try:
        turn = coach.reflect.start(who, framework.value)
        turn = _converse(turn, lambda sid, msg: coach.reflect.reply(who, sid, msg))
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if turn.done and turn.result is not None:
        typer.echo(
            f"\nJournal entry {turn.result.id}. To share a lesson: "
            f"`peercoach lesson draft {turn.result.id} --consent`"
        )


@journal_app.command("list")
def journal_list(user: User = "") -> None:
    """List your journal entries and open commitments."""
    coach, who = coach_from_env(), _user(user)
    for entry in coach.journal.entries(who):
        first = entry.answers[0]["answer"] if entry.answers else ""
        typer.echo(f"{entry.id}  {entry.created[:10]}  {first[:70]}")
    for c in coach.journal.commitments(who, "open"):
        typer.echo(
            f"open commitment {c.id}: {c.what}" + (f" (by {c.by_when})" if c.by_when else "")
        )


@journal_app.command("show")
def journal_show(entry_id: str, user: User = "") -> None:
    """Show one of your journal entries."""
    from assistant.coaching.journal import entry_markdown

    try:
        typer.echo(entry_markdown(coach_from_env().journal.entry(_user(user), entry_id)))
    except NotFoundError as exc:
        raise fail(f"you have no journal entry {entry_id}") from exc


@journal_app.command("delete")
def journal_delete(entry_id: str, user: User = "") -> None:
    """Delete one of your journal entries with its commitments and unshared drafts."""
    try:
        coach_from_env().journal.delete(_user(user), entry_id)
    except NotFoundError as exc:
        raise fail(f"you have no journal entry {entry_id}") from exc
    typer.echo(f"deleted {entry_id}")


@journal_app.command("mark")
def journal_mark(
    commitment_id: str,
    status: Annotated[str, typer.Argument(help="done, dropped or open.")],
    user: User = "",
) -> None:
    """Mark a commitment done, dropped or open again."""
    try:
        c = coach_from_env().journal.mark(_user(user), commitment_id, status)
    except (NotFoundError, ValueError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{c.what}: {c.status}")


@lesson_app.command("draft")
def lesson_draft(
    entry_id: str,
    consent: Annotated[
        bool, typer.Option("--consent", help="You agree to draft a lesson to share.")
    ] = False,
    user: User = "",
) -> None:
    """Draft a lesson from a journal entry (names and contact details removed) for you to edit."""
    from assistant.coaching.calls import CoachModelError
    from assistant.coaching.lessons import ConsentRequiredError

    try:
        lesson = coach_from_env().lessons.draft(_user(user), entry_id, consent=consent)
    except ConsentRequiredError as exc:
        raise fail("add --consent to draft a lesson from this private entry") from exc
    except (NotFoundError, CoachModelError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Draft {lesson.id} (not shared yet):\n\n# {lesson.title}\n\n{lesson.text}")
    typer.echo(f"\ntags: {', '.join(lesson.tags)}")
    typer.echo(
        f"\nEdit it into a file and run: peercoach lesson approve {lesson.id} --text-file FILE"
    )


@lesson_app.command("approve")
def lesson_approve(
    lesson_id: str,
    title: Annotated[str, typer.Option(help="Your final title.")] = "",
    text_file: Annotated[Path | None, typer.Option(exists=True, help="Your final text.")] = None,
    visibility: Annotated[
        SharedVisibility, typer.Option(help="Who can find it.")
    ] = SharedVisibility("org"),
    group: Annotated[str, typer.Option(help="The group, for group visibility.")] = "",
    user: User = "",
) -> None:
    """Share your (edited) lesson: it becomes a note attributed to you that colleagues can find."""
    text = text_file.read_text(encoding="utf-8") if text_file else None
    try:
        lesson = coach_from_env().lessons.approve(
            _user(user),
            lesson_id,
            title=title or None,
            text=text,
            visibility=visibility.value,
            group=group,
        )
    except (NotFoundError, ValueError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Shared “{lesson.title}” as {lesson.doc_id} ({lesson.visibility}).")


@brief_app.command("list")
def brief_list(user: User = "") -> None:
    """List your case briefs."""
    for brief in coach_from_env().prepare.briefs(_user(user)):
        typer.echo(f"{brief.id}  {brief.created[:10]}  {brief.framing_question}")


@brief_app.command("delete")
def brief_delete(brief_id: str, user: User = "") -> None:
    """Delete one of your case briefs."""
    try:
        coach_from_env().journal.delete_brief(_user(user), brief_id)
    except NotFoundError as exc:
        raise fail(f"you have no case brief {brief_id}") from exc
    typer.echo(f"deleted {brief_id}")


@brief_app.command("export")
def brief_export(
    brief_id: str,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of printing.")
    ] = None,
    user: User = "",
) -> None:
    """Export a case brief as markdown."""
    from assistant.coaching.brief import brief_markdown

    try:
        brief = coach_from_env().prepare.brief(_user(user), brief_id)
    except NotFoundError as exc:
        raise fail(f"you have no case brief {brief_id}") from exc
    text = brief_markdown(brief)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text)
