"""Find peers: rank colleagues by how well their captured experience matches a problem."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.search import HybridSearch, NoteMatch

# How a colleague's note scores (best first) become one score: the voting models of the
# expert-finding literature (Macdonald & Ounis 2006; Balog et al. 2006). `peercoach eval
# retrieval --compare` scores each on the dev set in one run; see README "Find peers".
RANK_WEIGHTS = (1.0, 0.3, 0.1)
SOFTMAX_TEMPERATURE = 0.1


def _weighted(scores: Sequence[float]) -> float:
    return sum(w * s for w, s in zip(RANK_WEIGHTS, scores, strict=False))


def _softmax(scores: Sequence[float]) -> float:
    """A smooth maximum: log-sum-exp at a low temperature (a second close note adds a little)."""
    t = SOFTMAX_TEMPERATURE
    top = scores[0]
    return top + t * math.log(sum(math.exp((s - top) / t) for s in scores))


VOTES: dict[str, Callable[[Sequence[float]], float]] = {
    "weighted": _weighted,  # best note + 0.3 and 0.1 of the next two
    "combmax": lambda scores: scores[0],
    "combsum": sum,
    "expcombsum": lambda scores: sum(math.exp(s) for s in scores),
    "softmax": _softmax,
    "best2mean": lambda scores: sum(scores[:2]) / len(scores[:2]),
}
DEFAULT_VOTE = "softmax"  # best expert MRR on the dev set, least pull to prolific writers


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

    def __init__(self, search: HybridSearch, *, depth: int = 40, vote: str = DEFAULT_VOTE) -> None:
        if vote not in VOTES:
            raise ValueError(f"unknown peer vote {vote!r}; choose one of {', '.join(VOTES)}")
        self._search = search
        self.depth = depth
        self.vote = vote

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
        return rank_peers(matches, k, exclude, self.vote)


def rank_peers(
    matches: list[NoteMatch], k: int, exclude: str = "", vote: str = DEFAULT_VOTE
) -> list[Peer]:
    """Return the top k authors of these matches, their note scores combined by `vote`."""
    combine = VOTES[vote]
    by_author: dict[str, list[NoteMatch]] = defaultdict(list)
    for match in matches:
        author = match.note.author
        if author and author != exclude:
            by_author[author].append(match)
    peers = []
    for author, notes in by_author.items():
        notes.sort(key=lambda m: -m.score)
        score = combine([m.score for m in notes])
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
