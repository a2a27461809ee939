"""Flagged passages: text in a note that may be meant for an AI, kept verbatim for its owner."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

WITHHELD = "[passage withheld until its author reviews it]"


@dataclass(frozen=True)
class Flag:
    """A passage the injection screen flagged, why, and whether it is withheld from the coach.

    A withheld passage stays in the stored note (searchable, shown to its owner) but reaches
    neither the model nor quotes until its owner keeps it; `kept` records that decision.
    """

    passage: str  # the author's exact words
    reason: str
    withheld: bool
    field: str = "text"  # text | title | team | tags
    kept: bool = False

    @property
    def id(self) -> str:
        """Return a stable id for the passage (its owner's decisions refer to it)."""
        return passage_id(self.passage)

    @property
    def excerpt(self) -> str:
        """Return the passage on one line, shortened for a report."""
        line = " ".join(self.passage.split())
        return line if len(line) <= 200 else line[:199] + "…"


def passage_id(passage: str) -> str:
    """Return the id of a passage: a hash of its words, whatever its spacing."""
    return hashlib.sha256(" ".join(passage.split()).encode()).hexdigest()[:16]


def flags_to_json(flags: Sequence[Flag]) -> str:
    """Return flags as the JSON string stored with a note's chunks ('' when none)."""
    return json.dumps([asdict(f) for f in flags], ensure_ascii=False) if flags else ""


def flags_from_json(raw: str) -> tuple[Flag, ...]:
    """Return the flags stored with a note (an unreadable value reads as none)."""
    try:
        items = json.loads(raw) if raw else []
    except json.JSONDecodeError:
        return ()
    return tuple(Flag(**item) for item in items if isinstance(item, dict))


def withheld_passages(flags: Sequence[Flag]) -> tuple[str, ...]:
    """Return the passages currently withheld from the coach."""
    return tuple(f.passage for f in flags if f.withheld and not f.kept)


def withhold(text: str, passages: Sequence[str], marker: str = WITHHELD) -> str:
    """Return text with each withheld passage (or its part at a chunk's edge) replaced by a marker.

    A chunk may start inside a passage or stop before its end: a passage's tail at the start of
    the text, or its head at the end, is replaced too (at least 20 characters of it).
    """
    for passage in passages:
        passage = passage.strip()
        if not passage:
            continue
        if passage in text:
            text = text.replace(passage, marker)
            continue
        text = _edge(text, passage, marker)
    return text


def _edge(text: str, passage: str, marker: str, least: int = 20) -> str:
    stripped = text.lstrip()
    for size in range(len(passage) - 1, least - 1, -1):  # the passage's tail opens the text
        if stripped.startswith(passage[-size:]):
            return marker + stripped[size:]
    body = text.rstrip()
    for size in range(len(passage) - 1, least - 1, -1):  # the passage's head closes the text
        if body.endswith(passage[:size]):
            return body[:-size] + marker
    return text
