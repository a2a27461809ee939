"""Voice: a manager's own words, split into clauses and reflected back in the second person."""

from __future__ import annotations

import re


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


DANGLING: frozenset[str] = _wordset(
    "a an the especially including except such namely and or but so to of for with about from "
    "in on at by as than that which who whose "
    "if because like just really very my your our their his its is are was were be been being "
    "have has had do does did will would can could should i we they he she into onto over under "
    "after before until while when where what how whether also even not no"
)
"""Trailing words that mean a sentence was cut off (lowercase).

Object pronouns (me, you, it, her, them, us) are left out: "she ignores me" is complete.
"""

_SENTENCE_END = re.compile(r"[.!?;…]+(?=[\"'”’)\]]*(?:\s|$))|\n+")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "cf", "mr", "mrs", "ms", "dr", "approx", "ca"})
_CLAUSE_BREAK = re.compile(
    r",\s+(?:but|and|so|which)\s+|\s+(?:but|because|although)\s+"
    r"|(?<!\bas)\s+(?:even\s+)?though\s+|\s+[-–]\s+|\s*—\s*|:\s+",
    re.IGNORECASE,
)
_LEADING_CONNECTIVE = re.compile(
    r"^(?:(?:and|but|so|because|although|though|which)\b[\s,]*)+", re.I
)
_TRAILING_PUNCTUATION = " \t\n.,;:-–—…!?"
_END_CHARS = _TRAILING_PUNCTUATION.replace("!?", "") + "\"'“”‘’()[]{}"
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’-]\w+)*")
_SWAP = {
    "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll",
    "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
    "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll",
}  # fmt: skip
_AGREE = {"am": "are", "was": "were", "wasn't": "weren't"}
_ADVERBS = _wordset("really just also always never still often honestly actually probably")
_ASIDES = _wordset("think guess suppose believe mean feel reckon know hope admit")
_YOU = re.compile(r"(?<![\w'’])(?:you(?:rs?|rself|rselves)?|y['’]all)(?![\w-])", re.IGNORECASE)
_BOUNDARY_WORDS = frozenset({"and", "but", "because", "which", "that", "when", "so"})
_MIN_WORDS = 3
_WH = _wordset("how what where when why who")
_KNOWING = _wordset("sure know knew idea wonder wondering see understand")


def clauses(message: str) -> list[str]:
    """Return the message's sentences split further at clause boundaries, trimmed, in order."""
    found: list[str] = []
    for sentence in _sentences(message):
        for piece in _CLAUSE_BREAK.split(sentence):
            piece = _LEADING_CONNECTIVE.sub("", piece.strip(_END_CHARS)).strip(_END_CHARS)
            if len(piece.split()) >= _MIN_WORDS:
                found.append(piece)
    return found


def second_person(text: str) -> str:
    """Return the text with the speaker's first person turned into the second person."""
    words = list(_WORD.finditer(text))
    out: list[str] = []
    pos = 0
    for i, match in enumerate(words):
        out.append(text[pos : match.start()])
        out.append(_swap(text, words, i))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def mentions_you(text: str) -> bool:
    """Return True when the text already addresses someone as you/your (a quote, a question)."""
    return _YOU.search(text) is not None


def trim_clause(text: str, max_words: int = 18) -> str:
    """Return the clause cut to at most max_words at a natural boundary, with no dangling word."""
    words = text.split()
    if len(words) > max_words:
        cuts = [k for k in range(4, max_words + 1) if _is_boundary(words, k)]
        words = words[: cuts[-1] if cuts else max_words]
    while words:
        last = words[-1].rstrip(_TRAILING_PUNCTUATION)
        if not last:
            words.pop()
            continue
        words[-1] = last
        if len(words) <= _MIN_WORDS or not _dangles(words):
            break
        words.pop()
    return " ".join(words)


def as_sentence(text: str) -> str:
    """Return the text as one sentence: first letter capitalised, one final full stop."""
    text = " ".join(text.split()).rstrip(" ,;:-–—.!?…")
    if not text:
        return ""
    lead = len(text) - len(text.lstrip("\"'“‘(["))
    if lead < len(text):
        text = text[:lead] + text[lead].upper() + text[lead + 1 :]
    return text + "."


def _sentences(message: str) -> list[str]:
    """Split at sentence ends, not inside numbers (2.5) or after abbreviations (e.g.)."""
    pieces: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(message):
        before = message[start : end.start()].split()
        if end.group().startswith(".") and before and before[-1].lower() in _ABBREVIATIONS:
            continue
        pieces.append(message[start : end.end()])
        start = end.end()
    pieces.append(message[start:])
    return [p for p in pieces if p.strip()]


def _is_boundary(words: list[str], k: int) -> bool:
    """Whether cutting before words[k] ends the text at a clause boundary."""
    after_comma = words[k - 1].endswith((",", ";", ":"))
    return after_comma or (k < len(words) and words[k].lower() in _BOUNDARY_WORDS)


def _dangles(words: list[str]) -> bool:
    """Whether the last word needs a continuation (a DANGLING word or a stray bare number)."""
    last = words[-1].lower().replace("’", "'")
    if last in _WH and len(words) > 1 and words[-2].lower().strip(",") in _KNOWING:
        return False  # "not sure how", "I don't know why": whole
    if last in DANGLING:
        return True
    year = len(last) == 4 and last.startswith(("19", "20"))
    previous = words[-2].lower() if len(words) > 1 else ""
    return last.isdigit() and not year and previous not in DANGLING


def _match_case(template: str, word: str) -> str:
    """Return word with its first letter capitalised when the template's is."""
    return word[0].upper() + word[1:] if template[:1].isupper() else word


def _is_i(word: str) -> bool:
    return word in ("I", "i")


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    return not text[first.end() : second.start()].strip()


def _swap(text: str, words: list[re.Match[str]], i: int) -> str:
    """Return the replacement for words[i], given its neighbours."""
    word = words[i].group()
    key = word.lower().replace("’", "'")
    apostrophe = "’" if "’" in word else "'"
    if len(word) > 1 and word.isupper():
        return word  # "US", "ME", "IT": acronyms or shouting, not the speaker
    if _is_i(word) or (key.startswith("i'") and key in _SWAP):
        swapped = _SWAP.get(key, "you").replace("'", apostrophe)
        before = text[: words[i].start()].rstrip(" \t\"'“‘([")
        return _match_case("A" if not before or before[-1] in ".!?…\n" else "a", swapped)
    if key in _SWAP:
        return _match_case(word, _SWAP[key].replace("'", apostrophe))
    if key in _AGREE and _agrees(text, words, i):
        return _match_case(word, _AGREE[key].replace("'", apostrophe))
    return word


def _agrees(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Whether words[i] (am/was) has the speaker's "I" as its subject."""
    prev = [words[j] for j in (i - 1, i - 2) if j >= 0]
    if prev and _is_i(prev[0].group()) and _adjacent(text, prev[0], words[i]):
        return True
    if len(prev) == 2 and _is_i(prev[1].group()) and prev[0].group().lower() in _ADVERBS:
        return _adjacent(text, prev[1], prev[0]) and _adjacent(text, prev[0], words[i])
    if i + 1 < len(words) and _is_i(words[i + 1].group()):
        aside = i + 2 < len(words) and words[i + 2].group().lower() in _ASIDES
        return _adjacent(text, words[i], words[i + 1]) and not aside
    return False
