"""CLI for fitting the programme: readiness, survey, design, calendars, pulse, forming test."""

from __future__ import annotations

import dataclasses
import getpass
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.people.groups import GroupError
from assistant.programme.fit_report import (
    design_markdown,
    my_pulses_markdown,
    my_survey_markdown,
    pulse_markdown,
    readiness_markdown,
    survey_summary_markdown,
)
from assistant.programme.readiness import FitError
from assistant.programme.service import NotOwnerError
from assistant.programme.survey import SurveyAnswer
from assistant.programme.synthetic import compare_forming, comparison_table
from peercoach.cli.coaching import User
from peercoach.cli.common import coach_from_env, fail
from peercoach.cli.programme import Owner, _owner, programme_app

survey_app = typer.Typer(
    help="Programme owner: open or close a needs-survey round and read its aggregates.",
    no_args_is_help=True,
)
my_survey_app = typer.Typer(
    help="Your needs survey: answer, see, change, decline or delete (private to you).",
    no_args_is_help=True,
)
Errors = (FitError, GroupError, NotOwnerError)


def register(app: typer.Typer) -> None:
    """Add the fit commands: owner ones under `programme`, a member's at the top level."""
    programme_app.add_typer(survey_app, name="survey")
    app.add_typer(my_survey_app, name="survey")
    app.command("pulse")(pulse)


@programme_app.command("readiness")
def readiness(
    sponsor: Annotated[str | None, typer.Option(help="The named senior sponsor.")] = None,
    endorsed: Annotated[
        bool | None, typer.Option(help="Has the sponsor's endorsement been communicated?")
    ] = None,
    hours: Annotated[float | None, typer.Option(help="Hours a month managers are allowed.")] = None,
    cadence: Annotated[str | None, typer.Option(help="weekly, fortnightly, monthly.")] = None,
    cycle_months: Annotated[int | None, typer.Option(help="How long a cycle runs.")] = None,
    review_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD of the review.")] = None,
    as_owner: Owner = "",
) -> None:
    """Show the readiness check, or change the parts given; say what is missing and why."""
    coach = coach_from_env()
    owner = _owner(coach, as_owner)
    try:
        current, gaps = coach.fit.readiness(owner)
        given: dict[str, Any] = {
            "sponsor": sponsor,
            "endorsed": endorsed,
            "hours_per_month": hours,
            "cadence": cadence,
            "cycle_months": cycle_months,
            "review_date": review_date,
        }
        changes = {k: v for k, v in given.items() if v is not None}
        if changes:
            current = dataclasses.replace(current, **changes).checked()
            gaps = coach.fit.save_readiness(owner, current)
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(readiness_markdown(current, gaps))


@survey_app.command("open")
def survey_open(as_owner: Owner = "") -> None:
    """Open a survey round: every member sees it until they answer or decline."""
    coach = coach_from_env()
    try:
        found = coach.fit.open_survey(_owner(coach, as_owner))
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Opened {found['id']}.")


@survey_app.command("close")
def survey_close(as_owner: Owner = "") -> None:
    """Close the open survey round."""
    coach = coach_from_env()
    try:
        found = coach.fit.close_survey(_owner(coach, as_owner))
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Closed {found['id']}.")


@survey_app.command("results")
def survey_results(as_owner: Owner = "") -> None:
    """Show the survey's aggregates (counts of at least the minimum number of people)."""
    coach = coach_from_env()
    try:
        summary = coach.fit.survey_summary(_owner(coach, as_owner))
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(survey_summary_markdown(summary))


@programme_app.command("design")
def design(
    recommend: Annotated[bool, typer.Option(help="Recommend afresh (choices kept).")] = False,
    accept: Annotated[
        list[str] | None, typer.Option(help="Accept a part as recommended (repeat).")
    ] = None,
    choose: Annotated[
        list[str] | None, typer.Option("--set", help="Change a part: PART=VALUE (repeat).")
    ] = None,
    as_owner: Owner = "",
) -> None:
    """Show the programme design with reasons; accept or change its parts."""
    coach = coach_from_env()
    owner = _owner(coach, as_owner)
    try:
        parts = coach.fit.recommend(owner) if recommend else coach.fit.design(owner)
        for part in accept or []:
            parts = coach.fit.choose(owner, part)
        for pair in choose or []:
            part, _, value = pair.partition("=")
            parts = coach.fit.choose(owner, part.strip(), value.strip())
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(design_markdown(parts))


