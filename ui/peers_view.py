"""How Find peers shows its account: colleagues with their quotes, the sources, matching notes."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.synthesis import Synthesis
from assistant.domain.literal import literal
from assistant.retrieve.peers_account import CitedNote, CitedQuote, ColleagueAccount, PeersAccount
from assistant.retrieve.quotes import SECTION_LEADS
from assistant.retrieve.search import NoteMatch
from ui.render import model_notice

SUMMING_UP = "Summing up what they found…"
NO_PEERS = (
    "No colleague has written about anything close to this yet. "
    "Try describing it in other words, or clear the filters."
)


def text(value: str) -> str:
    """Return user-written text to show as is (see assistant.domain.literal)."""
    return literal(value)


def quote_line(quote: CitedQuote, named: str = "") -> str:
    """Return one verbatim quote with its citation number, led by what its section says.

    A quote from another note than the one its colleague's card names (`named`) says which.
    """
    lead = SECTION_LEADS.get(quote.section, "")
    lead = f"*{lead}:* " if lead else ""
    origin = f" — from “{text(quote.note.title)}”" if named and quote.note.doc_id != named else ""
    return f"> {lead}“{text(quote.text)}” \\[{quote.note.number}\\]{origin}"


def colleague_block(colleague: ColleagueAccount) -> str:
    """Return a colleague: name and team, why they are suggested, then their quotes."""
    team = f" · {text(colleague.team)}" if colleague.team else ""
    quotes = "\n>\n".join(quote_line(q, colleague.named) for q in colleague.quotes)
    return f"#### {text(colleague.name)}{team}\n{text(colleague.why)}\n\n{quotes}".rstrip()


def colleagues_markdown(account: PeersAccount) -> str:
    """Return the colleagues who handled something similar, each in their own words."""
    if not account.colleagues:
        return NO_PEERS
    return "\n\n".join(colleague_block(c) for c in account.colleagues)


def source_line(note: CitedNote) -> str:
    """Return a cited note: number, title, author, date and how fresh it is."""
    mark = "⚠ " if note.review.startswith("stale") else ""
    review = f" · {mark}{text(note.review)}" if note.review else ""
    return f"- \\[{note.number}\\] {text(note.label())}{review}"


def sources_markdown(cited: Sequence[CitedNote]) -> str:
    """Return the list of notes the quotes come from."""
    if not cited:
        return ""
    return "### Sources\n\n" + "\n".join(source_line(n) for n in cited)


def notes_markdown(notes: Sequence[tuple[NoteMatch, CitedQuote | None]]) -> str:
    """Return the matching notes, each with the sentence that bears most on the problem."""
    if not notes:
        return "No note matches."
    lines = []
    for match, quote in notes:
        note = match.note
        when = f" ({text(note.date)})" if note.date else ""
        line = f"- {text(note.title)} — {text(note.author)}{when}"
        if quote:
            line += f"<br>“{text(quote.text)}” \\[{quote.note.number}\\]"
        lines.append(line)
    return "\n".join(lines)


def summary_markdown(account: PeersAccount, synthesis: Synthesis | None) -> str:
    """Return the synthesis (when one passed its check) above the sources."""
    parts = []
    if synthesis is None:
        parts.append(SUMMING_UP)
    elif synthesis.text:
        parts.append("### In short\n\n" + text(synthesis.text))
    parts.append(sources_markdown(account.cited))
    if synthesis is not None and synthesis.model_error:
        parts.append(model_notice(synthesis.model_error))
    return "\n\n".join(p for p in parts if p)
