"""Coaching sessions kept for their author: opened, looked up, saved after every turn."""

from __future__ import annotations

from typing import Any

from assistant.memory.records import CoachingSession, Commitment
from assistant.memory.store import CoachStore, new_id, now


class Sessions:
    """The one place Prepare and Reflect open, read and save their sessions."""

    def __init__(self, store: CoachStore, flow: str, prefix: str) -> None:
        self._store = store
        self._flow = flow  # "prepare" or "reflect"
        self._prefix = prefix  # id prefix: "ps", "rs"

    def open(
        self, user: str, state: dict[str, Any], messages: list[dict[str, str]] | None = None
    ) -> CoachingSession:
        """Return a new session of this flow for the user (saved on its first turn)."""
        return CoachingSession(
            new_id(self._prefix), user, self._flow, state, list(messages or []), now(), now()
        )

    def get(self, user: str, session_id: str) -> CoachingSession:
        """Return one of the user's sessions (KeyError when it is not theirs)."""
        return self._store.get(CoachingSession, user, session_id)

    def save(self, session: CoachingSession) -> None:
        """Save the session with its time of last change."""
        session.updated = now()
        self._store.save(session)

    def open_commitments(self, user: str) -> list[Commitment]:
        """Return the user's open commitments, to bring back at the start of a session."""
        return self._store.find(Commitment, user, status="open")


def required(message: str) -> str:
    """Return the message stripped; an empty message is refused (ValueError)."""
    text = message.strip()
    if not text:
        raise ValueError("the message is empty")
    return text
