"""The things the coach remembers for a manager, as plain records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CoachingSession:
    """One prepare or reflect conversation: its flow state and transcript."""

    id: str
    user: str
    kind: str  # "prepare" | "reflect"
    state: dict[str, Any] = field(default_factory=dict)
    messages: list[dict[str, str]] = field(default_factory=list)
    created: str = ""
    updated: str = ""


@dataclass
class CaseBrief:
    """What a manager brings to a peer session: situation, framing question, help wanted."""

    id: str
    user: str
    session_id: str
    protocol: str
    situation: str
    framing_question: str
    tried: str
    help_wanted: str
    know_how: list[dict[str, Any]] = field(default_factory=list)  # cited notes
    peers: list[dict[str, Any]] = field(default_factory=list)  # suggested colleagues
    created: str = ""
    shared: str = ""  # "yes" once its author lets it count in the programme's learning view


@dataclass
class JournalEntry:
    """A private reflection after a session, in the manager's own words."""

    id: str
    user: str
    session_id: str
    framework: str
    answers: list[dict[str, str]]  # [{stage, title, question, answer}]
    created: str = ""


@dataclass
class Commitment:
    """Something a manager said they will do, and by when."""

    id: str
    user: str
    entry_id: str
    what: str
    by_when: str = ""
    status: str = "open"  # open | done | dropped
    created: str = ""
    updated: str = ""


@dataclass
class Lesson:
    """A transferable insight drafted from a journal entry, shared only once its author approves."""

    id: str
    user: str
    entry_id: str
    title: str
    text: str
    tags: list[str] = field(default_factory=list)
    status: str = "draft"  # draft | approved | discarded
    visibility: str = "org"
    group: str = ""
    doc_id: str = ""  # the note id once approved and ingested
    created: str = ""
    updated: str = ""
