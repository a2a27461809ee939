"""Password hashes: argon2id at OWASP's cost, with old scrypt hashes verified and upgraded."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet (2025): argon2id, m=19 MiB, t=2, p=1 at least (~50 ms here).
ARGON2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# The hashes written before argon2id: scrypt N=2^14, r=8, p=1 (below OWASP's N=2^17).
LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_DUMMY = ARGON2.hash("not a password of anyone")  # the same work when the user is unknown


@dataclass(frozen=True)
class Checked:
    """The outcome of a password check: whether it matched, and a newer hash to store if due."""

    ok: bool
    upgraded: dict[str, str] | None = None


def hashed(password: str) -> dict[str, str]:
    """Return the stored form of a password: an argon2id PHC string recording its parameters."""
    return {"hash": ARGON2.hash(password)}


def check(record: dict[str, str] | None, password: str) -> Checked:
    """Return whether `password` matches the stored `record` (None: unknown user, same work)."""
    if record is None:
        _argon2_matches(_DUMMY, password)
        return Checked(False)
    stored = record.get("hash", "")
    if stored.startswith("$argon2"):
        ok = _argon2_matches(stored, password)
        due = ok and ARGON2.check_needs_rehash(stored)
        return Checked(ok, hashed(password) if due else None)
    salt = bytes.fromhex(record.get("salt", ""))
    expected = bytes.fromhex(stored)
    actual = hashlib.scrypt(password.encode("utf-8"), salt=salt, **LEGACY_SCRYPT)
    ok = bool(expected) and hmac.compare_digest(actual, expected)
    return Checked(ok, hashed(password) if ok else None)


def _argon2_matches(stored: str, password: str) -> bool:
    try:
        return ARGON2.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
