"""Markdown for fitting the programme: readiness, survey results, the design, the pulse."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain.literal import literal
from assistant.programme.design import Part
from assistant.programme.pulse import PulseAnswer, PulseLine
from assistant.programme.readiness import Gap, Readiness
from assistant.programme.survey import KINDS, SurveyAnswer, SurveySummary

PART_TITLES = {
    "protocol": "Protocol",
    "group_size": "Group size",
    "session_minutes": "Session length (minutes)",
    "cadence": "Cadence",
    "themes": "Themes for the first cycle",
    "gaps": "Knowledge gaps to seed",
}


def readiness_markdown(readiness: Readiness, gaps: Sequence[Gap]) -> str:
    """Return the readiness check and what is missing, each with why it matters."""
    facts = (
        f"**Sponsor:** {literal(readiness.sponsor) or '—'}"
        f" ({'endorsement communicated' if readiness.endorsed else 'endorsement not communicated'})"
        f" · **Time allowed:** {readiness.hours_per_month:g} h a month"
        f" · **Cadence:** {literal(readiness.cadence) or '—'}"
        f" · **Cycle:** {readiness.cycle_months or '—'} months"
        f" · **Review:** {literal(readiness.review_date) or '—'}"
    )
    if not gaps:
        return facts + "\n\n✅ Ready: a sponsor who has spoken, time allowed, and a system."
    missing = "\n".join(f"- **Missing: {g.what}.** {g.why}" for g in gaps)
    return f"{facts}\n\n{missing}"


def survey_summary_markdown(summary: SurveySummary) -> str:
    """Return the owner's survey results: counts of at least min_people, never free text."""
    floor = summary.min_people
    head = (
        f"**Round:** {literal(summary.round) or 'none yet'} · **Status:** {summary.status} · "
        f"**Answered:** {_n(summary.answered)} · **Declined:** {_n(summary.declined)}"
    )
    note = (
        f"*Counts only, each from at least {floor} people. Nobody's answers are shown, and "
        "what people wrote in their own words appears only as a count per theme.*"
    )
    if summary.answered is None:
        return f"{head}\n\n{note}\n\nFewer than {floor} people have answered: nothing to show yet."
    sections: list[tuple[str, Sequence[tuple[object, int]]]] = [
        ("Challenges people face now", summary.challenges),
        ("Themes in what people wrote (counts)", summary.written),
        ("What people could help others with", summary.strengths),
        ("Kind of challenge brought most", [(KINDS.get(str(k), k), n) for k, n in summary.kinds]),
        ("Years as a manager", summary.experience),
        ("Preferred group size", [(s or "no preference", n) for s, n in summary.sizes]),
        ("Preferred format", summary.formats),
        ("When people can meet", summary.windows),
    ]
    blocks = [
        f"**{title}:** "
        + (", ".join(f"{literal(str(v))} ({n})" for v, n in rows) or f"none from {floor}+ people")
        for title, rows in sections
    ]
    return "\n\n".join([head, note, *blocks])


def design_markdown(parts: Sequence[Part]) -> str:
    """Return the design as a table: recommended, why, and what the owner chose."""
    rows = [
        f"| {PART_TITLES.get(p.name, p.name)} | {_value(p.recommended)} | {literal(p.reason)} | "
        + (
            "—"
            if p.chosen is None
            else _value(p.chosen) + (" ✓" if p.chosen == p.recommended else " (changed)")
        )
        + " |"
        for p in parts
    ]
    return "| Part | Recommended | Why | Chosen |\n|---|---|---|---|\n" + "\n".join(rows)


def pulse_markdown(lines: Sequence[PulseLine], min_people: int) -> str:
    """Return the pulse averages per group and overall; hidden ones say why."""
    rows = [
        f"| {literal(ln.name)} | {_n(ln.people)} | {_n(ln.answers)} | "
        f"{_n(ln.usefulness)} | {_n(ln.openness)} |"
        for ln in lines
    ]
    return (
        "| Group | People who answered | Answers | Useful (1-5) | Could speak openly (1-5) |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows) + f"\n\n— : fewer than {min_people} people "
        "answered the pulse, so nothing is shown."
    )


def my_survey_markdown(answer: SurveyAnswer | None, pending: bool) -> str:
    """Return a member's own survey answer as they gave it (only ever shown to them)."""
    if answer is None:
        return (
            "A needs survey is open: please answer it below (a few minutes)."
            if pending
            else ("No survey to answer right now.")
        )
    if answer.declined:
        return f"You declined survey {literal(answer.round)}."
    return "\n".join(
        [
            f"**Your answer to {literal(answer.round)}** (only you can see it)",
            f"- Challenges: {literal(', '.join(answer.challenges)) or '—'}",
            f"- In your words: {literal(answer.challenge_text) or '—'}",
            f"- Could help others with: {literal(', '.join(answer.strengths)) or '—'}",
            f"- Years as a manager: {answer.years}",
            f"- Group size: {answer.group_size or 'no preference'} · Format: {answer.format}",
            f"- Kind of challenge: {KINDS.get(answer.kind, '—')}",
            f"- Can meet: {', '.join(answer.windows) or '—'}",
        ]
    )


def my_pulses_markdown(pulses: Sequence[PulseAnswer]) -> str:
    """Return a member's own pulse answers."""
    if not pulses:
        return "No pulse answered yet."
    return "\n".join(
        f"- {literal(p.group)} {p.when}: useful {p.usefulness}/5, could speak openly {p.openness}/5"
        for p in pulses
    )


def _value(value: object) -> str:
    if isinstance(value, list):
        return literal(", ".join(str(v) for v in value)) or "—"
    return literal(str(value))


def _n(value: object) -> str:
    return "—" if value is None else str(value)
