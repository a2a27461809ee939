"""Peer groups: who belongs to which group, in a groups file next to the users file."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from assistant.storage.atomic import read_json, write_json

GROUP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
WHEN = "%Y-%m-%d %H:%M"


class GroupError(ValueError):
    """A group cannot be created or changed as asked; the message says why."""


SESSION_STATUSES = ("planned", "held", "cancelled")


@dataclass(frozen=True)
class GroupSession:
    """One meeting on a group's schedule: when (YYYY-MM-DD HH:MM) and whether it happened."""

    when: str
    status: str = "planned"


@dataclass(frozen=True)
class Group:
    """A peer group: its name, what it is for, how it meets and who is in it."""

    name: str
    members: tuple[str, ...] = ()
    purpose: str = ""
    cadence: str = ""
    protocol: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    schedule: tuple[GroupSession, ...] = ()
    formed: str = ""  # YYYY-MM-DD the group was confirmed

    def planned(self) -> list[str]:
        """Return the times of the sessions still planned, soonest first."""
        return [s.when for s in self.schedule if s.status == "planned"]

    def upcoming(self, now: str) -> list[GroupSession]:
        """Return the planned sessions from `now` (YYYY-MM-DD HH:MM) on, soonest first."""
        return [s for s in self.schedule if s.status == "planned" and s.when >= now]

    def held(self) -> int:
        """Return how many of the group's sessions were held."""
        return sum(s.status == "held" for s in self.schedule)


class GroupDirectory:
    """Reads and writes the groups file; membership is what group visibility is built from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def groups(self) -> list[Group]:
        """Return every group, by name."""
        return sorted(self._read().values(), key=lambda g: g.name)

    def get(self, name: str) -> Group | None:
        """Return the group with this name, or None."""
        return self._read().get(name)

    def groups_of(self, username: str) -> list[Group]:
        """Return the groups a user belongs to, by name."""
        return [g for g in self.groups() if username in g.members]

    def save(self, group: Group) -> Group:
        """Create or update a group (members deduplicated and sorted)."""
        if not GROUP_NAME.match(group.name):
            raise GroupError("a group name is 2-48 characters: lower-case letters, digits and '-'")
        group = replace(
            group,
            members=tuple(sorted(set(group.members))),
            schedule=tuple(sorted(set(group.schedule), key=lambda s: s.when)),
        )
        with self._lock:
            groups = self._read()
            groups[group.name] = group
            self._write(groups)
        return group

    def add_members(self, name: str, *usernames: str) -> Group:
        """Add people to a group."""
        group = self._existing(name)
        return self.save(replace(group, members=(*group.members, *usernames)))

    def remove_members(self, name: str, *usernames: str) -> Group:
        """Take people out of a group."""
        group = self._existing(name)
        return self.save(
            replace(group, members=tuple(m for m in group.members if m not in usernames))
        )

    def plan_sessions(self, name: str, *whens: str) -> Group:
        """Add meetings (YYYY-MM-DD HH:MM) to a group's schedule."""
        group = self._existing(name)
        for when in whens:
            check_when(when)
        known = {s.when for s in group.schedule}
        added = tuple(GroupSession(w) for w in whens if w not in known)
        return self.save(replace(group, schedule=(*group.schedule, *added)))

    def mark_session(self, name: str, when: str, status: str) -> Group:
        """Record that a scheduled meeting was held or cancelled (or is planned again)."""
        if status not in SESSION_STATUSES:
            raise GroupError(f"status must be one of {', '.join(SESSION_STATUSES)}")
        group = self._existing(name)
        if when not in {s.when for s in group.schedule}:
            raise GroupError(f"{name} has no session at {when}")
        schedule = tuple(
            GroupSession(s.when, status) if s.when == when else s for s in group.schedule
        )
        return self.save(replace(group, schedule=schedule))

    def remove(self, name: str) -> None:
        """Delete a group (its notes stay, visible to no one until it is re-created)."""
        with self._lock:
            groups = self._read()
            if groups.pop(name, None) is None:
                raise GroupError(f"no group {name}")
            self._write(groups)

    def forget_member(self, username: str) -> int:
        """Remove a user from every group; return how many groups they left."""
        left = 0
        with self._lock:
            groups = self._read()
            for name, group in groups.items():
                if username in group.members:
                    members = tuple(m for m in group.members if m != username)
                    groups[name] = replace(group, members=members)
                    left += 1
            if left:
                self._write(groups)
        return left

    def _existing(self, name: str) -> Group:
        group = self.get(name)
        if group is None:
            raise GroupError(f"no group {name}")
        return group

    def _read(self) -> dict[str, Group]:
        raw = read_json(self.path, {}).get("groups", {})
        return {
            name: Group(
                **{
                    **record,
                    "members": tuple(record.get("members", ())),
                    "schedule": tuple(GroupSession(**s) for s in record.get("schedule", ())),
                }
            )
            for name, record in raw.items()
        }

    def _write(self, groups: dict[str, Group]) -> None:
        write_json(self.path, {"groups": {name: asdict(g) for name, g in groups.items()}})


def check_when(when: str) -> str:
    """Return a meeting time if it reads as YYYY-MM-DD HH:MM, else raise GroupError."""
    try:
        dt.datetime.strptime(when, WHEN)
    except ValueError:
        raise GroupError(f"{when!r} is not a time like 2026-12-08 15:00") from None
    return when
