"""Markdown for the programme owner: suggested groups, the learning view, notes due for review."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.coaching.protocols import protocols
from assistant.domain.literal import literal
from assistant.programme.forming import Suggestion
from assistant.programme.insights import LearningView
from assistant.programme.service import MyGroup


def suggestions_markdown(suggestions: Sequence[Suggestion], names: dict[str, str]) -> str:
    """Return suggested groups with the reasons for each."""
    blocks = []
    for s in suggestions:
        who = ", ".join(literal(names.get(m, m)) for m in s.members)
        why = "\n".join(f"- {literal(r)}" for r in s.reasons)
        blocks.append(f"#### {literal(s.name)}: {who}\n{why}")
    return "\n\n".join(blocks) or "No suggestion."


def learning_markdown(view: LearningView) -> str:
    """Return the learning view: themes, group activity, gaps, totals; hidden counts say why."""
    floor = f"fewer than {view.min_people} people"
    themes = [
        f"| {literal(t.name)} | {_of(t.lessons, t.lesson_authors)} | "
        f"{_of(t.briefs, t.brief_authors)} |"
        for t in view.themes
    ]
    theme_table = (
        "| Theme | Shared lessons (authors) | Shared case briefs (people) |\n|---|---|---|\n"
        + "\n".join(themes)
        if themes
        else f"No theme yet comes from at least {view.min_people} people."
    )
    theme_table += (
        f"\n\nA theme, and each of its counts, is shown only when {view.min_people} or more "
        "people stand behind it."
    )
    rows = [
        f"| {literal(g.name)} | {g.members} | "
        + " | ".join(
            _n(x) for x in (g.sessions_held, g.sessions_planned, g.reflections, g.open_commitments)
        )
        + " |"
        for g in view.groups
    ]
    group_table = (
        "| Group | Members | Sessions held | Planned | Reflections since formed | "
        "Open commitments |\n|---|---|---|---|---|---|\n" + "\n".join(rows)
        if rows
        else "No peer groups yet."
    )
    if any(None in (g.sessions_held, g.reflections, g.open_commitments) for g in view.groups):
        group_table += (
            f"\n\n— : hidden. Sessions need a group of at least {view.min_people}; reflections "
            f"and commitments need at least {view.min_people} members who wrote some."
        )
    gaps = (
        "\n".join(
            f"- **{literal(g.theme)}**: brought by {g.people} people, {g.notes} note(s) captured"
            for g in view.gaps
        )
        or "No gap: every problem brought by several people has know-how captured on it."
    )
    totals = "\n".join(f"- {k}: {_n(v)}" for k, v in view.totals.items())
    return "\n\n".join(
        [
            f"*Aggregates only: nothing is shown that comes from {floor}. No journal text is "
            "read for this view.*",
            "### Themes across shared lessons and case briefs\n\n" + theme_table,
            "### Peer groups\n\n" + group_table,
            "### Knowledge gaps: frequent problems, little captured know-how\n\n" + gaps,
            "### Totals\n\n" + totals,
        ]
    )


def review_markdown(due: Sequence[dict[str, str]]) -> str:
    """Return the notes due for review, stale ones flagged."""
    if not due:
        return "Nothing is due for review."
    lines = ["| Note | Author | Owner | Review by | Status |", "|---|---|---|---|---|"]
    for d in due:
        status = "⚠ stale" if d["status"] == "stale" else "due soon"
        lines.append(
            f"| {literal(d['title'])} | {literal(d['author'])} | {literal(d['owner'] or '—')} "
            f"| {d['review_by']} | {status} |"
        )
    return "\n".join(lines)


def my_groups_markdown(groups: Sequence[MyGroup]) -> str:
    """Return a member's groups: purpose, members, upcoming sessions and group know-how."""
    if not groups:
        return "You are not in a peer group yet. Your programme owner forms the groups."
    blocks = []
    for mine in groups:
        g = mine.group
        members = ", ".join(
            literal(u.name) + (f" ({literal(u.team)})" if u.team else "") for u in mine.members
        )
        upcoming = "\n".join(f"- {literal(s.when)}" for s in mine.upcoming[:6]) or "- none planned"
        notes = (
            "\n".join(
                f"- {literal(n.get('title', ''))} — "
                f"{literal(n.get('author', ''))} ({literal(n.get('date', ''))}) · {n.get('review')}"
                for n in mine.notes
            )
            or "- nothing shared with the group yet"
        )
        blocks.append(
            f"### {literal(g.name)}\n\n**Purpose:** {literal(g.purpose) or '—'} · "
            f"**Protocol:** {_protocol_title(g.protocol)} · "
            f"**Cadence:** {literal(g.cadence) or '—'}\n\n"
            f"**Members:** {members}\n\n**Upcoming sessions**\n\n{upcoming}\n\n"
            f"**Shared with this group**\n\n{notes}"
        )
    return "\n\n".join(blocks)


def _protocol_title(name: str) -> str:
    found = protocols().get(name)
    return found.title if found else (literal(name) or "—")


def _of(count: int | None, people: int | None) -> str:
    return "—" if count is None else f"{count} ({people})"


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)
