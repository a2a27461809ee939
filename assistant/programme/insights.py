"""What the organisation is learning: aggregates over shared know-how, never journal text."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.freshness import freshness
from assistant.domain.scopes import ORG
from assistant.memory.records import CaseBrief, Commitment, JournalEntry
from assistant.memory.store import CoachStore
from assistant.people.directory import User
from assistant.people.groups import Group
from assistant.programme.experience import person_of
from assistant.programme.themes import THEMES, themes_in

GAP_MAX_NOTES = 1  # a theme with this few org notes is a gap when enough people bring it


@dataclass(frozen=True)
class Theme:
    """A theme, with each source's count shown only when enough people stand behind it."""

    name: str
    lesson_authors: int | None  # None: fewer than min_people wrote lessons on it
    lessons: int | None
    brief_authors: int | None  # None: fewer than min_people shared briefs on it
    briefs: int | None


@dataclass(frozen=True)
class GroupActivity:
    """One group's counts; None where too few people stand behind a count to show it."""

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
    groups: list[GroupActivity] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    totals: dict[str, int | None] = field(default_factory=dict)
    due_for_review: list[dict[str, str]] = field(default_factory=list)


def learning_view(
    store: CoachStore,
    groups: Sequence[Group],
    notes: Sequence[dict[str, Any]],
    users: Sequence[User],
    *,
    min_people: int,
    today: dt.date | None = None,
) -> LearningView:
    """Return the learning view from shared notes, shared briefs and record counts.

    Reads no journal entry or commitment text: only `store.count` touches those tables.
    """
    today = today or dt.date.today()
    person = person_of(users)
    org = [n for n in notes if n.get("scope") == ORG]
    view = LearningView(min_people)
    lesson_people: dict[str, set[str]] = defaultdict(set)
    lesson_count: dict[str, int] = defaultdict(int)
    lessons = [n for n in org if n.get("type") == "lesson" and person(n)]
    for note in lessons:
        for tag in _tags(note):
            lesson_people[tag].add(person(note))
            lesson_count[tag] += 1
    vocabulary = tuple(sorted(set(THEMES) | {t for n in org for t in _tags(n)}))
    shared = store.shared_briefs()
    brief_people: dict[str, set[str]] = defaultdict(set)
    brief_count: dict[str, int] = defaultdict(int)
    for brief in shared:
        for theme in themes_in(_brief_text(brief), vocabulary):
            brief_people[theme].add(brief.user)
            brief_count[theme] += 1
    for name in sorted(set(lesson_people) | set(brief_people)):
        by_lessons = len(lesson_people[name]) >= min_people
        by_briefs = len(brief_people[name]) >= min_people
        if by_lessons or by_briefs:  # each source must clear the threshold on its own
            view.themes.append(
                Theme(
                    name,
                    len(lesson_people[name]) if by_lessons else None,
                    lesson_count[name] if by_lessons else None,
                    len(brief_people[name]) if by_briefs else None,
                    brief_count[name] if by_briefs else None,
                )
            )
    view.themes.sort(key=lambda t: (-max(t.lesson_authors or 0, t.brief_authors or 0), t.name))
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
    view.groups = [_activity(store, group, min_people) for group in groups]
    everyone = [u.username for u in users]
    view.totals = {
        "people": len(everyone),
        "reflections written": _at_least(store, JournalEntry, everyone, min_people),
        "case briefs prepared": _at_least(store, CaseBrief, everyone, min_people),
        "case briefs shared": len(shared) if len({b.user for b in shared}) >= min_people else None,
        "open commitments": _at_least(store, Commitment, everyone, min_people, status="open"),
        "lessons shared with the organisation": len(lessons)
        if len({person(n) for n in lessons}) >= min_people
        else None,
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


def _activity(store: CoachStore, group: Group, min_people: int) -> GroupActivity:
    """Return a group's counts: sessions if it has min_people members, records if as many wrote."""
    members = list(group.members)
    big_enough = len(members) >= min_people
    return GroupActivity(
        group.name,
        len(members),
        group.held() if big_enough else None,
        len(group.planned()) if big_enough else None,
        _at_least(store, JournalEntry, members, min_people, since=group.formed),
        _at_least(store, Commitment, members, min_people, status="open"),
    )


def _at_least(
    store: CoachStore, kind: type, users: list[str], min_people: int, **equal: str
) -> int | None:
    """Return a count over these users, or None when fewer than min_people contributed to it."""
    records, contributors = store.count(kind, users, **equal)
    return records if contributors >= min_people else None


def _tags(note: dict[str, Any]) -> list[str]:
    return [t for t in str(note.get("tags", "")).split(",") if t]


def _brief_text(brief: CaseBrief) -> str:
    return " ".join((brief.situation, brief.framing_question, brief.tried, brief.help_wanted))
