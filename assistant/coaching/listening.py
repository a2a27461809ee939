"""Reflections built from the manager's own words: pick a clause, turn it to "you", end it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.coaching.checks import ReplyChecker, common_word
from assistant.coaching.voice import as_sentence, clauses, mentions_you, second_person, trim_clause

MAX_WORDS = 20  # a reflection gives back one clause, not the whole message
_LEAD = re.compile(
    r"^(?:honestly|well|so|basically|anyway|also|plus|and|but|ok|okay|yes|yeah|right|"
    r"to be honest|frankly|i mean|i guess|i think that|the thing is|in short)\b[,:]?\s*",
    re.IGNORECASE,
)
# What a manager's clause is about, by its words (a clause can carry several).
FEELING = re.compile(
    r"\b(feel|feeling|felt|afraid|scared|worried|worry|worries|anxious|nervous|frustrat\w*|"
    r"fed up|stuck|tired|exhausted|overwhelm\w*|angry|upset|awkward|uneasy|guilty|rotten|"
    r"torn|lost|unsure|not sure|don't know|can't|cannot|hard|difficult|tough|struggl\w*)\b",
    re.IGNORECASE,
)
TRIED = re.compile(
    r"\b(tried|try(?:ing)?|attempted|escalated|retrained|paired|coached|raised it|"
    r"(?:I|we)(?:'ve| have)? (?:talked|spoke|spoken|asked|told|met|sat down|gave|given|set up|"
    r"introduced|suggested|offered|moved|started|ran|run|put|sent|added|held|had a)|"
    r"didn'?t (?:help|work|change)|did not (?:help|work)|nothing (?:changed|changes|works|worked)|"
    r"no (?:change|luck|difference))\b",
    re.IGNORECASE,
)
HELP = re.compile(
    r"\b(I'?d like|I would like|I want (?:to|them|the|ideas|help|advice|input|a)|"
    r"I need (?:ideas|help|advice|input|a way|to know|to figure)|I'?m looking for|"
    r"hoping (?:for|to)|ideas (?:on|for|about)|advice (?:on|about)|help (?:me|with|preparing)|"
    r"peers?|my group|the group|troika|what question to ask|how (?:do|can|should|could) I)\b",
    re.IGNORECASE,
)
STAKES = re.compile(
    r"\b(at stake|risk\w*|lose|losing|leave|leaving|quit|resign\w*|burn(?:ed|t)? out|burnout|"
    r"pressure|matters?|important|morale|reputation|afraid|scared|worried|worry|fear\w*|"
    r"hard|difficult|tough|tricky|can'?t afford|if (?:this|it|nothing) (?:goes|stays|changes))",
    re.IGNORECASE,
)
TROUBLE = re.compile(
    r"\b(stopp?ed|won'?t|refus\w*|conflict|compet\w*|blam\w*|miss(?:ed|es|ing)?|late|slipp?\w*|"
    r"fail\w*|complain\w*|ignor\w*|avoid\w*|resist\w*|tension|argu\w*|clash\w*|deadlock\w*|"
    r"dismiss\w*|bypass\w*|dropp?ed|behind|underperform\w*|errors?|mistakes?|quit|leav\w*)\b",
    re.IGNORECASE,
)
PEOPLE = re.compile(
    r"\b(my (?:boss|manager|director|reports?|leads?|peers?|colleagues?|vp|head|ceo|cto)|"
    r"director|hr|ceo|cto|vp|stakeholders?|clients?|customers?|two of (?:them|my)|"
    r"(?:he|she|they) (?:said|told|says|thinks))\b",
    re.IGNORECASE,
)


def candidates(message: str) -> list[str]:
    """Return the parts of a message worth reflecting: whole short sentences, then clauses."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n+", message):
        words = sentence.split()
        if 4 <= len(words) <= MAX_WORDS and not sentence.rstrip().endswith("?"):
            found.append(sentence.strip())
    for clause in clauses(message):
        if clause not in found and not clause.rstrip().endswith("?"):
            found.append(clause)
    return [_LEAD.sub("", c).strip() for c in found if len(c.split()) >= 3]


def weight(clause: str) -> float:
    """Return how much a clause is worth giving back (feelings and stakes first)."""
    score = 0.0
    score += 3 if FEELING.search(clause) else 0
    score += 2 if TRIED.search(clause) else 0
    score += 2 if HELP.search(clause) else 0
    score += 1.5 if STAKES.search(clause) else 0
    score += 1.5 if TROUBLE.search(clause) else 0
    score += 0.08 * min(len(clause.split()), 16)  # more of the manager's words, up to a point
    score += 1 if re.match(r"(?i)(I|I'm|I've|we|we're|my|our)\b", clause) else 0
    score -= max(0, len(clause.split()) - 16) * 0.2
    return score


