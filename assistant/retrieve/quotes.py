"""Quotes: the sentences of a colleague's notes that bear on a problem, verbatim, picked by MMR."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.domain.flags import WITHHELD
from assistant.retrieve.meaning import Meaning
from assistant.safety.addressing import addresses_a_reader

# Sentence ends (a line break, of a heading, bullet or paragraph, ends one too).
_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z0-9\"“‘(])")
_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
# Sentences that say what was tried and what happened: first-person action, outcome words.
_EXPERIENCE = re.compile(
    r"\b(?:I|we|my|our)\s+(?:\w+\s+)?(?:\w+ed|did|made|took|gave|began|told|asked|set|put|"
    r"stopped|started|moved|ran|got|let|kept|now)\b|\b(?:worked|result(?:ed)?|since then|"
    r"afterwards|after (?:that|two|three|a|the)|within|turned out|changed|dropped|rose|fell|"
    r"went (?:up|down)|stopped|learned|learnt)\b",
    re.IGNORECASE,
)
EXPERIENCE_BONUS = 0.06  # cosine points a what-was-tried/what-happened sentence gains
# A sentence that opens on a pronoun or "this/that" leans on the one before it: out of context
# it reads as a riddle ("He stopped speaking at all."), so it loses a little.
_LEANING = re.compile(r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|Then)\b")
LEANING_PENALTY = 0.05
# A sentence about the note itself (consent, anonymising, "this case") says nothing of the problem.
_ABOUT_THE_NOTE = re.compile(
    r"\b(?:shared? (?:it|this)|shared with|could share|this (?:note|case|write-up)|not named|"
    r"anonymi[sz]ed|with (?:his|her|their|my) (?:agreement|permission|consent))\b",
    re.IGNORECASE,
)
ABOUT_THE_NOTE_PENALTY = 0.1
# What a note's section tells of its sentences, from the heading above them. A colleague's account
# should say what they tried, what happened and what they learned; the note's account of the
# situation mostly restates the reader's own problem back to them, so it gives way.
_ROLES = (
    ("happened", re.compile(r"\b(?:happened|results?|outcomes?|since then|where we landed)\b")),
    ("learned", re.compile(r"\b(?:differently|learn(?:ed|t)?|lessons?|applies|takeaways?)\b")),
    (
        "tried",
        re.compile(
            r"\b(?:tried|try|did|do again|actions?|options|offered|discussed|committed|decided|"
            r"will|fix|approach)\b"
        ),
    ),
    ("situation", re.compile(r"\b(?:problem|challenge|context|background|situation|reality)\b")),
)
KNOW_HOW = frozenset({"tried", "happened", "learned"})
# How a quote is led in, so a manager reads what kind of know-how it is before the words.
SECTION_LEADS = {"tried": "Tried", "happened": "What happened", "learned": "Learned"}
KNOW_HOW_BONUS = 0.05  # cosine points a sentence under 'What I tried' or 'What happened' gains
SITUATION_PENALTY = 0.08  # ... and one under 'The problem' loses
LEAD_NOTE_BONUS = 0.03  # a sentence of the first (best-matching) note given gains a little
SECOND_QUOTE_SHARE = 0.8  # a further quote must bear on the problem at least this much of the first
MIN_WORDS, MAX_WORDS = 6, 70
MAX_CHARS = 240  # a longer sentence is shortened at a clause boundary, with a visible '…'
ELLIPSIS = " …"
Flagged = Callable[[str], str]  # a sentence -> why it must not be quoted ('' when it may be)


@dataclass(frozen=True)
class Quote:
    """One sentence of a note, verbatim (or shortened with a visible ellipsis), and its source."""

    text: str
    doc_id: str
    score: float
    section: str = ""  # what the note's section says: 'tried', 'happened', 'learned', 'situation'


def sentences(text: str) -> list[str]:
    """Return the quotable sentences of a note's text: whole, whitespace-collapsed, no headings."""
    return [sentence for _, sentence in sections(text)]


def role(heading: str) -> str:
    """Return what a section says (tried, happened, learned, situation) or '' by its heading."""
    heading = heading.lower()
    return next((name for name, pattern in _ROLES if pattern.search(heading)), "")


def sections(text: str) -> list[tuple[str, str]]:
    """Return each quotable sentence with its section's role ('' when unknown)."""
    found = []
    current = ""
    parts = [p for line in text.split("\n") for p in _balanced(_BREAK.split(line))]
    for part in parts:
        line = " ".join(part.split())
        if line.startswith("#"):
            current = role(line.lstrip("#")) if line.lstrip("#").startswith(" ") else current
            continue
        if not line or line.startswith(("|", ">", "---")):
            continue
        line = _BULLET.sub("", line)
        words = len(line.split())
        # A fragment (a chunk cut mid-sentence) starts in lower case or on punctuation.
        whole = (line[0].isupper() or line[0].isdigit() or line[0] in '"“‘(') and (
            line[-1] in '.!?"”’)'
        )
        if MIN_WORDS <= words <= MAX_WORDS and whole and not _open_quote(line):
            found.append((current, line))
    return found


