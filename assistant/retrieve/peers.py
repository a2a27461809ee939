"""Find peers: rank colleagues by how well their captured experience matches a problem."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.search import HybridSearch, NoteMatch

# A colleague's score leans on their best-matching note, with a little credit for a second and
# third. Summing every note rewards prolific writers (on the dev set: expert MRR 0.82 vs 0.88).
RANK_WEIGHTS = (1.0, 0.3, 0.1)


@dataclass(frozen=True)
class Peer:
    """A colleague who has handled something like the problem, with the notes that show it."""

    name: str
    team: str
    score: float
    evidence: list[NoteMatch]
    why: str


class PeerFinder:
    """Ranks authors from the notes a hybrid search finds for a problem."""

    def __init__(self, search: HybridSearch, *, depth: int = 40) -> None:
        self._search = search
        self.depth = depth

    def find(
        self,
        problem: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        exclude: str = "",
        method: str = "hybrid",
    ) -> list[Peer]:
        """Return up to k colleagues, best match first, each with evidence and a one-line why."""
        matches = self._search.search(problem, self.depth, filters, method)  # type: ignore[arg-type]
        return rank_peers(matches, k, exclude)


def rank_peers(matches: list[NoteMatch], k: int, exclude: str = "") -> list[Peer]:
    """Return the top k authors of these matches, scored on their best notes."""
    by_author: dict[str, list[NoteMatch]] = defaultdict(list)
    for match in matches:
        author = match.note.author
        if author and author != exclude:
            by_author[author].append(match)
    peers = []
    for author, notes in by_author.items():
        notes.sort(key=lambda m: -m.score)
        score = sum(w * m.score for w, m in zip(RANK_WEIGHTS, notes, strict=False))
        team = notes[0].note.team
        peers.append(Peer(author, team, score, notes[:3], _why(notes)))
    peers.sort(key=lambda p: (-p.score, p.name))
    return peers[:k]


def _why(notes: list[NoteMatch]) -> str:
    best = notes[0].note
    kind = (best.type or "note").replace("-", " ")
    when = f", {best.date}" if best.date else ""
    line = f"Wrote the {kind} “{best.title}”{when}"
    if len(notes) > 1:
        more = len(notes) - 1
        line += f", and {more} more related note{'s' if more > 1 else ''}"
    tags = list(best.tags[:3])
    if tags:
        line += f" (on {', '.join(tags)})"
    return line
