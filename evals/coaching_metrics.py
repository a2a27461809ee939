"""Behaviour metrics of a coaching reply: defects, questions, open vs closed, advice, own words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.coaching.checks import ADVICE, RULES, ReplyChecker
from assistant.container import PeerCoach
from assistant.retrieve.meaning import Meaning

OPEN_STARTS = {
    "what",
    "how",
    "which",
    "where",
    "who",
    "whose",
    "whom",
    "why",
    "when",
    "tell",
    "describe",
    "in",
}
_STOP = set(
    [
        "that",
        "this",
        "with",
        "have",
        "from",
        "they",
        "them",
        "their",
        "there",
        "what",
        "when",
        "were",
        "will",
        "would",
        "could",
        "should",
        "about",
        "been",
        "just",
        "like",
        "into",
        "your",
        "more",
        "some",
        "than",
        "then",
        "also",
        "very",
        "much",
        "even",
        "over",
        "only",
        "such",
        "because",
        "which",
        "while",
        "where",
        "being",
        "does",
        "doing",
        "done",
        "feel",
        "feels",
        "know",
        "really",
        "think",
        "want",
        "make",
        "made",
        "need",
    ]
)


@dataclass(frozen=True)
class ReplyMetrics:
    """What one reply does, measured on its text."""

    questions: int
    open_questions: int
    advice: bool
    own_words: float  # share of the manager's distinctive words the reply gives back
    words: int
    defects: tuple[str, ...] = field(default=())  # the reply-check rules the reply breaks

    @property
    def clean(self) -> bool:
        """Return True when the reply has none of the defects a reader notices."""
        return not self.defects


def measure(
    opening: str,
    reply: str,
    checker: ReplyChecker | None = None,
    earlier_questions: Sequence[str] = (),
) -> ReplyMetrics:
    """Return the behaviour metrics and defects of a reply to a manager's message."""
    asked = [q.strip() for q in re.findall(r"[^.!?\n]*\?", reply) if q.strip(" ?")]
    open_count = sum(1 for q in asked if _first_word(q) in OPEN_STARTS)
    theirs = content_words(opening)
    given_back = len(theirs & content_words(reply)) / len(theirs) if theirs else 0.0
    shown = _without_reminder(reply)
    found = (checker or ReplyChecker()).defects(shown, opening, earlier_questions)
    return ReplyMetrics(
        len(asked),
        open_count,
        bool(ADVICE.search(shown)),
        given_back,
        len(reply.split()),
        tuple(sorted({d.rule for d in found})),
    )


def summarise(metrics: list[ReplyMetrics], seconds: list[float]) -> dict[str, float]:
    """Return the aggregate behaviour of a set of replies."""
    n = len(metrics) or 1
    asked = sum(m.questions for m in metrics)
    return {
        "replies": len(metrics),
        "one_question": sum(m.questions == 1 for m in metrics) / n,
        "questions_per_reply": asked / n,
        "open_share": sum(m.open_questions for m in metrics) / asked if asked else 0.0,
        "advice_share": sum(m.advice for m in metrics) / n,
        "own_words": sum(m.own_words for m in metrics) / n,
        "words": sum(m.words for m in metrics) / n,
        "seconds": sum(seconds) / n,
        "clean": sum(m.clean for m in metrics) / n,
        **{rule: sum(rule in m.defects for m in metrics) / n for rule in RULES},
    }


def reply_checker(app: PeerCoach) -> ReplyChecker:
    """Return the product's reply check, repeats judged by the app's own sentence embeddings."""
    return ReplyChecker(similarity=Meaning(app.index.embeddings.embed_documents).similarity)


def _without_reminder(reply: str) -> str:
    """Return the reply without the opening list of open commitments (composed, not the model)."""
    if reply.startswith("Before we start") and "\n\n" in reply:
        return reply.split("\n\n", 1)[1]
    return reply


def _first_word(question: str) -> str:
    words = re.findall(r"[a-z']+", question.lower())
    return words[0] if words else ""


def content_words(text: str) -> set[str]:
    """Return the distinctive words of a text (four letters or more, not common)."""
    return {w for w in re.findall(r"[a-z']{4,}", text.lower()) if w not in _STOP}
