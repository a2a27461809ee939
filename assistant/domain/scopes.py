"""Note scopes: the one key each chunk carries that access allow-lists are built from."""

from __future__ import annotations

ORG = "org"


def scope_of(visibility: str, group: str = "", owner: str = "") -> str:
    """Return the one scope a note is stored under: `org`, `group:<name>` or `user:<owner>`."""
    if visibility == "org":
        return ORG
    if visibility == "group":
        return f"group:{group}" if group else "group:"  # an unnamed group: no one's
    return f"user:{owner}" if owner else "user:"  # private without an owner: no one's
