"""CLI: capture a case in an interview, then edit, approve or delete its draft note."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.memory.store import NotFoundError
from peercoach.cli.choices import Visibility
from peercoach.cli.coaching import User, _converse, _user
from peercoach.cli.common import coach_from_env, fail

case_app = typer.Typer(
    help="Your captured cases: private drafts until you approve them.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the capture commands to the CLI."""
    app.command()(capture)
    app.add_typer(case_app, name="case")


def capture(
    resume: Annotated[str, typer.Option(help="Carry on with this unfinished interview.")] = "",
    user: User = "",
) -> None:
    """Capture a challenge you handled: the coach interviews you, then drafts a case note."""
    from assistant.coaching.case_note import note_markdown

    coach, who = coach_from_env(), _user(user)
    try:
        turn = coach.capture.resume(who, resume) if resume else coach.capture.start(who)
        turn = _converse(turn, lambda sid, msg: coach.capture.reply(who, sid, msg))
    except NotFoundError as exc:
        raise fail(f"you have no interview {resume}") from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if turn.done and turn.result is not None:
        typer.echo(f"\n{note_markdown(turn.result)}")
        typer.echo(
            f"\nEdit it into a file and run: peercoach case approve {turn.session_id} "
            "--text-file FILE --visibility private|group|org"
        )
    elif not turn.done:
        typer.echo(f"Resume with: peercoach capture --resume {turn.session_id}")


@case_app.command("list")
def case_list(user: User = "") -> None:
    """List your interviews and their drafts (only you can see them)."""
    from assistant.coaching.case_note import CaseDraft

    for session in coach_from_env().capture.interviews(_user(user)):
        draft = CaseDraft.of(session.state, session.id)
        typer.echo(f"{session.id}  {session.updated[:10]}  {draft.status:9}  {draft.title}")


@case_app.command("show")
def case_show(session_id: str, user: User = "") -> None:
    """Show the draft note of one of your interviews."""
    from assistant.coaching.case_note import note_markdown

    try:
        typer.echo(note_markdown(coach_from_env().capture.draft(_user(user), session_id)))
    except NotFoundError as exc:
        raise fail(f"you have no interview {session_id}") from exc


@case_app.command("approve")
def case_approve(
    session_id: str,
    visibility: Annotated[
        Visibility, typer.Option(help="Who can find it: private (only you), group or org.")
    ],
    title: Annotated[str, typer.Option(help="Your final title.")] = "",
    text_file: Annotated[Path | None, typer.Option(exists=True, help="Your final text.")] = None,
    tags: Annotated[str, typer.Option(help="Comma-separated tags from the vocabulary.")] = "",
    group: Annotated[str, typer.Option(help="The group, for group visibility.")] = "",
    user: User = "",
) -> None:
    """Approve your (edited) draft: it becomes a case note attributed to you."""
    coach, who = coach_from_env(), _user(user)
    try:
        if coach.capture.draft(who, session_id).status == "interview":
            coach.capture.finish(who, session_id)
        draft = coach.capture.draft(who, session_id)
        draft = coach.capture.approve(
            who,
            session_id,
            title=title or draft.title,
            text=text_file.read_text(encoding="utf-8") if text_file else draft.text,
            tags=[t.strip() for t in tags.split(",") if t.strip()] or draft.tags,
            visibility=visibility.value,
            group=group,
        )
    except NotFoundError as exc:
        raise fail(f"you have no interview {session_id}") from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Saved “{draft.title}” as {draft.doc_id} ({draft.visibility}).")


@case_app.command("delete")
def case_delete(session_id: str, user: User = "") -> None:
    """Delete an interview and its draft."""
    try:
        coach_from_env().capture.delete(_user(user), session_id)
    except NotFoundError as exc:
        raise fail(f"you have no interview {session_id}") from exc
    typer.echo(f"deleted {session_id}")
