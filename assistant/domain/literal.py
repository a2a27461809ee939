"""User-supplied text inside markdown: shown as exactly its characters, never as markup."""

from __future__ import annotations

import re
from typing import Any

# Characters markdown or HTML reads as syntax anywhere in a line become numeric character
# references, which markdown shows as the character and never parses (also inside an HTML block).
_SYNTAX = "\\`*_[]<>|~$"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _SYNTAX}
# Syntax only in some places: a block marker at the start (heading, list, quote, rule), an
# entity, and what GFM turns into a link by itself (`http://`, `www.`, an email address).
_PLACED = re.compile(r"^[#+=-]|^\d+(?=[.)])|&(?=#?\w+;)|:(?=//)|(?i:(?<=www))\.|@")
# Markup in model replies that makes the browser fetch or link: images, links, raw HTML, autolinks.
_LIVE = re.compile(r"[\[\]<>@]|(?i:https?|ftp|mailto|www)(?=[:.])")


def literal(value: Any) -> str:
    """Return a user-supplied value as one line of markdown that renders as its plain text.

    No link, image, HTML tag, heading, list, table cell, emphasis or autolink survives: a title
    such as `Deadlines ![ ](/logout)` is shown as written and fetches nothing.
    """
    text = " ".join(str(value if value is not None else "").split())
    return _PLACED.sub(_entity, text).translate(_ENTITIES)  # references hold no syntax character


def _entity(match: re.Match[str]) -> str:
    found = match.group(0)
    return "".join(f"&#{ord(c)};" for c in found)


def literal_lines(value: Any) -> str:
    """Return multi-line user text as markdown paragraphs that render as plain text."""
    lines = [literal(line) for line in str(value or "").splitlines()]
    return "\n\n".join(line for line in lines if line)


def inert(markdown: str) -> str:
    """Return model-written markdown with its emphasis kept but no link, image, HTML or URL."""

    def defuse(match: re.Match[str]) -> str:
        found = match.group(0)
        if len(found) == 1:
            return f"&#{ord(found)};"
        return found[0] + "&#8203;" + found[1:]  # a zero-width space breaks the autolink

    return _LIVE.sub(defuse, markdown)
