"""Offline PII scrubbing for lesson drafts: emails, phone numbers and known or likely names."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from assistant.coaching.checks import also_a_word, is_name

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Numbers without a country code are read as any of these countries' (with one: every country).
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU")
# Two or three capitalised words in a row, not at a sentence start: possibly a person's name.
_FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2})\b", re.M)
_NOT_NAMES = {"Peer Coach", "Troika Consulting", "Action Learning", "Consultancy Protocol"}
# Words that make a capitalised phrase a day, a month or a place rather than a person.
_NOT_NAME_WORDS = set(
    str.split(
        "monday tuesday wednesday thursday friday saturday sunday january february march april may "
        "june july august september october november december new san santa los las hong buenos "
        "kuala tel cape abu sao saint st north south east west mount lake port fort palo salt rio "
        "upper lower great little old"
    )
)


def scrub(text: str, names: Iterable[str] = (), *, guess_names: bool = True) -> str:
    """Return the text with emails, phone numbers and names replaced by neutral placeholders.

    Known names are replaced in any case ("priya", "PRIYA"; a part that is also a word, such
    as "Mark", only capitalised); with `guess_names`, so are runs of two or three capitalised
    words inside a sentence that read as a person's name (off for titles, often in Title Case).
    """
    text = _EMAIL.sub("[email]", text)
    text = _phones(text)
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        for part in sorted({name, *name.split()}, key=len, reverse=True):
            if len(part) > 2:
                flags = re.IGNORECASE if " " in part or not also_a_word(part) else 0
                text = re.sub(rf"\b{re.escape(part)}\b", "a colleague", text, flags=flags)
    if not guess_names:
        return text
    return _FULL_NAME.sub(lambda m: "a colleague" if _likely_name(m.group(0)) else m.group(0), text)


def _phones(text: str) -> str:
    """Return the text with every valid phone number (a maintained library decides) replaced."""
    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            spans.add((match.start, match.end))
    for start, end in sorted(spans, reverse=True):
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
            text = text[:start] + "[phone]" + text[end:]
    return text


def _likely_name(phrase: str) -> bool:
    """Return True when capitalised words read as a person's name, not a day, place or phrase."""
    if phrase in _NOT_NAMES:
        return False
    words = re.split(r"[- ]", phrase)
    return not any(w.lower() in _NOT_NAME_WORDS for w in words) and all(map(is_name, words))


def names_in(text: str) -> set[str]:
    """Return capitalised words (or runs of them) that read as people's names ("Tobias Brenner")."""
    found = set()
    for run in re.findall(r"\b[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})*\b", text):
        names = [w for w in run.split() if w not in _NOT_NAMES and _likely_name(w)]
        found.update(names)
        if len(names) == len(run.split()) > 1:
            found.add(run)
    return found
