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


def cited_first(sources: Sequence[Source], cited: Sequence[int]) -> list[Source]:
    """Return the sources in citation order, then the ones the reply did not cite."""
    by_number = {s.number: s for s in sources}
    order = [n for n in cited if n in by_number]
    return [by_number[n] for n in order] + [s for s in sources if s.number not in order]


def sources_heading(cited: Sequence[int]) -> str:
    """Return the heading of a source list: 'Sources', or a warning that nothing was cited."""
    return "Sources" if cited else "Notes consulted (none cited explicitly)"


def render_sources(sources: Sequence[Source], cited: Sequence[int]) -> str:
    """Return a markdown list of sources, cited ones first and marked as such."""
    if not sources:
        return ""
    lines = [f"**{sources_heading(cited)}**"]
    for source in cited_first(sources, cited):
        mark = " (not cited)" if cited and source.number not in cited else ""
        lines.append(f"- [{source.number}] {source.label()}{mark}")
    return "\n".join(lines)
