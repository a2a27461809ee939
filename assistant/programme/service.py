"""The programme service: what owners may do with groups and the learning view, checked here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.coaching.protocols import protocols
from assistant.domain.freshness import freshness, verification
from assistant.index.chroma_store import NoteIndex
from assistant.memory.store import CoachStore
from assistant.people.access import Access
from assistant.people.directory import User, UserDirectory
from assistant.people.groups import GROUP_NAME, Group, GroupDirectory, GroupError, GroupSession
from assistant.programme.calendar import group_calendar
from assistant.programme.design import protocol_for
from assistant.programme.experience import Experience, experience_of
from assistant.programme.fitstore import FitStore
from assistant.programme.forming import (
    FormingError,
    Rules,
    Suggestion,
    broken_rules,
    suggest_groups,
)
from assistant.programme.insights import LearningView, due_for_review, learning_view
from assistant.programme.kickoff import kickoff_pack
from assistant.programme.schedule import meeting_times

PER_GROUP = "per-group"  # confirm: each group gets the protocol its members' answers suit


class NotOwnerError(PermissionError):
    """Only a programme owner may do this."""


def owner_in(users: UserDirectory, user: str) -> User:
    """Return the user if they are a programme owner, or raise NotOwnerError."""
    found = users.get(user)
    if found is None or found.role != "owner":
        raise NotOwnerError("only a programme owner can do this")
    return found


@dataclass(frozen=True)
class MyGroup:
    """A group as one of its members sees it: who, when, and the know-how shared with it."""

    group: Group
    members: list[User]
    upcoming: list[GroupSession]
    notes: list[dict[str, Any]]


@dataclass(frozen=True)
class Overview:
    """What the owner's Programme tab opens with: people, groups, the learning view, what is due."""

    people: list[User]
    unplaced: list[str]
    groups: list[Group]
    learning: LearningView
    due: list[dict[str, str]]


