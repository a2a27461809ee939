"""Search filters (scopes, team, tags, kind, dates) as a Chroma `where` and as a Python test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.domain.metadata import TAG_PREFIX, NoteMetadata, date_number

# Without a signed-in reader (see assistant.people.access), only org-wide notes can be found.
ORG_ONLY = ("org",)


@dataclass(frozen=True)
class SearchFilters:
    """What a search is limited to; empty fields do not filter."""

    teams: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive
    scopes: tuple[str, ...] = ORG_ONLY  # the reader's allow-list: org, group:<g>, user:<u>

    @property
    def narrows(self) -> bool:
        """Return True when anything beyond the reader's scopes limits the search."""
        return bool(self.teams or self.tags or self.types or self.since or self.until)

    def where(self) -> dict[str, Any]:
        """Return the Chroma `where` clause for these filters (an allow-list, never `$ne`)."""
        clauses: list[dict[str, Any]] = [{"scope": {"$in": list(self.scopes)}}]
        if self.teams:
            clauses.append({"team": {"$in": list(self.teams)}})
        if self.types:
            clauses.append({"type": {"$in": list(self.types)}})
        if self.tags:
            tag_clauses = [{TAG_PREFIX + tag: True} for tag in self.tags]
            clauses.append(tag_clauses[0] if len(tag_clauses) == 1 else {"$or": tag_clauses})
        if self.since:
            clauses.append({"date_num": {"$gte": date_number(self.since)}})
        if self.until:
            clauses.append({"date_num": {"$lte": date_number(self.until)}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: Mapping[str, Any] | NoteMetadata) -> bool:
        """Return True when a chunk's metadata passes these filters (same rule as `where`)."""
        note = (
            metadata if isinstance(metadata, NoteMetadata) else NoteMetadata.from_stored(metadata)
        )
        if note.scope not in self.scopes:
            return False
        if self.teams and note.team not in self.teams:
            return False
        if self.types and note.type not in self.types:
            return False
        if self.tags and not any(tag in note.tags for tag in self.tags):
            return False
        if self.since and note.date_num < date_number(self.since):
            return False
        return not (self.until and note.date_num > date_number(self.until))
