"""How the app shows things: replies, briefs, peers, journal entries and status, as markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.coaching.conversation import CoachTurn
from assistant.coaching.protocols import protocols
from assistant.domain.freshness import freshness
from assistant.domain.literal import inert, literal, literal_lines
from assistant.memory.records import CaseBrief, Commitment, JournalEntry, Lesson
from assistant.models.chat import ChatModelHandle
from assistant.retrieve.quotes import SECTION_LEADS
from assistant.texts import (
    ANSWER_REFUSED,
    BRIEF_READY,
    BRIEF_SHOWN,
    MODEL_DOWN,
    MODEL_REFUSED,
    MODEL_UNAVAILABLE,
)

THINKING = "The coach is thinking…"


__all__ = ["inert", "literal"]  # the one way every view shows user-supplied text


def expandable(number: int | str, label: str, excerpt: str) -> str:
    """Return one citation as an expandable `<details>` block: label, then the excerpt."""
    body = literal(" ".join(excerpt.split())[:600])
    return f"<details><summary>[{number}] {literal(label)}</summary><small>{body}</small></details>"


def model_notice(error: str) -> str:
    """Return the line telling the manager the model failed them, how, and what happened instead.

    A model that answered, but in a form the checks refused, is not called unavailable.
    """
    answered = error.startswith(ANSWER_REFUSED)
    what = MODEL_REFUSED if answered else MODEL_UNAVAILABLE
    said = ANSWER_REFUSED if answered else MODEL_DOWN
    detail = error.removeprefix(said).strip(" ()") if error.startswith(said) else error
    return (
        f"<small>\N{WARNING SIGN} {what} ({literal(detail[:160])}); "
        "the coach carried on without it.</small>"
    )


def turn_markdown(turn: CoachTurn) -> str:
    """Return a coach turn for the chat (a brief's details show in the panel beside it)."""
    text = inert(turn.text)  # a reply may carry a colleague's words: no link, image or HTML
    if isinstance(turn.result, CaseBrief):
        text = BRIEF_SHOWN
    return text + ("\n\n" + model_notice(turn.model_error) if turn.model_error else "")


def chat_messages(messages: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Return a saved transcript as chat messages (the manager as user, the coach as assistant).

    The coach's messages are made inert (a saved brief lists colleagues' titles, names and teams),
    and a saved brief shows as it did when it was written: its notice in the chat, the brief itself
    in the panel beside it (not a second copy, headed by a second level-one heading, in the chat).
    """
    return [
        {"role": "user", "content": m["text"]}
        if m["role"] == "user"
        else {"role": "assistant", "content": inert(_restored(m))}
        for m in messages
    ]


def _restored(message: dict[str, str]) -> str:
    text = message["text"]
    return BRIEF_SHOWN if message["role"] != "user" and text.startswith(BRIEF_READY) else text


def brief_markdown(brief: CaseBrief) -> str:
    """Return a case brief for the screen: its fields, cited know-how to expand, and peers."""
    protocol = protocols().get(brief.protocol)
    how = (
        f"{protocol.title} ({protocol.minutes} min, {protocol.needs()})"
        if protocol
        else literal(brief.protocol)
    )
    know_how = [
        expandable(
            k["number"],
            f"{k['title']} — {k['author']} ({k['date']})" + _review(k.get("review")),
            str(k.get("excerpt", "")),
        )
        + (quoted(k["sentence"], k.get("section")) if k.get("sentence") else "")
        for k in brief.know_how
    ] or ["Nothing captured on this yet."]
    peers = [
        f"- **{literal(p['name'])}** ({literal(p['team'])}): {literal(p['why'])}"
        + (quoted(p["quote"], p.get("quote_section")) if p.get("quote") else "")
        for p in brief.peers
    ] or ["- No suggestion yet."]
    return "\n\n".join(
        [
            f"### {literal(brief.framing_question)}",
            f"**Protocol:** {how}",
            f"**Situation.** {literal(brief.situation)}",
            f"**What I have tried.** {literal(brief.tried)}",
            f"**Help I want.** {literal(brief.help_wanted)}",
            "**Colleagues' know-how**\n\n" + "\n".join(know_how),
            "**Peers to invite**\n\n" + "\n".join(peers),
        ]
    )


def quoted(sentence: Any, section: Any) -> str:
    """Return a colleague's sentence as a quote, led by what its section says ('Tried:')."""
    name = SECTION_LEADS.get(str(section or ""), "")
    lead = f"<em>{name}:</em> " if name else ""
    return f"<blockquote>{lead}“{literal(sentence)}”</blockquote>"


def _review(label: Any) -> str:
    """Return ' · verified …' / ' · ⚠ stale …' to append to a citation ('' when unknown)."""
    if not label:
        return ""
    return f" · {'⚠ ' if str(label).startswith('stale') else ''}{label}"


def entry_view(entry: JournalEntry) -> str:
    """Return a journal entry to read: each question, then the manager's words as written."""
    lines = [f"# Journal entry {literal(entry.created[:10])}", ""]
    for answer in entry.answers:
        lines += [f"## {literal(answer['title'])}", f"*{literal(answer['question'])}*", ""]
        lines += [literal_lines(answer["answer"]), ""]
    return "\n".join(lines)


def entry_label(entry: JournalEntry) -> str:
    """Return how an entry is listed: its date and the start of the first answer."""
    first = entry.answers[0]["answer"] if entry.answers else ""
    words = " ".join(first.split()[:8])
    return f"{entry.created[:16].replace('T', ' ')} · {words}"


def brief_label(brief: CaseBrief) -> str:
    """Return how a case brief is listed."""
    return f"{brief.created[:16].replace('T', ' ')} · {brief.framing_question[:70]}"


def commitment_rows(commitments: Sequence[Commitment]) -> list[list[str]]:
    """Return commitments as table rows: what, by when, status."""
    return [[c.what, c.by_when, c.status] for c in commitments]


def lessons_markdown(lessons: Sequence[Lesson]) -> str:
    """Return the manager's lessons with their state."""
    if not lessons:
        return "No lessons yet. After a reflection you can draft one to share."
    return "\n".join(
        f"- **{literal(lesson.title)}** — {lesson.status}"
        + (f", shared with the {lesson.visibility}" if lesson.status == "approved" else "")
        for lesson in lessons
    )


def owned_rows(notes: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Return the manager's own notes as table rows, with where each stands on review."""
    return [
        [
            n["title"],
            n["type"],
            n["date"],
            n["source_id"],
            n["chunks"],
            _review(freshness(n).label()).removeprefix(" · "),
        ]
        for n in notes
    ]


def status_line(chat: ChatModelHandle, chunks: int) -> str:
    """Return the header line: which model answers (local / remote) and whether it is up."""
    state = {
        "ready": "ready",
        "starting": "starting…",
        "unavailable": "unavailable: answers show the colleagues' notes only",
    }[chat.status]
    return f"**Model:** {literal(chat.label)} — {state} · **Knowledge:** {chunks} chunks"
