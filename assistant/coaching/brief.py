"""The case brief: fields in the manager's own words, a framing question, cited know-how."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.coaching.calls import CoachModelError, ask_json, schema
from assistant.coaching.case import CaseState
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.protocols import protocols
from assistant.compose.prompts import PromptLibrary
from assistant.domain.freshness import freshness
from assistant.memory.records import CaseBrief
from assistant.models.chat import ChatModelHandle
from assistant.retrieve.peers_account import CitedQuote
from assistant.retrieve.quotes import SECTION_LEADS
from assistant.retrieve.search import NoteMatch

_FRAMING_CHARS = 140
FRAMING = r"^(How|What) [^\"\\\n?]{5," + str(_FRAMING_CHARS) + r"}[?]$"
MAX_FIELD_WORDS = 90  # a field of the brief is read in a minute at the session
NOT_SAID = "Not discussed yet: add it before the session."
_FORM_RULES = {"placeholder", "cut_off", "foreign_script"}
_MANAGER_VOICE = re.compile(r"\b(I|my|me|we|our|us)\b")
_THIRD_PERSON = re.compile(r"\b(the manager|the user|the coachee|they want)\b", re.IGNORECASE)


def fields(case: CaseState, opening: str) -> dict[str, str]:
    """Return situation, what was tried and help wanted, in the manager's own words."""
    later = [c for c in case.known.get("situation", []) if c not in opening]
    situation = _capped(" ".join([opening.strip(), *later]))
    return {
        "situation": situation,
        "tried": _capped(case.said("tried")) or NOT_SAID,
        "help_wanted": _capped(case.said("help_wanted")) or NOT_SAID,
    }


def framing_question(
    chat: ChatModelHandle,
    prompts: PromptLibrary,
    checker: ReplyChecker,
    case: CaseState,
    said: str,
) -> tuple[str, str]:
    """Return the framing question in the manager's voice (checked, else composed) and an error."""
    prompt = prompts.render("prepare_brief", conversation=said)
    fmt = schema("framing", {"framing_question": {"type": "string", "pattern": FRAMING}})
    error = ""
    try:
        question = str(ask_json(chat, prompt, fmt, max_tokens=60)["framing_question"]).strip()
        if _fits(question, said, checker):
            return question, ""
    except CoachModelError as exc:
        error = str(exc)
    composed = wanted_question(case.said("help_wanted"))
    if composed and _fits(composed, said, checker):
        return composed, error
    topic = case.topic
    return (f"How can I move forward with {topic}?" if topic else "How can I move this forward?"), (
        error
    )


_WANT = re.compile(
    r"\bI(?:'d like| would like| want| need| hope)(?: ideas on| help with| advice on)?"
    r"(?: how)?(?P<to> to)? (?P<rest>[^.!?;]{6,120})(?=[.!?;]|$)",
    re.IGNORECASE,
)
_SOMEONE_TO = re.compile(r"^(?:\w+|my \w+|the \w+) to \w", re.IGNORECASE)  # "them to talk"


def wanted_question(help_wanted: str) -> str:
    """Return the manager's wish as their own question ('' when they did not say one).

    "I want them to collaborate on the migration" -> "How can I get them to collaborate on the
    migration?"; "I'd like ideas on how to hand work over" -> "How can I hand work over?".
    """
    m = _WANT.search(help_wanted)
    if not m:
        return ""
    rest = re.split(r",? (?:because|but|so|as) ", m.group("rest"))[0].strip().rstrip(",")
    if not m.group("to"):
        if not _SOMEONE_TO.match(rest):
            return ""  # "I want a clear answer": no action to ask about
        rest = "get " + rest  # "them to collaborate" -> "get them to collaborate"
    return f"How can I {rest}?"


def _fits(question: str, said: str, checker: ReplyChecker) -> bool:
    defects = {d.rule for d in checker.defects(question, said)} & _FORM_RULES
    body = question.split(" ", 1)[-1]
    return (
        not defects
        and len(body.rstrip("?")) < _FRAMING_CHARS  # at the grammar cap: cut ("..., and aligning?")
        and bool(re.match(FRAMING, question))
        and bool(_MANAGER_VOICE.search(question))
        and not _THIRD_PERSON.search(question)
    )


def know_how_items(notes: Sequence[tuple[NoteMatch, CitedQuote | None]]) -> list[dict[str, Any]]:
    """Return the cited notes, each with the sentence from it that bears on the case (verbatim)."""
    items = []
    for number, (hit, quote) in enumerate(notes, start=1):
        text = " ".join(hit.text.split())
        items.append(
            {
                "number": number,
                "doc_id": hit.doc_id,
                "title": hit.metadata.get("title", ""),
                "author": hit.metadata.get("author", ""),
                "date": hit.metadata.get("date", ""),
                "review": freshness(hit.metadata).label(),
                "excerpt": text[:300],
                "sentence": quote.text if quote else "",
                "section": quote.section if quote else "",  # tried, happened, learned or ''
            }
        )
    return items


def brief_markdown(brief: CaseBrief) -> str:
    """Return a case brief as markdown, with numbered citations and suggested peers."""
    protocol = protocols().get(brief.protocol)
    lines = [
        f"# Case brief: {brief.framing_question}",
        "",
        f"**Protocol:** {protocol.title} ({protocol.minutes} min, {protocol.needs()})"
        if protocol
        else f"**Protocol:** {brief.protocol}",
        "",
        "## Situation",
        brief.situation,
        "",
        "## Framing question for the peers",
        brief.framing_question,
        "",
        "## What I have tried",
        brief.tried,
        "",
        "## Help I want",
        brief.help_wanted,
        "",
        "## Colleagues' know-how",
    ]
    lines += [
        f"- [{k['number']}] {k['title']} — {k['author']} ({k['date']}), `{k['doc_id']}`"
        + (f"\n  > {lead(k.get('section'))}{k['sentence']}" if k.get("sentence") else "")
        for k in brief.know_how
    ] or ["- Nothing captured on this yet."]
    lines += ["", "## Peers to invite"]
    lines += [
        f"- **{p['name']}** ({p['team']}): {p['why']}"
        + (f"\n  > {lead(p.get('quote_section'))}{p['quote']}" if p.get("quote") else "")
        for p in brief.peers
    ] or ["- No suggestion yet."]
    return "\n".join(lines) + "\n"


def lead(section: Any) -> str:
    """Return what a quote's section says, to lead it in markdown ('*Tried:* '; '' if unknown)."""
    name = SECTION_LEADS.get(str(section or ""), "")
    return f"*{name}:* " if name else ""


def _capped(text: str) -> str:
    words = text.split()
    if len(words) <= MAX_FIELD_WORDS:
        return text
    cut = " ".join(words[:MAX_FIELD_WORDS])
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 40 else cut.rstrip(",;:") + " …"
