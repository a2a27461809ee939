"""The reply check: every coach reply is tested for the defects a manager notices at once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.tokens import encoding

# Each rule a reply can break, in the order they are reported.
RULES = (
    "pronoun_flip",  # "You said I feel stuck": the manager's "I" inside a sentence to them
    "stray_capital",  # "You said Probation ends": a capital the manager gives only names
    "coach_self_question",  # "What am I missing?": the coach asking about itself
    "placeholder",  # "<feeling>", "{situation}", "[name]" left from a prompt
    "cut_off",  # ",.", a dangling last word, a bare number, no final punctuation
    "foreign_script",  # letters of a script the manager did not write in
    "repeated_question",  # the same question as an earlier turn (by meaning)
    "many_questions",  # more than one question in one reply
    "advice",  # telling the manager what to do
)
# Advice: explicit recommendations, a list of steps, or a sentence that opens with an imperative.
ADVICE = re.compile(
    r"\b(you should|you could|you might want|you may want|i recommend|i suggest|i'd suggest|"
    r"make sure|it'?s important to|it is important to|here are|here's what|tips\b|steps you can)"
    r"|(?:^|[.!]\s+)(?:try|consider|start|focus|set|schedule|talk|ask|make|remember|avoid)\b"
    r"|^\s*(?:\d+\.|[-*•])\s",
    re.IGNORECASE | re.MULTILINE,
)
FIRST_PERSON = re.compile(
    r"\b(I|I'm|I've|I'd|I'll|me|my|mine|myself|we|we're|we've|we'll|us|our|ours|ourselves)\b"
)
_AFTER_SAID = re.compile(r"\b(?:said|mentioned that) ([A-Z][\w'’]*)")
_MID_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)(?<!\n)\b([A-Z][\w'’]*)", re.MULTILINE)
_PAIRED = re.compile(r"\b([A-Z][a-z]+) (?:and|&) [A-Z]")  # "Priya and Tomasz" opening a sentence
_SELF = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|myself)\b")
_PLACEHOLDER = re.compile(r"<[^<>\n]{0,40}>?|\{[^{}\n]{0,40}\}|\[[A-Za-z][A-Za-z _-]{0,30}\]|_{3,}")
# Words a finished English sentence does not end on (a question may end on "about" or "for").
# "her" is not one: "dropped sprint work for her" is whole.
DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "of",
        "to",
        "with",
        "from",
        "into",
        "onto",
        "than",
        "because",
        "if",
        "whether",
        "like",
        "just",
        "very",
        "my",
        "your",
        "our",
        "their",
        "his",
        "its",
        "i",
        "we",
        "they",
        "he",
        "she",
        "which",
        "whose",
    ]
)
DANGLING |= {"especially", "including", "except", "such", "namely"}
DANGLING |= {"it'll", "you'll", "they'll", "we'll", "i'll", "she'll", "he'll", "you're", "they're"}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# MiniLM cosine at or above which two questions ask the same thing, once the case's own words
# are masked in both (else "the promotion" in two different questions makes them look alike).
REPEAT_SIMILARITY = 0.62

Similarity = Callable[[str, Sequence[str]], float]  # a question vs earlier ones: highest cosine


@dataclass(frozen=True)
class Defect:
    """One broken rule and the words that broke it."""

    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


class ReplyChecker:
    """Finds the defects in a coach reply; the same check runs on every provider."""

    def __init__(self, similarity: Similarity | None = None) -> None:
        self._similarity = similarity  # by meaning; without it, repeats are found by wording

    def defects(
        self, reply: str, manager_text: str = "", earlier_questions: Sequence[str] = ()
    ) -> list[Defect]:
        """Return every defect of the reply (empty when it may be shown)."""
        found: list[Defect] = []
        sentences = split_sentences(reply)
        for sentence in sentences:
            if sentence.startswith("You") and (m := FIRST_PERSON.search(sentence)):
                found.append(Defect("pronoun_flip", f"{m.group(0)!r} in {sentence!r}"))
            if sentence.endswith("?") and (m := _SELF.search(sentence)):
                found.append(Defect("coach_self_question", sentence))
        names = set(_MID_CAPITAL.findall(manager_text)) | set(_PAIRED.findall(manager_text))
        names |= {w for w in re.findall(r"\b[A-Z][\w'’]*", manager_text) if is_name(w)}
        for m in _AFTER_SAID.finditer(reply):
            if m.group(1) not in names and not m.group(1).isupper():
                found.append(Defect("stray_capital", m.group(0)))
        if m := _PLACEHOLDER.search(reply):
            found.append(Defect("placeholder", m.group(0)))
        found += [Defect("cut_off", why) for why in cut_off(reply)]
        if foreign := foreign_scripts(reply, manager_text):
            found.append(Defect("foreign_script", ", ".join(sorted(foreign))))
        questions = [s for s in sentences if s.endswith("?")]
        if len(questions) > 1 or reply.count("?") > 1:
            found.append(Defect("many_questions", f"{reply.count('?')} question marks"))
        for question in questions[:1]:
            if self.repeats(question, earlier_questions, manager_text):
                found.append(Defect("repeated_question", question))
        if m := ADVICE.search(reply):
            found.append(Defect("advice", m.group(0).strip()))
        return found

    def repeats(self, question: str, earlier: Sequence[str], manager_text: str = "") -> bool:
        """Return True when the question asks what an earlier one asked (wording or meaning)."""
        if not earlier:
            return False
        words = _words(question)
        for before in earlier:
            other = _words(before)
            if words == other or len(words & other) / max(len(words | other), 1) >= 0.8:
                return True
        if self._similarity is None:
            return False
        case = _words(manager_text)
        masked = [mask_case_words(q, case) for q in earlier]
        return self._similarity(mask_case_words(question, case), masked) >= REPEAT_SIMILARITY


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a reply, stripped (markdown emphasis removed)."""
    plain = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text)
    return [s.strip() for s in _SENTENCE.findall(plain) if s.strip()]


