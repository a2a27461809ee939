"""The manager's journal: entries, commitments and their follow-up, private to their author."""

from __future__ import annotations

from assistant.memory.records import CaseBrief, CoachingSession, Commitment, JournalEntry, Lesson
from assistant.memory.store import CoachStore, NotFoundError, now

STATUSES = ("open", "done", "dropped")


class JournalService:
    """Lists, opens and deletes a manager's own entries; tracks their commitments."""

    def __init__(self, store: CoachStore) -> None:
        self._store = store

    def entries(self, user: str) -> list[JournalEntry]:
        """Return the manager's entries, newest first."""
        return self._store.find(JournalEntry, user)

    def entry(self, user: str, entry_id: str) -> JournalEntry:
        """Return one of the manager's entries."""
        return self._store.get(JournalEntry, user, entry_id)

    def delete(self, user: str, entry_id: str) -> None:
        """Delete an entry with its commitments and unshared lesson drafts (shared lessons stay)."""
        self._store.get(JournalEntry, user, entry_id)
        for commitment in self._store.find(Commitment, user, entry_id=entry_id):
            self._store.delete(Commitment, user, commitment.id)
        for lesson in self._store.find(Lesson, user, entry_id=entry_id):
            if lesson.status != "approved":
                self._store.delete(Lesson, user, lesson.id)
        self._store.delete(JournalEntry, user, entry_id)

    def sessions(self, user: str) -> list[CoachingSession]:
        """Return the manager's prepare and reflect sessions, newest first."""
        return self._store.find(CoachingSession, user)

    def latest_session(self, user: str, kind: str) -> CoachingSession | None:
        """Return the manager's newest session of a kind (prepare or reflect), or None."""
        return next((s for s in self.sessions(user) if s.kind == kind), None)

    def brief_of_session(self, user: str, session_id: str) -> CaseBrief | None:
        """Return the case brief one of the manager's sessions produced (None if none, or gone)."""
        try:
            session = self._store.get(CoachingSession, user, session_id)
            brief_id = str(session.state.get("brief_id") or "")
            return self._store.get(CaseBrief, user, brief_id) if brief_id else None
        except NotFoundError:  # not their session, or the brief was deleted since
            return None

    def delete_session(self, user: str, session_id: str) -> None:
        """Delete a session's transcript (a brief or entry it produced stays until deleted)."""
        self._store.delete(CoachingSession, user, session_id)

    def delete_brief(self, user: str, brief_id: str) -> None:
        """Delete one of the manager's case briefs."""
        self._store.delete(CaseBrief, user, brief_id)

    def lessons(self, user: str) -> list[Lesson]:
        """Return the manager's lessons (drafts, approved, discarded), newest first."""
        return self._store.find(Lesson, user)

    def commitments(self, user: str, status: str = "") -> list[Commitment]:
        """Return the manager's commitments, optionally only those with one status."""
        return (
            self._store.find(Commitment, user, status=status)
            if status
            else self._store.find(Commitment, user)
        )

    def mark(self, user: str, commitment_id: str, status: str) -> Commitment:
        """Mark a commitment open, done or dropped."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        commitment = self._store.get(Commitment, user, commitment_id)
        commitment.status, commitment.updated = status, now()
        self._store.save(commitment)
        return commitment


def entry_markdown(entry: JournalEntry) -> str:
    """Return a journal entry as markdown: each stage's question and the manager's answer."""
    lines = [f"# Journal entry {entry.created[:10]}", ""]
    for answer in entry.answers:
        lines += [f"## {answer['title']}", f"*{answer['question']}*", "", answer["answer"], ""]
    return "\n".join(lines)
