"""Behaviour metrics of a coaching reply: questions, open vs closed, advice, own words, length."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_STARTS = {"what", "how", "which", "where", "who", "why", "when", "tell", "describe", "in"}
# Advice: explicit recommendations, a list of steps, or a sentence that opens with an imperative.
# ("try to" inside a question or the manager's own words is not advice.)
ADVICE = re.compile(
    r"\b(you should|you could|you might want|you may want|i recommend|i suggest|i'd suggest|"
    r"make sure|it'?s important to|it is important to|here are|here's what|tips\b|steps you can)"
    r"|(?:^|[.!]\s+)(?:try|consider|start|focus|set|schedule|talk|ask|make|remember|avoid)\b"
    r"|^\s*(?:\d+\.|[-*•])\s",
    re.IGNORECASE | re.MULTILINE,
)
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


def measure(opening: str, reply: str) -> ReplyMetrics:
    """Return the behaviour metrics of a reply to a manager's opening message."""
    asked = [q.strip() for q in re.findall(r"[^.!?\n]*\?", reply) if q.strip(" ?")]
    open_count = sum(1 for q in asked if _first_word(q) in OPEN_STARTS)
    theirs = _content_words(opening)
    given_back = len(theirs & _content_words(reply)) / len(theirs) if theirs else 0.0
    return ReplyMetrics(
        len(asked), open_count, bool(ADVICE.search(reply)), given_back, len(reply.split())
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
    }


def _first_word(question: str) -> str:
    words = re.findall(r"[a-z']+", question.lower())
    return words[0] if words else ""


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']{4,}", text.lower()) if w not in _STOP}
