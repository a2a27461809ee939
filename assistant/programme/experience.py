"""What each colleague has handled, read only from org-visible know-how (never journals)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.metadata import NoteMetadata
from assistant.domain.scopes import ORG
from assistant.people.directory import User


@dataclass(frozen=True)
class Experience:
    """A colleague's shared know-how: how many notes, and on which topics (tags)."""

    user: User
    notes: int = 0
    topics: Counter[str] = field(default_factory=Counter)

    def top(self, n: int = 3) -> list[str]:
        """Return their n most-written-about topics (ties by name)."""
        return [t for t, _ in sorted(self.topics.items(), key=lambda x: (-x[1], x[0]))[:n]]


def person_of(users: Sequence[User]) -> Callable[[Mapping[str, Any]], str]:
    """Return a function naming who is behind a note: its owner, else its author's username."""
    known = {u.username for u in users}
    by_name = {u.name: u.username for u in users}

    def person(meta: Mapping[str, Any]) -> str:
        note = NoteMetadata.from_stored(meta)
        return note.owner if note.owner in known else by_name.get(note.author, "")

    return person


def experience_of(
    users: Sequence[User], notes: Iterable[Mapping[str, Any]]
) -> dict[str, Experience]:
    """Return each user's experience from note metadata, counting org-visible notes only."""
    person = person_of(users)
    counts: dict[str, Counter[str]] = {u.username: Counter() for u in users}
    totals: Counter[str] = Counter()
    for meta in notes:
        if NoteMetadata.from_stored(meta).scope != ORG:  # group and private notes never describe
            continue  # anyone to the owner
        username = person(meta)
        if not username:
            continue
        totals[username] += 1
        counts[username].update(NoteMetadata.from_stored(meta).tags)
    return {u.username: Experience(u, totals[u.username], counts[u.username]) for u in users}
