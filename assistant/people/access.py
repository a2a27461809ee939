"""Who may read what: each note has one scope; a reader's allow-list comes from their groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.domain.scopes import ORG
from assistant.people.groups import GroupDirectory
from assistant.retrieve.filters import SearchFilters


@dataclass(frozen=True)
class Reader:
    """Someone reading the knowledge base: their username and the groups they belong to."""

    user: str
    groups: tuple[str, ...] = ()

    def scopes(self) -> tuple[str, ...]:
        """Return the only scopes this reader may see: the org, their groups, their own notes."""
        return (ORG, *(f"group:{g}" for g in self.groups), f"user:{self.user}")


class Access:
    """Builds every search's allow-list from the signed-in user's memberships."""

    def __init__(self, groups: GroupDirectory) -> None:
        self._groups = groups

    def reader(self, user: str) -> Reader:
        """Return the reader for a signed-in user (their groups looked up now, not cached)."""
        if not user:
            raise PermissionError("no signed-in user")
        return Reader(user, tuple(g.name for g in self._groups.groups_of(user)))

    def filters(self, user: str, **narrowing: Any) -> SearchFilters:
        """Return search filters for this user: their allow-list plus any narrowing fields."""
        return SearchFilters(scopes=self.reader(user).scopes(), **narrowing)

    def groups_of(self, user: str) -> list[str]:
        """Return the names of the groups a user belongs to."""
        return list(self.reader(user).groups)
