"""A group's kick-off pack: how its protocol runs, roles, timings, norms and first questions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.coaching.protocols import Protocol
from assistant.domain.literal import literal
from assistant.people.directory import User
from assistant.people.groups import Group
from assistant.programme.experience import Experience
from assistant.programme.readiness import Readiness

NORMS = (
    "What a colleague shares in the group stays in the group unless they say otherwise.",
    "Talk about your own challenge; describe others by their role, not their name.",
    "Journals in Peer Coach are private to their author: nobody, including the programme owner, "
    "reads them. Only a lesson you choose to share, and a case brief you choose to count, "
    "leave your journal.",
    "Group notes and lessons shared with the group are visible to its members only.",
    "The programme owner sees counts (sessions held, reflections written, open commitments), "
    "never what was said.",
    "Come prepared, start on time, and keep your phone away: the timings only work if everyone "
    "is present.",
)


def kickoff_pack(
    group: Group,
    protocol: Protocol,
    members: Sequence[User],
    experience: dict[str, Experience],
    readiness: Readiness | None = None,
) -> str:
    """Return the group's kick-off pack as markdown (names, purpose and topics as plain text)."""
    names = [literal(m.name) for m in members]
    sections = [
        f"# Kick-off pack: {literal(group.name)}",
        _backing(readiness) if readiness else "",
        _facts(group, protocol, members),
        f"## How a session runs: {protocol.title} ({protocol.minutes} min)\n\n"
        + _section(protocol.guide, None)
        + f"\n\n**Best for:** {protocol.best_for}",
        "## Roles\n\n" + _section(protocol.guide, "Roles"),
        "## Timings\n\n" + _section(protocol.guide, "Steps"),
        "## Who goes first\n\n" + _rotation(names, group),
        "## Confidentiality and norms\n\n"
        + "\n".join(
            f"- {n}" for n in (*_bullets(_section(protocol.guide, "Confidentiality")), *NORMS)
        ),
        "## Questions for the first session\n\n"
        + _first_questions(group, protocol, members, experience),
        "## Using Peer Coach around each session\n\n"
        "- **Before:** open *Prepare*, frame your challenge and bring the case brief.\n"
        "- **After:** open *Reflect* for a private journal entry and your commitments; the coach "
        "follows them up next time.\n"
        "- **Share what worked:** with your consent a reflection becomes a lesson; share it with "
        f"the group ({literal(group.name)}) or the whole organisation.",
    ]
    return "\n\n".join(s.strip() for s in sections if s.strip()) + "\n"


def _facts(group: Group, protocol: Protocol, members: Sequence[User]) -> str:
    people = "\n".join(
        f"- **{literal(m.name)}**" + (f", {literal(m.team)}" if m.team else "") for m in members
    )
    upcoming = group.planned()
    purpose = group.purpose or "peer coaching on current management challenges"
    lines = [
        f"**Purpose:** {literal(purpose)}",
        f"**Protocol:** {protocol.title} · **Cadence:** {literal(group.cadence or 'to be agreed')}",
        f"**Sessions planned:** {literal(', '.join(upcoming[:6]) or 'none yet')}",
        "**Members**\n\n" + (people or "- none yet"),
    ]
    return "\n\n".join(lines)


def _backing(readiness: Readiness) -> str:
    """Return who sponsors the programme and the time managers are allowed for it."""
    sponsor = (
        f"**Sponsor:** {literal(readiness.sponsor)}"
        + ("" if readiness.endorsed else " (endorsement not yet communicated)")
        if readiness.sponsor
        else "**Sponsor:** not named yet"
    )
    hours = (
        f"**Time allowed:** {readiness.hours_per_month:g} hours a month for peer learning"
        if readiness.hours_per_month
        else "**Time allowed:** not agreed yet"
    )
    return f"{sponsor} · {hours}"


def _section(guide: str, heading: str | None) -> str:
    """Return the text under a `## heading` of a protocol guide (None: the text before any)."""
    parts = re.split(r"^## +(.+)$", guide, flags=re.MULTILINE)
    if heading is None:
        return parts[0].strip()
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        if title.strip().lower().startswith(heading.lower()):
            return body.strip()
    return ""


def _bullets(text: str) -> list[str]:
    lines = [ln.strip().lstrip("-* ").strip() for ln in text.splitlines() if ln.strip()]
    return [ln for ln in lines if ln]


def _rotation(names: Sequence[str], group: Group) -> str:
    if not names:
        return "Agree the order at the first session."
    planned = group.planned() or ["session 1"]
    order = "\n".join(f"{i}. {name}" for i, name in enumerate(names, start=1))
    return (
        f"Each session, everyone can bring a challenge; where the protocol has one presenter, "
        f"take turns in this order (first: {names[0]}, {literal(planned[0])}):\n\n{order}\n\n"
        "Whoever presents next session keeps time this session."
    )


def _first_questions(
    group: Group, protocol: Protocol, members: Sequence[User], experience: dict[str, Experience]
) -> str:
    questions = [
        "What do you want from this group in six months' time?",
        "What challenge are you facing right now that you would bring to the group?",
        "How do we want to give each other hard feedback?",
    ]
    if group.purpose:
        questions.append(f"Where does our purpose ({literal(group.purpose)}) show up in your week?")
    for member in members:
        topics = experience[member.username].top(2) if member.username in experience else []
        if topics:
            questions.append(
                f"{literal(member.name)}, what did you learn about "
                f"{literal(' and '.join(topics))} that the "
                "group could use?"
            )
    questions.extend(_bullets(_section(protocol.guide, "Good questions")))
    return "\n".join(f"- {q}" for q in questions)