def _open_quote(text: str) -> bool:
    """Return True when the text opens a quotation it does not close."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def _balanced(parts: list[str]) -> list[str]:
    """Return the parts with a sentence split inside quoted speech joined back together."""
    joined: list[str] = []
    for part in parts:
        if joined and _open_quote(joined[-1]):
            joined[-1] += " " + part
        else:
            joined.append(part)
    return joined


def shorten(sentence: str, max_chars: int = MAX_CHARS) -> str:
    """Return the sentence, or its opening clauses up to max_chars followed by a visible '…'."""
    if len(sentence) <= max_chars:
        return sentence
    head = sentence[: max_chars - len(ELLIPSIS)]
    cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" — "), head.rfind(": "))
    if cut < max_chars // 2:
        cut = head.rfind(" ")
    return head[:cut].rstrip(" ,;:—") + ELLIPSIS


def never_quoted(sentence: str) -> str:
    """Return why a sentence may not be quoted: a withheld passage, or words for an AI/reader."""
    if WITHHELD in sentence:
        return "withheld passage"
    return addresses_a_reader(sentence)


class QuotePicker:
    """Picks, per colleague, the few sentences of their notes closest to a problem (with MMR)."""

    def __init__(
        self,
        meaning: Meaning,
        *,
        per_colleague: int = 2,
        relevance_weight: float = 0.7,
        flagged: Flagged = never_quoted,
        by_section: bool = True,
    ) -> None:
        self._meaning = meaning
        self.per_colleague = per_colleague
        self.relevance_weight = relevance_weight
        self._flagged = flagged
        self.by_section = (
            by_section  # weigh sentences by section and note (off: the eval's baseline)
        )

    def prepare(self, texts: Sequence[str], budget: int, batch: int = 64) -> int:
        """Embed (and cache) the quotable sentences of these notes, up to `budget`; return count."""
        pool = list(dict.fromkeys(s for text in texts for s in sentences(text)))[:budget]
        for start in range(0, len(pool), batch):
            self._meaning.vectors(pool[start : start + batch])
        return len(pool)

    def pick(
        self, problem: str, notes: Sequence[tuple[str, str]], k: int | None = None
    ) -> list[Quote]:
        """Return up to k quotes from these (doc id, text) notes: relevant first, not redundant."""
        k = self.per_colleague if k is None else k
        pool: list[tuple[str, str]] = []
        roles: list[str] = []
        seen: set[str] = set()
        for doc_id, text in notes:
            for section, sentence in sections(text):
                if sentence.lower() in seen or self._flagged(sentence):
                    continue
                seen.add(sentence.lower())
                pool.append((doc_id, sentence))
                roles.append(section)
        if not pool or k <= 0:
            return []
        rows = self._meaning.vectors([problem, *(s for _, s in pool)])
        relevance = rows[1:] @ rows[0]
        if self.by_section:
            lead = notes[0][0]  # the colleague's best match: its sentences are likelier on point
            relevance += LEAD_NOTE_BONUS * np.array([doc_id == lead for doc_id, _ in pool])
            relevance += KNOW_HOW_BONUS * np.array([r in KNOW_HOW for r in roles])
            relevance -= SITUATION_PENALTY * np.array([r == "situation" for r in roles])
        relevance += EXPERIENCE_BONUS * np.array([bool(_EXPERIENCE.search(s)) for _, s in pool])
        relevance -= LEANING_PENALTY * np.array([bool(_LEANING.match(s)) for _, s in pool])
        relevance -= ABOUT_THE_NOTE_PENALTY * np.array(
            [bool(_ABOUT_THE_NOTE.search(s)) for _, s in pool]
        )
        chosen = _mmr(relevance, rows[1:], k, self.relevance_weight)
        floor = SECOND_QUOTE_SHARE * float(relevance[chosen[0]])
        return [
            Quote(shorten(pool[i][1]), pool[i][0], float(relevance[i]), roles[i])
            for n, i in enumerate(chosen)
            if n == 0 or relevance[i] >= floor
        ]


def _mmr(relevance: np.ndarray, vectors: np.ndarray, k: int, weight: float) -> list[int]:
    """Return the indexes chosen by maximal marginal relevance, in the order chosen."""
    chosen: list[int] = []
    left = list(range(len(relevance)))
    while left and len(chosen) < k:
        if chosen:
            redundancy = (vectors[left] @ vectors[chosen].T).max(axis=1)
            gains = weight * relevance[left] - (1 - weight) * redundancy
        else:
            gains = relevance[left]
        best = left[int(np.argmax(gains))]
        chosen.append(best)
        left.remove(best)
    return chosen
