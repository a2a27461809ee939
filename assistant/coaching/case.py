"""What the coach knows about a manager's case, updated from every message, and what to ask next."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import frontmatter

from assistant.coaching.listening import HELP, PEOPLE, STAKES, TRIED, subjectless
from assistant.compose.prompts import DEFAULT_PROMPTS_DIR, PromptError, placeholders

# The parts of a case brief; the coach asks about the unknown ones in this order.
ASK_ORDER = ("tried", "help_wanted", "stakes", "people", "goal")
NOT_AN_ANSWER = ("don't know", "dont know", "not sure", "no idea", "nothing", "pass", "skip")


def gaps_of(clause: str) -> list[str]:
    """Return the parts of a case a clause speaks to, by its words (may be empty)."""
    found = []
    if TRIED.search(clause):
        found.append("tried")
    if HELP.search(clause):
        found.append("help_wanted")
    if STAKES.search(clause):
        found.append("stakes")
    if PEOPLE.search(clause):
        found.append("people")
    return found


@dataclass
class CaseState:
    """The manager's words filed by gap, the questions asked, and the clauses given back."""

    known: dict[str, list[str]] = field(default_factory=dict)
    asked: list[dict[str, str]] = field(default_factory=list)  # {gap, question}
    given_back: list[str] = field(default_factory=list)
    topic: str = ""  # a few of the manager's own words naming the case
    topic_asked: bool = False  # the model is asked for the topic once per session

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CaseState:
        """Return the state saved in a session (empty when there is none)."""
        data = data or {}
        return cls(
            {k: list(v) for k, v in dict(data.get("known", {})).items()},
            [dict(a) for a in data.get("asked", [])],
            list(data.get("given_back", [])),
            str(data.get("topic", "")),
            bool(data.get("topic_asked", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the state as JSON-ready data."""
        return {
            "known": self.known,
            "asked": self.asked,
            "given_back": self.given_back,
            "topic": self.topic,
            "topic_asked": self.topic_asked,
        }

    def update(self, message: str) -> None:
        """File each clause of the manager's message under the gaps it answers."""
        answering = self.asked[-1]["gap"] if self.asked else "situation"
        pieces = [p for p in re.split(r"(?<=[.!?;])\s+|\n+", message) if len(p.split()) >= 2]
        default = answering if fits(answering, message) else "situation"
        filed = [(piece, gaps_of(piece) or [default]) for piece in pieces or [message.strip()]]
        if all(gaps == [answering] for _, gaps in filed):
            filed = [(message.strip(), [answering])]  # one answer: keep the message whole
        for piece, gaps in filed:
            for gap in gaps:
                self._add(gap, piece)
        if (
            answering not in self.known
            and not _declines(message)
            and len(filed) == 1
            and fits(answering, message)
        ):
            self._add(answering, message.strip())  # a one-point answer fills the gap asked

    def _add(self, gap: str, text: str) -> None:
        if text not in self.known.setdefault(gap, []):
            self.known[gap].append(text)

    def next_gap(self, limit: int) -> str | None:
        """Return the first gap neither known nor asked about (None when enough is known)."""
        if len(self.asked) >= limit:
            return None
        asked = {a["gap"] for a in self.asked}
        return next((g for g in ASK_ORDER if g not in self.known and g not in asked), None)

    def questions(self) -> list[str]:
        """Return every question asked so far, oldest first."""
        return [a["question"] for a in self.asked]

    def said(self, gap: str) -> str:
        """Return what the manager said on a gap, in their words ('' when nothing)."""
        return " ".join(_sentence(t) for t in self.known.get(gap, []))


def fits(gap: str, answer: str) -> bool:
    """Return True when an answer can stand for the gap asked about.

    "What have you tried?" answered with "Probation ends on the 30th" is not an attempt: it is
    filed with the situation, and the brief's "tried" stays empty rather than misfiled.
    """
    if gap != "tried":
        return True
    return bool(TRIED.search(answer) or _ACTING.match(answer.strip()) or subjectless(answer))


_ACTING = re.compile(r"(?i)(?:I|we|I've|we've|I'd|we'd|I'm|we're|nothing|not yet|no)\b")


def _declines(message: str) -> bool:
    text = message.lower()
    return len(text.split()) <= 6 and any(w in text for w in NOT_AN_ANSWER)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip().rstrip(",;:")
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."


@lru_cache(maxsize=4)
def question_bank(path: Path = DEFAULT_PROMPTS_DIR / "questions" / "prepare.md") -> dict[str, Any]:
    """Return our open questions per gap, checked to use only the declared variables."""
    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    variables = post.metadata.get("variables") or []
    declared = {str(v) for v in (variables if isinstance(variables, list) else [])}
    gaps = post.metadata.get("gaps")
    if not isinstance(gaps, dict) or set(gaps) != set(ASK_ORDER):
        raise PromptError(f"{path.name}: needs questions for exactly {list(ASK_ORDER)}")
    for gap, questions in gaps.items():
        for question in questions:
            if not placeholders(question) <= declared or not question.endswith("?"):
                raise PromptError(f"{path.name}: {gap} question {question!r} is malformed")
    return {"version": int(str(post.metadata.get("version", 1))), "gaps": gaps}


def bank_questions(gap: str, topic: str) -> list[str]:
    """Return our questions for a gap, those naming the topic first when there is one."""
    questions = [str(q) for q in question_bank()["gaps"][gap]]
    named = [q.format(topic=topic) for q in questions if "{topic}" in q] if topic else []
    return named + [q for q in questions if "{topic}" not in q]
