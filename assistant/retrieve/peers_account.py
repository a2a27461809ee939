"""Find peers: colleagues ranked by their best evidence, each with what they wrote, quoted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.domain.freshness import freshness
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.peers import PeerFinder, rank_peers
from assistant.retrieve.quotes import Quote, QuotePicker
from assistant.retrieve.search import HybridSearch, NoteMatch

QUOTE_CACHE = 20_000  # sentences whose vectors are kept in memory (~30 MB at 384 dimensions)
NOTES_SHOWN = 8  # matching notes listed below the colleagues
EVIDENCE_QUOTED = 2  # a colleague's best notes that quotes are taken from


@dataclass(frozen=True)
class CitedNote:
    """A note quoted on the page, numbered for citation, with who wrote it and how fresh it is."""

    number: int
    doc_id: str
    title: str
    author: str
    date: str
    review: str  # 'verified 2026-06-30', 'stale: ...', 'not verified'

    def label(self) -> str:
        """Return 'Title — Author (date)'."""
        when = f" ({self.date})" if self.date else ""
        return f"{self.title} — {self.author}{when}"


@dataclass(frozen=True)
class CitedQuote:
    """A verbatim sentence and the note it comes from."""

    text: str
    note: CitedNote
    section: str = ""  # what the note's section says: 'tried', 'happened', 'learned', 'situation'


@dataclass(frozen=True)
class ColleagueAccount:
    """One colleague: why they are suggested and what they wrote that bears on the problem."""

    name: str
    team: str
    why: str
    score: float
    quotes: list[CitedQuote]
    named: str = ""  # doc id of the note `why` names (their best match)


@dataclass(frozen=True)
class PeersAccount:
    """Everything Find peers shows before any model call: colleagues, quotes, matching notes."""

    problem: str
    colleagues: list[ColleagueAccount]
    notes: list[tuple[NoteMatch, CitedQuote | None]]
    cited: list[CitedNote] = field(default_factory=list)

    def quotes(self) -> list[CitedQuote]:
        """Return every colleague quote, best colleague first."""
        return [q for c in self.colleagues for q in c.quotes]


class PeersAccountService:
    """Builds the extractive account of a problem: no model call, limited to what a reader sees."""

    def __init__(
        self,
        search: HybridSearch,
        peers: PeerFinder,
        picker: QuotePicker,
        min_relevance: float = -1.0,
    ) -> None:
        self._search = search
        self._peers = peers
        self._picker = picker
        self._floor = min_relevance  # below it even the closest note is no match at all

    def warm_up(self) -> int:
        """Embed the sentences of the newest notes ahead of time; return how many (for the log).

        At query time, embedding the ~300 sentences of a problem's candidate notes takes seconds
        on two cores; with their vectors cached, quotes show in well under one (BENCHMARKS.md).
        """
        texts = self._search.every_note_text(limit=QUOTE_CACHE // 20)
        return self._picker.prepare(list(texts.values()), QUOTE_CACHE)

    def quotes_of(
        self, problem: str, doc_ids: Sequence[str], filters: SearchFilters
    ) -> list[Quote]:
        """Return the quotes Find peers would show from these notes (those the reader may see)."""
        texts = self._search.note_texts(list(doc_ids), filters)
        return self._picker.pick(problem, list(texts.items()))

    def account(
        self, problem: str, filters: SearchFilters, exclude: str = "", colleagues: int = 5
    ) -> PeersAccount:
        """Return the top colleagues with their quotes, and the matching notes with theirs."""
        problem = problem.strip()
        if not problem:
            raise ValueError("the problem is empty")
        matches = self._search.search(problem, self._peers.depth, filters)
        if not matches or max(m.dense for m in matches) < self._floor:
            return PeersAccount(problem, [], [])  # nobody wrote about anything like this
        ranked = rank_peers(matches, colleagues, exclude, self._peers.vote)
        shown = matches[:NOTES_SHOWN]
        wanted = {m.doc_id: m for p in ranked for m in p.evidence[:EVIDENCE_QUOTED]}
        wanted.update({m.doc_id: m for m in shown})
        texts = self._search.note_texts(list(wanted), filters)
        numbers: dict[str, CitedNote] = {}

        def cite(quote: Quote) -> CitedQuote:
            if quote.doc_id not in numbers:
                numbers[quote.doc_id] = _cited(len(numbers) + 1, wanted[quote.doc_id])
            return CitedQuote(quote.text, numbers[quote.doc_id], quote.section)

        accounts = []
        for peer in ranked:
            evidence = peer.evidence[:EVIDENCE_QUOTED]
            own = [(m.doc_id, texts[m.doc_id]) for m in evidence if m.doc_id in texts]
            quotes = [cite(q) for q in self._picker.pick(problem, own)]
            named = evidence[0].doc_id if evidence else ""
            accounts.append(
                ColleagueAccount(peer.name, peer.team, peer.why, peer.score, quotes, named)
            )
        notes = []
        for match in shown:
            best = self._picker.pick(problem, [(match.doc_id, texts.get(match.doc_id, ""))], 1)
            notes.append((match, cite(best[0]) if best else None))
        return PeersAccount(problem, accounts, notes, list(numbers.values()))


def _cited(number: int, match: NoteMatch) -> CitedNote:
    note = match.note
    return CitedNote(
        number, match.doc_id, note.title, note.author, note.date, freshness(note).label()
    )


def quoted_names(colleagues: Sequence[ColleagueAccount]) -> set[str]:
    """Return every name (whole, and each part) of the colleagues shown."""
    names = set()
    for colleague in colleagues:
        names.add(colleague.name)
        names.update(colleague.name.split())
    return names
