"""What the organisation is learning: aggregates over shared know-how, never journal text."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.ingest.freshness import freshness
from assistant.memory.records import CaseBrief, Commitment, JournalEntry
from assistant.memory.store import CoachStore
from assistant.people.groups import Group
from assistant.people.scopes import ORG
from assistant.programme.themes import THEMES, themes_in

GAP_MAX_NOTES = 1  # a theme with this few org notes is a gap when enough people bring it


@dataclass(frozen=True)
class Theme:
    """A theme across shared lessons and shared briefs, with how many people it came from."""

    name: str
    people: int
    lessons: int
    briefs: int


@dataclass(frozen=True)
class GroupActivity:
    """One group's counts; None where the group is too small to show any."""

    name: str
    members: int
    sessions_held: int | None
    sessions_planned: int | None
    reflections: int | None
    open_commitments: int | None


@dataclass(frozen=True)
class Gap:
    """A problem several people bring with little captured know-how on it."""

    theme: str
    people: int
    notes: int


@dataclass
class LearningView:
    """The programme owner's view: aggregates only, each from at least `min_people` people."""

    min_people: int
    themes: list[Theme] = field(default_factory=list)
    hidden_themes: int = 0  # themes from fewer than min_people people: counted, not named
    groups: list[GroupActivity] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    totals: dict[str, int | None] = field(default_factory=dict)
    due_for_review: list[dict[str, str]] = field(default_factory=list)


def learning_view(
    store: CoachStore,
    groups: Sequence[Group],
    notes: Sequence[dict[str, Any]],
    usernames: Sequence[str],
    *,
    min_people: int,
    today: dt.date | None = None,
) -> LearningView:
    """Return the learning view from shared notes, shared briefs and record counts.

    Reads no journal entry or commitment text: only `store.count` touches those tables.
    """
    today = today or dt.date.today()
    org = [n for n in notes if n.get("scope") == ORG]
    view = LearningView(min_people)
    lesson_people: dict[str, set[str]] = defaultdict(set)
    lesson_count: dict[str, int] = defaultdict(int)
    for note in org:
        if note.get("type") == "lesson":
            for tag in _tags(note):
                lesson_people[tag].add(str(note.get("owner") or note.get("author", "")))
                lesson_count[tag] += 1
    vocabulary = tuple(sorted(set(THEMES) | {t for n in org for t in _tags(n)}))
    brief_people: dict[str, set[str]] = defaultdict(set)
    brief_count: dict[str, int] = defaultdict(int)
    for brief in store.shared_briefs():
        for theme in themes_in(_brief_text(brief), vocabulary):
            brief_people[theme].add(brief.user)
            brief_count[theme] += 1
    for name in sorted(set(lesson_people) | set(brief_people)):
        people = len(lesson_people[name] | brief_people[name])
        if people >= min_people:
            view.themes.append(Theme(name, people, lesson_count[name], brief_count[name]))
        else:
            view.hidden_themes += 1
    view.themes.sort(key=lambda t: (-t.people, -(t.lessons + t.briefs), t.name))
    supply: dict[str, int] = defaultdict(int)
    for note in org:
        for tag in _tags(note):
            supply[tag] += 1
    view.gaps = sorted(
        (
            Gap(theme, len(people), supply[theme])
            for theme, people in brief_people.items()
            if len(people) >= min_people and supply[theme] <= GAP_MAX_NOTES
        ),
        key=lambda g: (-g.people, g.theme),
    )
    for group in groups:
        shown = len(group.members) >= min_people
        members = list(group.members)
        view.groups.append(
            GroupActivity(
                group.name,
                len(group.members),
                group.held() if shown else None,
                sum(s.status == "planned" for s in group.schedule) if shown else None,
                store.count(JournalEntry, members, since=group.formed) if shown else None,
                store.count(Commitment, members, status="open") if shown else None,
            )
        )
    everyone = list(usernames)
    view.totals = {
        "people": len(everyone),
        "reflections written": _at_least(store, JournalEntry, everyone, min_people),
        "case briefs prepared": _at_least(store, CaseBrief, everyone, min_people),
        "case briefs shared": len(store.shared_briefs())
        if len({b.user for b in store.shared_briefs()}) >= min_people
        else None,
        "open commitments": _at_least(store, Commitment, everyone, min_people, status="open"),
        "lessons shared with the organisation": sum(n.get("type") == "lesson" for n in org),
    }
    view.due_for_review = due_for_review(notes, today)
    return view


def due_for_review(notes: Sequence[dict[str, Any]], today: dt.date) -> list[dict[str, str]]:
    """Return the notes that are stale or due for review soon, most overdue first."""
    due = []
    for note in notes:
        fresh = freshness(note, today)
        if fresh.due_within(today):
            due.append(
                {
                    "doc_id": str(note.get("doc_id", "")),
                    "title": str(note.get("title", "")),
                    "author": str(note.get("author", "")),
                    "owner": fresh.owner,
                    "review_by": fresh.review_by,
                    "status": fresh.status,
                }
            )
    return sorted(due, key=lambda d: (d["review_by"], d["title"]))


def _at_least(
    store: CoachStore, kind: type, users: list[str], min_people: int, **equal: str
) -> int | None:
    """Return a count over everyone, or None when fewer than min_people contributed to it."""
    contributors = sum(store.count(kind, [u], **equal) > 0 for u in users)
    return store.count(kind, users, **equal) if contributors >= min_people else None


def _tags(note: dict[str, Any]) -> list[str]:
    return [t for t in str(note.get("tags", "")).split(",") if t]


def _brief_text(brief: CaseBrief) -> str:
    return " ".join((brief.situation, brief.framing_question, brief.tried, brief.help_wanted))
