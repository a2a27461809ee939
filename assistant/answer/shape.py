"""The answer's shape limits what a note can make it say: each point checked against its note."""

from __future__ import annotations

import re

from assistant.safety.addressing import addresses_a_reader, foreign

GROUNDED_SHARE = 0.3  # a point must share this much of its content words with its note
DRAWN_SHARE = 0.6  # a note sentence is drawn on when the point has this much of its words
_WORD = re.compile(r"[^\W\d_]{4,}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STOP = set(
    [
        "about",
        "after",
        "also",
        "been",
        "before",
        "being",
        "both",
        "could",
        "does",
        "done",
        "each",
        "even",
        "from",
        "have",
        "into",
        "just",
        "many",
        "more",
        "most",
        "much",
        "must",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
        "yours",
        "ours",
    ]
)


def stems(text: str) -> set[str]:
    """Return the content words of a text, cut to five letters so inflections match."""
    return {w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in _STOP}


def support(claim: str, note: str) -> tuple[float, list[str]]:
    """Return the share of the claim's content words the note has, and the sentences it draws on.

    A sentence is drawn on when most of its content words are in the claim, or when it shares
    the most words with the claim.
    """
    words = stems(claim)
    if not words:
        return 1.0, []
    best, closest, drawn = -1, "", []
    for sentence in _SENTENCE.split(note):
        own = stems(sentence)
        shared = len(words & own)
        if own and shared >= 2 and shared >= DRAWN_SHARE * len(own):
            drawn.append(sentence)
        if shared > best:
            best, closest = shared, sentence
    return len(words & stems(note)) / len(words), drawn or [closest]


def point_defect(insight: str, note: str, asked: str) -> str:
    """Return why a point may not be shown ('' when it may): it must be the note's know-how.

    Dropped: a link, address or code the manager never wrote; words for a machine or a reader;
    a claim the note does not support; or one drawn from a sentence addressed to a reader.
    """
    extra = foreign(insight, asked)
    if extra:
        return f"carries {extra[0]!r}, which the manager never wrote"
    reason = addresses_a_reader(insight, asked)
    if reason:
        return reason
    share, drawn = support(insight, note)
    if share < GROUNDED_SHARE:
        return f"not what the note says ({share:.0%} of its words are in the note)"
    if any(addresses_a_reader(sentence) for sentence in drawn if sentence):
        return "drawn from a passage addressed to whoever reads the note"
    return ""


def question_defect(question: str, asked: str) -> str:
    """Return why the closing question may not be shown ('' when it may)."""
    extra = foreign(question, asked)
    if extra:
        return f"carries {extra[0]!r}, which the manager never wrote"
    return addresses_a_reader(question, asked)


_END = re.compile(r"[.!?][\"'”’)\]]*$")
_LAST_END = re.compile(r"^(.*[.!?][\"'”’)\]]*)\s", re.DOTALL)


def whole_sentences(text: str) -> str:
    """Return the text up to its last complete sentence ('' when it has none): never cut off."""
    text = text.strip()
    if _END.search(text):
        return text
    match = _LAST_END.match(text)
    return match.group(1).strip() if match else ""


def repeats_the_heading(insight: str, heading: str) -> bool:
    """Return True when a point only repeats its note's title, author or team."""
    words = stems(insight)
    return bool(words) and words <= stems(heading)
