"""Notes: one piece of captured know-how, the kinds and visibilities it may have."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.flags import Flag, withheld_passages

NOTE_TYPES = ("case", "lesson", "session-note", "journal")
VISIBILITIES = ("private", "group", "org")


class NoteError(ValueError):
    """A file or record could not be read as a note; the message says why."""


@dataclass(frozen=True)
class Note:
    """A document of know-how: its text and who wrote it, when, for whom."""

    doc_id: str
    title: str
    text: str
    author: str
    team: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()
    type: str = "case"
    visibility: str = "org"
    group: str = ""
    source: str = ""
    source_id: str = ""  # the file the note came from; one file can hold many notes (JSONL)
    external_id: str = ""  # the record's own id in its source, when it has one
    owner: str = ""  # the username who may forget it ('' = managed by whoever runs the ingest)
    verified: str = ""  # YYYY-MM-DD its owner last checked it still holds
    review_by: str = ""  # YYYY-MM-DD it is due for another check ('' = a year after verified/date)
    flags: tuple[Flag, ...] = ()  # passages the injection screen flagged (see domain.flags)

    @property
    def withheld(self) -> tuple[str, ...]:
        """Return the passages withheld from the coach until the owner reviews them."""
        return withheld_passages(self.flags)
