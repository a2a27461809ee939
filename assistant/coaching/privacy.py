"""Offline PII scrubbing for lesson drafts: emails, phone numbers and known or likely names."""

from __future__ import annotations

import re
from collections.abc import Iterable

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHONE = re.compile(r"(?<!\w)(\+?\d[\d ()-]{7,}\d)(?!\w)")
# Two or three capitalised words in a row, not at a sentence start: likely a person's name.
_FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2})\b", re.M)
_NOT_NAMES = {"Peer Coach", "Troika Consulting", "Action Learning", "Consultancy Protocol"}


def scrub(text: str, names: Iterable[str] = (), *, guess_names: bool = True) -> str:
    """Return the text with emails, phone numbers and names replaced by neutral placeholders.

    Known names are always replaced; with `guess_names`, so are runs of capitalised words
    inside a sentence (off for titles, which are often in Title Case).
    """
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(lambda m: m.group(0) if _DATE.fullmatch(m.group(0)) else "[phone]", text)
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        for part in {name, *name.split()}:
            if len(part) > 2:
                text = re.sub(rf"\b{re.escape(part)}\b", "a colleague", text)
    if not guess_names:
        return text
    return _FULL_NAME.sub(lambda m: m.group(0) if m.group(0) in _NOT_NAMES else "a colleague", text)
