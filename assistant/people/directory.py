"""The people who may sign in: a users file of names, teams, roles and salted password hashes."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.people import passwords
from assistant.storage.atomic import read_json, write_json

ROLES = ("member", "owner")  # a programme owner is also a member
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 8
SECRET_FIELDS = ("hash", "salt")  # a password's stored form (never shown or exported)


class UserError(ValueError):
    """A user cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    """Someone who signs in: their id, the name colleagues know them by, team and role."""

    username: str
    name: str
    team: str = ""
    role: str = "member"
    manager: str = ""  # the username of the person they report to ('' = not recorded)


@dataclass(frozen=True)
class DemoUser:
    """A demo account seeded by `make run`, with its password (printed, never reused)."""

    user: User
    password: str


def _colleague(username: str, name: str, team: str, manager: str = "") -> DemoUser:
    return DemoUser(User(username, name, team, "member", manager), f"{username}-demo-1")


DEMO_USERS = (
    # Priya runs the peer-coaching programme and wrote five of the demo notes; Sam wrote none.
    DemoUser(User("priya", "Priya Raghunathan", "Platform Engineering", "owner"), "priya-demo-1"),
    DemoUser(User("sam", "Sam Okafor", "Sales", "member", "hannah"), "sam-demo-12"),
    # The other authors of the demo notes, so the owner has a pool to form peer groups from.
    _colleague("aisha", "Aisha Rahman", "People & HR", "jonas"),
    _colleague("amara", "Amara Okonkwo", "Customer Support"),
    _colleague("diego", "Diego Fernández", "Customer Support", "amara"),
    _colleague("fatima", "Fatima Al-Sayed", "Warehouse Operations"),
    _colleague("hannah", "Hannah Lindqvist", "Sales"),
    _colleague("jonas", "Jonas Becker", "People & HR"),
    _colleague("kwame", "Kwame Asante", "Sales", "hannah"),
    _colleague("lukas", "Lukas Novak", "Warehouse Operations", "fatima"),
    _colleague("mei-ling", "Mei-Ling Chou", "Finance"),
    _colleague("ravi", "Ravi Menon", "Data & Analytics"),
    _colleague("sofia", "Sofia Castellanos", "Product Design"),
    _colleague("tomasz", "Tomasz Wierzbicki", "Platform Engineering", "priya"),
    _colleague("yuki", "Yuki Tanaka", "Data & Analytics", "ravi"),
)
FEATURED_DEMO_USERS = ("priya", "sam")  # the sign-ins `make run` prints


class UserDirectory:
    """Reads and writes the users file; checks passwords in constant time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def users(self) -> list[User]:
        """Return everyone who may sign in, by username."""
        return sorted((_user(r) for r in self._read().values()), key=lambda u: u.username)

    def get(self, username: str) -> User | None:
        """Return the user with this username, or None."""
        record = self._read().get(username)
        return _user(record) if record else None

    def name_of(self, username: str) -> str:
        """Return the name a user's notes are attributed to (the username if unknown)."""
        user = self.get(username)
        return user.name if user else username

    def username_for(self, name: str) -> str:
        """Return the username of the person with this display name ('' if none)."""
        return next((u.username for u in self.users() if u.name == name), "")

    def add(self, user: User, password: str, *, replace: bool = False) -> User:
        """Add a user (or, with replace, reset their details and password)."""
        if not USERNAME.match(user.username):
            raise UserError(
                "a username is 2-32 characters: lower-case letters, digits, '.', '_' or '-'"
            )
        if user.role not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"a password has at least {MIN_PASSWORD} characters")
        user = User(
            user.username,
            user.name.strip() or user.username,
            user.team.strip(),
            user.role,
            user.manager.strip(),
        )
        if user.manager == user.username:
            raise UserError("nobody reports to themselves")
        with self._lock:
            records = self._read()
            if user.username in records and not replace:
                raise UserError(f"{user.username} already exists")
            records[user.username] = {**asdict(user), **passwords.hashed(password)}
            self._write(records)
        return user

    def set_role(self, username: str, role: str) -> User:
        """Make a user a programme owner or a member (their password is kept)."""
        return self._change(username, role=role)

    def set_manager(self, username: str, manager: str) -> User:
        """Record who a user reports to ('' to clear), for forming peer groups."""
        if manager and manager == username:
            raise UserError("nobody reports to themselves")
        if manager and self.get(manager) is None:
            raise UserError(f"no user {manager}")
        return self._change(username, manager=manager)

    def is_owner(self, username: str) -> bool:
        """Return True when this user runs the peer-coaching programme."""
        user = self.get(username)
        return user is not None and user.role == "owner"

    def _change(self, username: str, **fields: str) -> User:
        if "role" in fields and fields["role"] not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}")
        with self._lock:
            records = self._read()
            if username not in records:
                raise UserError(f"no user {username}")
            records[username] = {**records[username], **fields}
            self._write(records)
            return _user(records[username])

    def remove(self, username: str) -> None:
        """Remove a user's sign-in (what they wrote is kept)."""
        with self._lock:
            records = self._read()
            if username not in records:
                raise UserError(f"no user {username}")
            del records[username]
            self._write(records)

    def check(self, username: str, password: str) -> bool:
        """Return True when the password is this user's (same work whether or not they exist).

        A hash made with older parameters (or scrypt) is replaced by a current one on success.
        """
        username = username.strip()
        checked = passwords.check(self._read().get(username), password)
        if checked.upgraded:
            with self._lock:
                records = self._read()
                if username in records:
                    kept = {k: v for k, v in records[username].items() if k not in SECRET_FIELDS}
                    records[username] = {**kept, **checked.upgraded}
                    self._write(records)
        return checked.ok

    def seed_demo(self) -> list[DemoUser]:
        """Add the demo users who are missing; return those added (existing ones are kept)."""
        added = []
        for demo in DEMO_USERS:
            if self.get(demo.user.username) is None:
                self.add(demo.user, demo.password)
                added.append(demo)
        return added

    def _read(self) -> dict[str, dict[str, str]]:
        return dict(read_json(self.path, {}).get("users", {}))

    def _write(self, records: dict[str, dict[str, str]]) -> None:
        write_json(self.path, {"users": records})  # atomic: the old file or the new one


def _user(record: dict[str, str]) -> User:
    return User(
        record["username"],
        record["name"],
        record.get("team", ""),
        record["role"],
        record.get("manager", ""),
    )