def compose(clause: str, turn: int = 0, lowercase: set[str] | None = None) -> str:
    """Return the clause as a reflection in the second person, one finished sentence.

    After "You said", the clause's first word is lowercased when it is a common word or the
    manager also writes it in lowercase (`lowercase`); names keep their capital.
    """
    if subjectless(clause):
        clause = "I " + clause[0].lower() + clause[1:]
    text = second_person(trim_clause(clause, MAX_WORDS)).strip(" .,;:")
    first = text.split(" ", 1)[0]
    if first.lower().replace("’", "'") in {"you", "you're", "you've", "you'd", "you'll", "your"}:
        body = first.lower() + text[len(first) :]
        return as_sentence(("so " + body) if turn % 2 else body)
    return as_sentence(
        ("You mentioned that " if turn % 2 else "You said ") + lower_first(text, lowercase)
    )


def lower_first(text: str, lowercase: set[str] | None = None) -> str:
    """Return the text with its first word lowercased when it is a common word (not a name)."""
    first = text.split(" ", 1)[0]
    word = first.lower().replace("’", "'")
    if word in _COMMON or word in (lowercase or set()) or first.isdigit() or common_word(first):
        return first.lower() + text[len(first) :]
    return text


def subjectless(clause: str) -> bool:
    """Return True when the clause starts with a verb and leaves out its "I" ("Escalated twice")."""
    first = clause.split(" ", 1)[0].lower().replace("’", "'")
    if first in _NO_SUBJECT:
        return True
    second = clause.split()[1].lower() if len(clause.split()) > 1 else ""
    return first.endswith("ed") and second not in {"by", "in", "to"} and common_word(first)


def reflection(
    message: str,
    checker: ReplyChecker,
    turn: int = 0,
    given_back: Sequence[str] = (),
) -> str:
    """Return a clean reflection of the message, or '' when no part of it can be given back.

    Clauses already given back in earlier turns are skipped; each candidate is checked.
    """
    ranked = sorted(  # whole clauses before ones that must be cut to fit
        (c for c in candidates(message) if not mentions_you(c)),
        key=lambda c: (len(c.split()) > MAX_WORDS, -weight(c)),
    )
    lowercase = set(re.findall(r"\b[a-z][a-z']+\b", message))
    for clause in ranked:
        if any(_same(clause, old) for old in given_back):
            continue
        if len(clause.split()) > MAX_WORDS and len(trim_clause(clause, MAX_WORDS).split()) < 8:
            continue  # cutting it to fit would leave a fragment ("the head of sales, Renata")
        text = compose(clause, turn, lowercase)
        if not checker.defects(text, message):
            return text
    return ""


def _same(clause: str, given: str) -> bool:
    """Return True when a clause is mostly what an earlier reflection gave back."""
    x = set(re.findall(r"[a-z']+", second_person(clause).lower()))
    y = set(re.findall(r"[a-z']+", given.lower())) - {"so", "said", "mentioned"}
    return len(x & y) >= 0.7 * len(x)


_COMMON = set(
    [
        "she's",
        "he's",
        "it's",
        "they're",
        "there's",
        "that's",
        "new",
        "old",
        "many",
        "no",
        "our",
        "you",
        "you're",
        "you've",
        "you'd",
        "you'll",
        "your",
        "the",
        "a",
        "an",
        "two",
        "three",
        "four",
        "five",
        "six",
        "one",
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "every",
        "everyone",
        "everybody",
        "nobody",
        "none",
        "some",
        "most",
        "all",
        "each",
        "after",
        "since",
        "last",
        "for",
        "when",
        "in",
        "on",
        "at",
        "by",
        "with",
        "nothing",
        "something",
        "his",
        "her",
        "their",
        "its",
        "he",
        "she",
        "they",
        "we",
        "our",
        "my",
    ]
)
_COMMON |= {"if", "because", "although", "though", "while", "before", "once", "unless", "until"}
_COMMON |= {"as", "whenever", "whether", "then", "now", "today", "yesterday", "tomorrow", "not"}
# Clauses that leave out their "I": "Haven't raised it with her", "Tried pairing them".
_NO_SUBJECT = set(
    ["haven't", "hadn't", "didn't", "don't", "can't", "couldn't", "won't", "wouldn't", "wasn't"]
)
_NO_SUBJECT |= {"tried", "spoke", "told", "gave", "sat", "met", "ran", "went", "took", "feel"}
