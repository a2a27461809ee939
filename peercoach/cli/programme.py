"""CLI for the programme owner: form groups, schedule them, kick-off packs, the learning view."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.container import PeerCoach
from assistant.people.groups import GroupError
from assistant.programme.fit_report import pulse_markdown
from assistant.programme.forming import FormingError, Rules
from assistant.programme.report import learning_markdown, review_markdown, suggestions_markdown
from assistant.programme.service import NotOwnerError
from peercoach.cli.choices import Protocol
from peercoach.cli.common import coach_from_env, fail

programme_app = typer.Typer(
    help="Programme owner: form peer groups, launch them, see what the organisation learns.",
    no_args_is_help=True,
)
Owner = Annotated[str, typer.Option("--as", help="The owner acting (default: the first owner).")]


def _owner(coach: PeerCoach, who: str) -> str:
    if who:
        return who
    owners = [u.username for u in coach.users.users() if u.role == "owner"]
    if not owners:
        raise fail("no programme owner: make one with `peercoach users role NAME owner`")
    return owners[0]


@programme_app.command("suggest")
def suggest(
    pool: Annotated[
        list[str] | None, typer.Argument(help="Usernames (default: all ungrouped).")
    ] = None,
    size: Annotated[int, typer.Option(help="People per group.")] = 3,
    same_team: Annotated[bool, typer.Option(help="Allow two people of one team together.")] = False,
    with_reports: Annotated[bool, typer.Option(help="Allow a manager with their reports.")] = False,
    confirm: Annotated[bool, typer.Option(help="Create the groups as suggested.")] = False,
    purpose: Annotated[str, typer.Option(help="With --confirm: what the groups are for.")] = "",
    cadence: Annotated[
        str, typer.Option(help="With --confirm: weekly, fortnightly, monthly.")
    ] = "fortnightly",
    protocol: Annotated[Protocol, typer.Option(help="With --confirm: the protocol.")] = Protocol(
        "troika-consulting"
    ),
    first: Annotated[
        str, typer.Option(help="With --confirm: first session, YYYY-MM-DD HH:MM.")
    ] = "",
    as_owner: Owner = "",
) -> None:
    """Suggest peer groups mixing complementary experience, with the reasons for each."""
    coach = coach_from_env()
    owner = _owner(coach, as_owner)
    rules = Rules(size, apart_teams=not same_team, apart_reports=not with_reports)
    try:
        suggestions = coach.programme.suggest(owner, pool or [], rules)
        names = {u.username: u.name for u in coach.users.users()}
        typer.echo(suggestions_markdown(suggestions, names))
        if confirm:
            created, warnings = coach.programme.confirm(
                owner,
                [(s.name, s.members) for s in suggestions],
                purpose=purpose,
                cadence=cadence,
                protocol=protocol.value,
                first_session=first,
                rules=rules,
            )
            for warning in warnings:
                typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)
            typer.echo(f"\nCreated {', '.join(g.name for g in created)}.")
    except (FormingError, GroupError, NotOwnerError) as exc:
        raise fail(str(exc)) from exc


@programme_app.command("schedule")
def schedule(
    group: Annotated[str, typer.Argument(help="Group.")],
    first: Annotated[str, typer.Argument(help="First session, YYYY-MM-DD HH:MM.")],
    cadence: Annotated[
        str, typer.Option(help="weekly, fortnightly, monthly, every N weeks.")
    ] = "fortnightly",
    count: Annotated[int, typer.Option(help="How many sessions.")] = 6,
    as_owner: Owner = "",
) -> None:
    """Plan a group's sessions."""
    coach = coach_from_env()
    try:
        found = coach.programme.plan(_owner(coach, as_owner), group, first, cadence, count)
    except (GroupError, NotOwnerError) as exc:
        raise fail(str(exc)) from exc
    typer.echo("\n".join(f"{s.when}  {s.status}" for s in found.schedule))


@programme_app.command("mark")
def mark(
    group: Annotated[str, typer.Argument(help="Group.")],
    when: Annotated[str, typer.Argument(help="The session, YYYY-MM-DD HH:MM.")],
    status: Annotated[str, typer.Argument(help="held, cancelled or planned.")] = "held",
    as_owner: Owner = "",
) -> None:
    """Record that a session was held (or cancelled)."""
    coach = coach_from_env()
    try:
        coach.programme.mark(_owner(coach, as_owner), group, when, status)
    except (GroupError, NotOwnerError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{group} {when}: {status}")


@programme_app.command("kickoff")
def kickoff(
    group: Annotated[str, typer.Argument(help="Group.")],
    out: Annotated[Path | None, typer.Option(help="Write the markdown here.")] = None,
    as_owner: Owner = "",
) -> None:
    """Print (or write) a group's kick-off pack as markdown."""
    coach = coach_from_env()
    try:
        pack = coach.programme.kickoff(_owner(coach, as_owner), group)
    except (GroupError, NotOwnerError) as exc:
        raise fail(str(exc)) from exc
    if out:
        out.write_text(pack, encoding="utf-8")
        typer.echo(f"Wrote {out}")
    else:
        typer.echo(pack)


@programme_app.command("learning")
def learning(as_owner: Owner = "") -> None:
    """Show what the organisation is learning (aggregates only)."""
    coach = coach_from_env()
    try:
        owner = _owner(coach, as_owner)
        view = coach.programme.learning(owner)
        pulse = coach.fit.pulse(owner)
    except NotOwnerError as exc:
        raise fail(str(exc)) from exc
    typer.echo(learning_markdown(view))
    typer.echo("\n### Session pulse\n\n" + pulse_markdown(pulse, coach.fit.min_people))


@programme_app.command("review")
def review(as_owner: Owner = "") -> None:
    """List the notes that are stale or due for review."""
    coach = coach_from_env()
    try:
        due = coach.programme.due_for_review(_owner(coach, as_owner))
    except NotOwnerError as exc:
        raise fail(str(exc)) from exc
    typer.echo(review_markdown(due))


@programme_app.command("verify")
def verify(
    doc_id: Annotated[str, typer.Argument(help="The note's id (see `programme review`).")],
    as_owner: Owner = "",
) -> None:
    """Mark a note checked today: it shows as verified until its next review-by date."""
    coach = coach_from_env()
    try:
        dates = coach.programme.verify(_owner(coach, as_owner), doc_id)
    except (GroupError, NotOwnerError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{doc_id}: verified {dates['verified']}, review by {dates['review_by']}")