@programme_app.command("calendar")
def calendar(
    group: Annotated[str, typer.Argument(help="Group.")],
    out: Annotated[Path, typer.Option(help="Write the .ics file here.")] = Path("sessions.ics"),
    as_owner: Owner = "",
) -> None:
    """Write a group's sessions as an .ics calendar (one event per session)."""
    coach = coach_from_env()
    try:
        text = coach.programme.calendar(_owner(coach, as_owner), group)
    except Errors as exc:
        raise fail(str(exc)) from exc
    out.write_text(text, encoding="utf-8", newline="")
    typer.echo(f"Wrote {out} ({text.count('BEGIN:VEVENT')} sessions)")


@programme_app.command("pulse")
def pulse_view(as_owner: Owner = "") -> None:
    """Show the session pulse per group and overall (only where enough people answered)."""
    coach = coach_from_env()
    try:
        lines = coach.fit.pulse(_owner(coach, as_owner))
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(pulse_markdown(lines, coach.fit.min_people))


@programme_app.command("compare-forming")
def compare(
    people: Annotated[list[int] | None, typer.Argument(help="Programme sizes.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic programme.")] = 1,
) -> None:
    """Compare today's forming with survey forming on synthetic programmes (no notes)."""
    results = []
    for n in people or [24, 36, 48, 60]:
        if not 6 <= n <= 200:
            raise fail("a synthetic programme has 6 to 200 managers")
        results += compare_forming(n, seed)
    typer.echo(comparison_table(results))


@my_survey_app.command("show")
def my_survey(user: User = "") -> None:
    """Show your own survey answer (nobody else can)."""
    coach, who = coach_from_env(), _who(user)
    typer.echo(my_survey_markdown(coach.fit.my_survey(who), coach.fit.survey_pending(who)))


@my_survey_app.command("answer")
def my_survey_answer(
    challenge: Annotated[list[str] | None, typer.Option(help="A theme you face (repeat).")] = None,
    text: Annotated[str, typer.Option(help="Your challenges in your own words.")] = "",
    strength: Annotated[list[str] | None, typer.Option(help="A theme you could help with.")] = None,
    years: Annotated[int, typer.Option(help="Years as a manager.")] = 0,
    size: Annotated[int, typer.Option(help="Preferred group size (0: no preference).")] = 0,
    format: Annotated[str, typer.Option(help="in person, online or either.")] = "either",
    kind: Annotated[str, typer.Option(help="multi-party, quick or long-running.")] = "",
    window: Annotated[
        list[str] | None, typer.Option(help="When you can meet, e.g. 'Tue morning'.")
    ] = None,
    user: User = "",
) -> None:
    """Answer (or change your answer to) the open survey round."""
    coach, who = coach_from_env(), _who(user)
    given = SurveyAnswer(
        who,
        "",
        challenges=tuple(challenge or ()),
        challenge_text=text,
        strengths=tuple(strength or ()),
        years=years,
        group_size=size,
        format=format,
        kind=kind,
        windows=tuple(window or ()),
    )
    try:
        kept = coach.fit.answer_survey(who, given)
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(my_survey_markdown(kept, False))


@my_survey_app.command("decline")
def my_survey_decline(user: User = "") -> None:
    """Decline the open survey round (you stop being asked)."""
    coach, who = coach_from_env(), _who(user)
    try:
        coach.fit.decline_survey(who)
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo("Declined.")


@my_survey_app.command("delete")
def my_survey_delete(user: User = "") -> None:
    """Delete your survey answer."""
    coach, who = coach_from_env(), _who(user)
    typer.echo("Deleted." if coach.fit.delete_survey(who) else "You had no survey answer.")


def pulse(
    group: Annotated[str | None, typer.Argument(help="Your group.")] = None,
    when: Annotated[str | None, typer.Argument(help="The held session, YYYY-MM-DD HH:MM.")] = None,
    usefulness: Annotated[int, typer.Option(help="How useful, 1-5.")] = 0,
    openness: Annotated[int, typer.Option(help="I could speak openly, 1-5.")] = 0,
    user: User = "",
) -> None:
    """Answer the pulse on a held session of your group (without arguments: list yours)."""
    coach, who = coach_from_env(), _who(user)
    if not group or not when:
        due = coach.fit.pulse_due(who)
        typer.echo("\n".join(f"{g}  {w}" for g, w in due) or "No held session to answer on.")
        typer.echo(my_pulses_markdown(coach.fit.my_pulses(who)))
        return
    try:
        coach.fit.answer_pulse(who, group, when, usefulness, openness)
    except Errors as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Thank you: {group} {when} useful {usefulness}/5, spoke openly {openness}/5.")


def _who(user: str) -> str:
    return user or getpass.getuser()
