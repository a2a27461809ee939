"""The grounded prompt: stable system prefix, trimmed history, then numbered notes and question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.compose.prompts import PromptLibrary
from assistant.domain.flags import withhold
from assistant.domain.freshness import freshness
from assistant.domain.metadata import NoteMetadata
from assistant.domain.turns import Turn
from assistant.tokens import TokenCounter


@dataclass(frozen=True)
class Source:
    """A note shown to the model under a number, so a reply's `[n]` can be traced back to it."""

    number: int
    doc_id: str
    title: str
    author: str
    team: str
    date: str
    excerpt: str
    score: float
    review: str = ""  # verified / stale label, see assistant.domain.freshness

    def label(self) -> str:
        """Return `Title — Author (Team, date) · verified …` for citation lists."""
        where = ", ".join(x for x in (self.team, self.date) if x)
        review = f" · {self.review}" if self.review else ""
        return f"{self.title} — {self.author}" + (f" ({where})" if where else "") + review


class GroundedPromptBuilder:
    """Builds the messages for a grounded answer within the context and history token budgets."""

    def __init__(
        self,
        prompts: PromptLibrary,
        counter: TokenCounter,
        *,
        context_tokens: int,
        history_tokens: int,
        marking: str = "lines",
    ) -> None:
        self._prompts = prompts
        self._counter = counter
        self._context_tokens = context_tokens
        self._history_tokens = history_tokens
        self._marking = marking
        # Identical every turn: cache-friendly.
        self._system = prompts.render("grounded_system", marking=MARKING_SAYS[marking])

    def prefix(self) -> list[BaseMessage]:
        """Return the messages every grounded prompt starts with (for warming the prompt cache)."""
        return [
            SystemMessage(self._system),
            HumanMessage(self._prompts.render("grounded_question", notes="", question="")),
        ]

    def build(
        self, question: str, documents: Sequence[Document], history: Sequence[Turn] = ()
    ) -> tuple[list[BaseMessage], list[Source]]:
        """Return the messages to send and the numbered sources they contain."""
        sources = self._sources_within_budget(documents)
        notes = "\n\n".join(_note_block(s, self._marking) for s in sources) or "(no notes found)"
        messages: list[BaseMessage] = [SystemMessage(self._system)]
        messages += self._history_within_budget(history)
        messages.append(
            HumanMessage(self._prompts.render("grounded_question", notes=notes, question=question))
        )
        return messages, sources

    def _sources_within_budget(self, documents: Sequence[Document]) -> list[Source]:
        sources: list[Source] = []
        used = 0
        for doc in documents:
            note = NoteMetadata.from_stored(doc.metadata)
            header_cost = self._counter.count(_note_header(len(sources) + 1, note)) + 4
            room = self._context_tokens - used - header_cost
            if room < 40:  # not enough left for a useful excerpt
                break
            excerpt = self._counter.truncate(withhold(doc.page_content, note.withheld), room)
            used += header_cost + self._counter.count(excerpt)
            sources.append(
                Source(
                    number=len(sources) + 1,
                    doc_id=note.doc_id,
                    title=withhold(note.title, note.withheld),
                    author=note.author,
                    team=note.team,
                    date=note.date,
                    excerpt=excerpt,
                    score=float(doc.metadata.get("score", 0.0)),
                    review=freshness(note).label(),
                )
            )
        return sources

    def _history_within_budget(self, history: Sequence[Turn]) -> list[BaseMessage]:
        texts = [t.text for t in history]
        keep = self._counter.fit(texts, self._history_tokens, keep="last")
        kept = [history[i] for i in keep]
        return [HumanMessage(t.text) if t.role == "user" else AIMessage(t.text) for t in kept]


def _note_header(number: int, note: NoteMetadata) -> str:
    where = ", ".join(x for x in (note.team, note.date) if x)
    return f"[{number}] {note.title} — by {note.author} ({where})"


# A note cannot close the <notes> block or open a role tag: its angle brackets are swapped out.
_INERT = str.maketrans({"<": "‹", ">": "›"})
# Spotlighting (Hines et al., 2024): note text is marked so the model cannot take it for the
# manager's or the coach's words. What the system prompt says about each marking:
LINE_MARK = "│ "
DATAMARK = "ˆ"
MARKING_SAYS = {
    "lines": f" Every line of a note's text starts with {LINE_MARK.strip()}.",
    "datamark": f" In a note's text the words are joined by {DATAMARK} instead of spaces.",
    "none": "",
}


def mark(text: str, marking: str) -> str:
    """Return a note's text marked as data (see MARKING_SAYS)."""
    if marking == "lines":
        return "\n".join(LINE_MARK + line for line in text.splitlines())
    if marking == "datamark":
        return "\n".join(DATAMARK.join(line.split(" ")) for line in text.splitlines())
    return text


def _note_block(source: Source, marking: str = "lines") -> str:
    note = NoteMetadata(
        title=source.title, author=source.author, team=source.team, date=source.date
    )
    return f"{_note_header(source.number, note)}\n{mark(source.excerpt, marking)}".translate(_INERT)
