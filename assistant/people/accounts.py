"""A signed-in person's own account: name, team, role and groups (never anyone else's)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.people.access import Access
from assistant.people.directory import UserDirectory


@dataclass(frozen=True)
class Account:
    """What the app shows and uses about the person signed in."""

    username: str
    name: str
    team: str = ""
    owner: bool = False
    groups: tuple[str, ...] = ()


class Accounts:
    """Answers 'who am I' for the signed-in user only; other people's records stay in services."""

    def __init__(self, users: UserDirectory, access: Access) -> None:
        self._users = users
        self._access = access

    def me(self, user: str) -> Account:
        """Return the signed-in user's account (the username as name when not in the directory)."""
        groups = self._access.reader(user).groups  # refuses an empty username
        found = self._users.get(user)
        if found is None:
            return Account(user, user, groups=groups)
        return Account(user, found.name, found.team, found.role == "owner", groups)

    def anyone(self) -> bool:
        """Return True when at least one person can sign in."""
        return bool(self._users.users())

    def check(self, username: str, password: str) -> bool:
        """Return True when the password is this user's (the sign-in form's check)."""
        return self._users.check(username, password)
