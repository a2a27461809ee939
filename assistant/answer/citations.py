"""Citations: find the `[n]` markers in a reply and map them to the notes shown to the model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.compose.grounded import Source

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def cited_numbers(text: str, sources: Sequence[Source]) -> list[int]:
    """Return the source numbers cited in `text`, in first-cited order, ignoring unknown ones."""
    valid = {s.number for s in sources}
    found: list[int] = []
    for match in _MARKER.finditer(text):
        for part in match.group(1).split(","):
            number = int(part)
            if number in valid and number not in found:
                found.append(number)
    return found


def render_sources(sources: Sequence[Source], cited: Sequence[int]) -> str:
    """Return a markdown list of sources, cited ones first and marked as such."""
    if not sources:
        return ""
    by_number = {s.number: s for s in sources}
    lines = ["**Sources**"] if cited else ["**Notes consulted** (none cited explicitly)"]
    order = list(cited) + [s.number for s in sources if s.number not in cited]
    for number in order:
        mark = "" if number in cited or not cited else " (not cited)"
        lines.append(f"- [{number}] {by_number[number].label()}{mark}")
    return "\n".join(lines)
