"""Option types whose choices `--help` lists, built from the core's own tuples of values."""

from __future__ import annotations

from enum import StrEnum

from assistant.coaching.protocols import frameworks, protocols
from assistant.domain.notes import NOTE_TYPES, VISIBILITIES
from assistant.people.directory import ROLES

# StrEnum members compare equal to their values, so the services receive plain strings.
NoteType = StrEnum("NoteType", [(v, v) for v in NOTE_TYPES])  # type: ignore[misc]
Visibility = StrEnum("Visibility", [(v, v) for v in VISIBILITIES])  # type: ignore[misc]
SharedVisibility = StrEnum("SharedVisibility", [(v, v) for v in ("org", "group")])  # type: ignore[misc]
Role = StrEnum("Role", [(v, v) for v in ROLES])  # type: ignore[misc]
Protocol = StrEnum("Protocol", [(v, v) for v in protocols()])  # type: ignore[misc]
Framework = StrEnum("Framework", [(v, v) for v in frameworks()])  # type: ignore[misc]
CoachingMode = StrEnum("CoachingMode", [(v, v) for v in ("prepare", "reflect", "capture")])  # type: ignore[misc]