def cut_off(text: str) -> list[str]:
    """Return why the reply looks cut off: ',.', a dangling last word, a bare number, no end."""
    why = []
    if re.search(r"[,;:]\s*[.!?]", text):
        why.append("a comma before the full stop")
    if re.search(r"\w\s+[.!?](?:\s|$)", text):
        why.append("a gap before the full stop")
    for sentence in split_sentences(text):
        if not sentence.endswith((".", "!", "?")):
            why.append(f"no final punctuation: {sentence[-30:]!r}")
            continue
        words = re.findall(r"[\w'%]+", sentence.lower())  # "85%" is not a bare number
        if not words:
            continue
        last = words[-1]
        if last in (DANGLING - _QUESTION_ENDS if sentence.endswith("?") else DANGLING):
            why.append(f"ends on {last!r}")
        elif last.isdigit() and not (len(last) == 4 or (len(words) > 1 and words[-2] in _COUNTED)):
            why.append(f"ends on a bare number {last!r}")
    return why


_QUESTION_ENDS = {"to", "with", "from", "of", "into", "onto", "like"}  # "Who do you report to?"
_COUNTED = {"of", "in", "at", "to", "by", "than", "from", "step", "level", "page", "version"}


def foreign_scripts(reply: str, manager_text: str) -> set[str]:
    """Return the scripts whose letters are in the reply but not in the manager's text."""
    return _scripts(reply) - _scripts(manager_text) - {"LATIN"}


def _scripts(text: str) -> set[str]:
    found = set()
    for char in text:
        if "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef":
            found.add("CJK")  # ideographic punctuation and full-width forms
        elif char.isalpha():
            name = unicodedata.name(char, "UNKNOWN")
            found.add(
                "CJK" if name.startswith(("CJK", "HIRAGANA", "KATAKANA")) else name.split()[0]
            )
    return found


# Words that make a question's frame, never masked as the case's own words.
_FRAME = set(
    [
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "would",
        "could",
        "should",
        "have",
        "about",
        "from",
        "that",
        "this",
        "they",
        "them",
        "their",
        "there",
        "been",
        "does",
        "your",
        "yours",
        "feel",
        "feeling",
        "felt",
        "think",
        "want",
        "like",
        "most",
        "more",
        "else",
        "next",
        "happen",
        "happened",
        "happening",
        "tried",
        "help",
        "peers",
        "people",
        "done",
        "make",
        "makes",
        "hard",
        "good",
        "look",
    ]
)


def mask_case_words(question: str, case: set[str]) -> str:
    """Return the question with the case's own words (not its frame) replaced by 'this'."""
    case = {w for w in case if len(w) > 3 and w not in _FRAME}
    return re.sub(
        r"[A-Za-z']+", lambda m: "this" if m.group(0).lower() in case else m.group(0), question
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def common_word(word: str) -> bool:
    """Return True when a capitalised word (4 letters or more) is an ordinary word, not a name."""
    return len(re.sub(r"['’]\w+$", "", word)) >= 4 and not is_name(word)


def is_name(word: str) -> bool:
    """Return True when a capitalised word reads as a name ("Priya", "Sam"), not a word ("If").

    The tokenizer's vocabulary tells: an ordinary word is one token in lowercase, more common
    than its capitalised form ("Probation", "Escalated"); a name is not ("Priya", "Marcus").
    Names that are also words ("Mark", "Will") count as names: kept capitalised.
    """
    stem = re.sub(r"['’]\w+$", "", word)
    lower = stem.lower()
    if lower in _NAME_WORDS or not stem.isalpha():
        return bool(stem.isalpha())
    low, cap = _token_id(" " + lower), _token_id(" " + stem[0].upper() + lower[1:])
    return not (low is not None and (cap is None or low < cap))


def also_a_word(name: str) -> bool:
    """Return True when a name is also an ordinary word ("Mark", "Will", "Sales"), not "Priya"."""
    return name.lower() in _NAME_WORDS or not is_name(name.capitalize())


@lru_cache(maxsize=4096)
def _token_id(text: str) -> int | None:
    tokens = encoding().encode(text)
    return tokens[0] if len(tokens) == 1 else None


# Names that are also English words: kept capitalised ("You said Mark keeps ...").
_NAME_WORDS = set(
    [
        "mark",
        "will",
        "bill",
        "grace",
        "hope",
        "joy",
        "faith",
        "frank",
        "jack",
        "rose",
        "april",
        "june",
        "august",
        "summer",
        "dawn",
        "drew",
        "rob",
        "sue",
        "art",
        "guy",
        "rich",
        "chase",
        "hunter",
        "mason",
        "carter",
        "cole",
        "dean",
        "lane",
        "page",
        "miles",
        "wade",
        "hale",
        "sky",
        "ray",
        "may",
        "jean",
        "gene",
        "bob",
        "ted",
        "ken",
        "sandy",
        "rusty",
        "victor",
        "amber",
        "ruby",
        "crystal",
        "penny",
    ]
)
