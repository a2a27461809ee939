"""The people who may sign in: a users file of names, teams, roles and salted password hashes."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.storage.atomic import read_json, write_json

ROLES = ("member", "owner")  # a programme owner is also a member
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 8
# scrypt cost: ~50 ms per check on a laptop core, so guessing is slow and signing in is not.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class UserError(ValueError):
    """A user cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    """Someone who signs in: their id, the name colleagues know them by, team and role."""

    username: str
    name: str
    team: str = ""
    role: str = "member"


@dataclass(frozen=True)
class DemoUser:
    """A demo account seeded by `make run`, with its password (printed, never reused)."""

    user: User
    password: str


DEMO_USERS = (
    # Priya wrote five of the demo notes, so her Knowledge tab has something to own and forget.
    DemoUser(User("priya", "Priya Raghunathan", "Platform Engineering", "owner"), "priya-demo-1"),
    DemoUser(User("sam", "Sam Okafor", "Sales", "member"), "sam-demo-12"),
)


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
        user = User(user.username, user.name.strip() or user.username, user.team.strip(), user.role)
        with self._lock:
            records = self._read()
            if user.username in records and not replace:
                raise UserError(f"{user.username} already exists")
            salt = secrets.token_bytes(16)
            records[user.username] = {
                **asdict(user),
                "salt": salt.hex(),
                "hash": _hash(password, salt).hex(),
            }
            self._write(records)
        return user

    def remove(self, username: str) -> None:
        """Remove a user's sign-in (what they wrote is kept)."""
        with self._lock:
            records = self._read()
            if username not in records:
                raise UserError(f"no user {username}")
            del records[username]
            self._write(records)

    def check(self, username: str, password: str) -> bool:
        """Return True when the password is this user's (same work whether or not they exist)."""
        record = self._read().get(username.strip())
        salt = bytes.fromhex(record["salt"]) if record else b"\0" * 16
        expected = bytes.fromhex(record["hash"]) if record else b"\1" * SCRYPT["dklen"]
        return hmac.compare_digest(_hash(password, salt), expected) and record is not None

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


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)


def _user(record: dict[str, str]) -> User:
    return User(record["username"], record["name"], record.get("team", ""), record["role"])