class ProgrammeService:
    """Forms and launches peer groups and builds the learning view; checks the caller's role."""

    def __init__(
        self,
        users: UserDirectory,
        groups: GroupDirectory,
        access: Access,
        index: NoteIndex,
        store: CoachStore,
        *,
        min_people: int = 3,
        fit: FitStore | None = None,
    ) -> None:
        self._fit = fit  # survey answers feed forming; readiness feeds kick-off packs
        self._users = users
        self._groups = groups
        self._access = access
        self._index = index
        self._store = store
        self.min_people = min_people

    def require_owner(self, user: str) -> User:
        """Return the signed-in owner, or raise NotOwnerError."""
        return owner_in(self._users, user)

    def people(self, owner: str) -> list[User]:
        """Return everyone who may sign in (for owners only)."""
        self.require_owner(owner)
        return self._users.users()

    def groups(self, owner: str) -> list[Group]:
        """Return every peer group (for owners only)."""
        self.require_owner(owner)
        return self._groups.groups()

    def group(self, owner: str, name: str) -> Group | None:
        """Return one peer group, or None when there is none by that name (for owners only)."""
        self.require_owner(owner)
        return self._groups.get(name)

    def overview(self, owner: str, today: dt.date | None = None) -> Overview:
        """Return the owner's starting view: people, who is not in a group yet, groups, learning."""
        groups = self.groups(owner)
        grouped = {m for g in groups for m in g.members}
        people = self._users.users()
        return Overview(
            people=people,
            unplaced=[u.username for u in people if u.username not in grouped],
            groups=groups,
            learning=self.learning(owner, today),
            due=self.due_for_review(owner, today),
        )

    def experience(self) -> dict[str, Experience]:
        """Return everyone's experience from org-visible know-how."""
        return experience_of(self._users.users(), self._index.notes({"scope": "org"}))

    def suggest(self, owner: str, pool: Sequence[str], rules: Rules) -> list[Suggestion]:
        """Suggest groups over a pool of usernames, with reasons.

        An empty pool means everyone not yet in a group; names skip those already taken.
        """
        self.require_owner(owner)
        grouped = {m for g in self._groups.groups() for m in g.members}
        everyone = self._users.users()
        people = [
            u for u in everyone if u.username in pool or (not pool and u.username not in grouped)
        ]
        unknown = set(pool) - {u.username for u in people}
        if unknown:
            raise FormingError(f"no such user: {', '.join(sorted(unknown))}")
        profiles = {a.user: a for a in self._fit.answers() if not a.declined} if self._fit else {}
        suggestions = suggest_groups(people, self.experience(), rules, profiles=profiles)
        taken = {g.name for g in self._groups.groups()}
        renamed, n = [], 0
        for suggestion in suggestions:
            prefix = suggestion.name.rsplit("-", 1)[0]
            n += 1
            while f"{prefix}-{n}" in taken:
                n += 1
            if profiles:
                name, why = self.group_protocol(suggestion.members)
                title = protocols()[name].title
                reasons = (*suggestion.reasons, f"Protocol for this group: {title} ({why})")
                suggestion = replace(suggestion, reasons=reasons)
            renamed.append(replace(suggestion, name=f"{prefix}-{n}"))
        return renamed

    def group_protocol(self, members: Sequence[str]) -> tuple[str, str]:
        """Return the protocol suiting these members' survey answers, and why."""
        return protocol_for(self._fit, members, self.min_people)

    def confirm(
        self,
        owner: str,
        groups: Sequence[tuple[str, Sequence[str]]],
        *,
        purpose: str,
        cadence: str,
        protocol: str,
        first_session: str = "",
        sessions: int = 6,
        rules: Rules | None = None,
    ) -> tuple[list[Group], list[str]]:
        """Create the groups the owner settled on; return them and warnings about broken rules.

        A protocol of "per-group" gives each group the protocol its members' survey suits.
        """
        self.require_owner(owner)
        if protocol not in (*protocols(), PER_GROUP):
            raise GroupError(f"protocol must be one of {', '.join(protocols())}")
        seen: dict[str, str] = {}
        warnings: list[str] = []
        for index, (name, members) in enumerate(groups):
            if not GROUP_NAME.match(name):
                raise GroupError(f"{name!r}: a group name is 2-48 lower-case letters, digits, '-'")
            if self._groups.get(name) or any(n == name for n, _ in groups[:index]):
                raise GroupError(f"a group called {name} already exists")
            if len(members) < 2:
                raise GroupError(f"{name} needs at least 2 members")
            for member in members:
                if self._users.get(member) is None:
                    raise GroupError(f"no such user: {member}")
                if member in seen:
                    raise GroupError(f"{member} is in both {seen[member]} and {name}")
                seen[member] = name
            people = [u for u in (self._users.get(m) for m in members) if u]
            warnings.extend(_warnings(name, people, rules or Rules()))
        times = meeting_times(first_session, cadence, sessions) if first_session else []
        today = dt.date.today().isoformat()
        created = [
            self._groups.save(
                Group(
                    name,
                    tuple(members),
                    purpose=purpose.strip(),
                    cadence=cadence.strip(),
                    protocol=self.group_protocol(members)[0] if protocol == PER_GROUP else protocol,
                    schedule=tuple(GroupSession(t) for t in times),
                    formed=today,
                )
            )
            for name, members in groups
        ]
        return created, warnings

    def plan(self, owner: str, group: str, first: str, cadence: str, count: int) -> Group:
        """Add `count` sessions to a group's schedule from `first`, spaced by cadence."""
        self.require_owner(owner)
        return self._groups.plan_sessions(group, *meeting_times(first, cadence, count))

    def set_members(
        self, owner: str, group: str, members: Sequence[str], rules: Rules | None = None
    ) -> tuple[Group, list[str]]:
        """Set who is in a group; return it and warnings about any pairing the rules avoid."""
        self.require_owner(owner)
        found = self._groups.get(group)
        if found is None:
            raise GroupError(f"no group {group}")
        members = list(dict.fromkeys(members))
        people = [self._users.get(m) for m in members]
        unknown = [m for m, u in zip(members, people, strict=True) if u is None]
        if unknown:
            raise GroupError(f"no such user: {', '.join(unknown)}")
        if len(members) < 2:
            raise GroupError(f"{group} needs at least 2 members")
        saved = self._groups.save(replace(found, members=tuple(members)))
        return saved, _warnings(group, [u for u in people if u], rules or Rules())

    def mark(self, owner: str, group: str, when: str, status: str) -> Group:
        """Record that a group's session was held or cancelled."""
        self.require_owner(owner)
        return self._groups.mark_session(group, when, status)

    def set_details(
        self, owner: str, group: str, *, purpose: str = "", cadence: str = "", protocol: str = ""
    ) -> Group:
        """Change a group's purpose, cadence or protocol (empty values are left as they were)."""
        self.require_owner(owner)
        found = self._groups.get(group)
        if found is None:
            raise GroupError(f"no group {group}")
        if protocol and protocol not in protocols():
            raise GroupError(f"protocol must be one of {', '.join(protocols())}")
        return self._groups.save(
            replace(
                found,
                purpose=purpose.strip() or found.purpose,
                cadence=cadence.strip() or found.cadence,
                protocol=protocol or found.protocol,
            )
        )

    def kickoff(self, user: str, group: str) -> str:
        """Return a group's kick-off pack (for its owner or its members) as markdown."""
        found = self._group_for(user, group)
        protocol = protocols().get(found.protocol) or protocols()["troika-consulting"]
        members = [u for u in (self._users.get(m) for m in found.members) if u]
        readiness = self._fit.readiness() if self._fit else None
        return kickoff_pack(found, protocol, members, self.experience(), readiness)

    def calendar(self, user: str, group: str) -> str:
        """Return a group's sessions as .ics text (for its owner or its members)."""
        found = self._group_for(user, group)
        minutes = ((self._fit.design() if self._fit else {}).get("session_minutes") or {}).get(
            "chosen"
        )
        return group_calendar(found, protocols().get(found.protocol), int(minutes or 0))

    def _group_for(self, user: str, group: str) -> Group:
        """Return a group for one of its members or an owner; anyone else learns nothing."""
        found = self._groups.get(group)
        if found is None or user not in found.members:
            self.require_owner(user)  # a member learns nothing about other groups, not even names
        if found is None:
            raise GroupError(f"no group {group}")
        return found

    def learning(self, owner: str, today: dt.date | None = None) -> LearningView:
        """Return the learning view: aggregates only, none from fewer than min_people people."""
        self.require_owner(owner)
        return learning_view(
            self._store,
            self._groups.groups(),
            self._readable(owner),
            self._users.users(),
            min_people=self.min_people,
            today=today,
        )

    def due_for_review(self, owner: str, today: dt.date | None = None) -> list[dict[str, str]]:
        """Return the notes the owner can read that are stale or due for review soon."""
        self.require_owner(owner)
        return due_for_review(self._readable(owner), today or dt.date.today())

    def verify(self, user: str, doc_id: str, today: dt.date | None = None) -> dict[str, str]:
        """Mark a note checked today (by its owner or a programme owner); return its new dates."""
        notes = self._index.notes({"doc_id": doc_id})
        if not notes or notes[0].get("scope") not in self._access.reader(user).scopes():
            raise GroupError(f"no note {doc_id}")
        if notes[0].get("owner") != user:
            self.require_owner(user)
        fields = verification(today)
        self._index.update_note(doc_id, fields)
        return fields

    def my_groups(self, user: str, now: str = "") -> list[MyGroup]:
        """Return the user's groups with members, upcoming sessions and group-shared notes."""
        now = now or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        found = []
        for group in self._groups.groups_of(user):
            notes = self._index.notes({"scope": f"group:{group.name}"})
            for note in notes:
                note["review"] = freshness(note).label()
            members = [u for u in (self._users.get(m) for m in group.members) if u]
            found.append(MyGroup(group, members, group.upcoming(now), notes))
        return found

    def _readable(self, user: str) -> list[dict[str, Any]]:
        """Return the note records this user may read (org, their groups, their own)."""
        return self._index.notes({"scope": {"$in": list(self._access.reader(user).scopes())}})


def _warnings(group: str, people: Sequence[User], rules: Rules) -> list[str]:
    """Return '<group>: <why>' for every pair in a group that the rules would keep apart."""
    return [f"{group}: {why}" for why in broken_rules(people, rules)]
