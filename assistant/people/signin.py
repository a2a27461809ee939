"""Sign-in rules: wrong passwords throttled per account and address, sessions that expire."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_LOCKOUT = 3600.0  # seconds: the longest an account or address is refused


@dataclass
class _Failures:
    count: int = 0
    until: float = 0.0  # refused until this time (monotonic seconds)


class SignInThrottle:
    """Refuses sign-in for a while after too many wrong passwords for an account or an address."""

    def __init__(
        self,
        *,
        per_account: int,
        per_address: int,
        lockout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"account": per_account, "address": per_address}
        self._lockout = lockout
        self._clock = clock
        self._failures: dict[tuple[str, str], _Failures] = {}
        self._lock = threading.Lock()

    def wait(self, username: str, address: str) -> float:
        """Return how many seconds this account and address must still wait (0: may try now)."""
        now = self._clock()
        with self._lock:
            keys = (("account", username.strip().lower()), ("address", address))
            return max(max(self._failures.get(k, _Failures()).until - now, 0.0) for k in keys)

    def failed(self, username: str, address: str) -> None:
        """Count a wrong password; past the limit, refuse for `lockout`, doubling each time."""
        now = self._clock()
        with self._lock:
            for kind, key in (("account", username.strip().lower()), ("address", address)):
                record = self._failures.setdefault((kind, key), _Failures())
                record.count += 1
                over = record.count - self._limits[kind]
                if over >= 0:
                    record.until = now + min(self._lockout * 2**over, MAX_LOCKOUT)

    def succeeded(self, username: str) -> None:
        """Clear the account's wrong passwords (an address's count only ends with time)."""
        with self._lock:
            self._failures.pop(("account", username.strip().lower()), None)


@dataclass
class _Session:
    user: str
    started: float
    seen: float


class SessionClock:
    """Knows when each session token started and was last used; says which have expired."""

    def __init__(
        self, *, idle: float, lifetime: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._idle = idle
        self._lifetime = lifetime
        self._clock = clock
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def started(self, token: str, user: str) -> None:
        """Record a session that just signed in."""
        now = self._clock()
        with self._lock:
            self._sessions[token] = _Session(user, now, now)

    def alive(self, token: str, *, active: bool) -> bool:
        """Return False (and forget it) when the session is unknown, idle too long or too old.

        `active` marks the user doing something; a passive request (a status refresh) does not
        keep a session alive.
        """
        now = self._clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return False
            if now - session.seen > self._idle or now - session.started > self._lifetime:
                del self._sessions[token]
                return False
            if active:
                session.seen = now
            return True

    def end(self, token: str) -> None:
        """Forget a session (signed out)."""
        with self._lock:
            self._sessions.pop(token, None)
