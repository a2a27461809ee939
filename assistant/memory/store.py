"""The coach's memory on SQLite: every read and write is scoped to one user."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, TypeVar

from assistant.memory.records import CaseBrief, CoachingSession, Commitment, JournalEntry, Lesson

T = TypeVar("T")
TABLES: dict[str, type] = {
    "sessions": CoachingSession,
    "briefs": CaseBrief,
    "journal": JournalEntry,
    "commitments": Commitment,
    "lessons": Lesson,
}
_JSON_FIELDS = {"state", "messages", "know_how", "peers", "answers", "tags"}


class NotFoundError(KeyError):
    """No record with this id belongs to this user."""


def new_id(prefix: str) -> str:
    """Return a short random id such as `je-3f9a1c2b7d`."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def now() -> str:
    """Return the current UTC time as ISO 8601 seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class CoachStore:
    """Records per user in one SQLite file; each write is one transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            for table, record in TABLES.items():
                columns = ", ".join(f'"{f.name}" TEXT' for f in fields(record) if f.name != "id")
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, {columns})")
                conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_user ON {table}(user)")
                have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                for f in fields(record):  # a field added since the file was made
                    if f.name not in have:
                        conn.execute(f'ALTER TABLE {table} ADD COLUMN "{f.name}" TEXT')

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            with conn:  # commit on success, roll back on error
                yield conn
        finally:
            conn.close()

    def save(self, record: Any) -> None:
        """Insert or replace a record (the user is part of the record)."""
        table = _table_of(record)
        row = {k: json.dumps(v) if k in _JSON_FIELDS else v for k, v in asdict(record).items()}
        names = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        with self._connect() as conn:
            owner = conn.execute(f"SELECT user FROM {table} WHERE id = ?", (record.id,)).fetchone()
            if owner and owner[0] != record.user:
                raise NotFoundError(record.id)  # never overwrite another user's record
            conn.execute(
                f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", list(row.values())
            )

    def get(self, kind: type[T], user: str, record_id: str) -> T:
        """Return one of the user's records, or raise NotFoundError."""
        rows = self._select(kind, "user = ? AND id = ?", (user, record_id))
        if not rows:
            raise NotFoundError(record_id)
        return rows[0]

    def find(self, kind: type[T], user: str, **equal: str) -> list[T]:
        """Return the user's records of a kind, newest first, optionally filtered by fields."""
        where = " AND ".join(["user = ?", *(f'"{k}" = ?' for k in equal)])
        return self._select(kind, where, (user, *equal.values()))

    def count(
        self, kind: type, users: Sequence[str], *, since: str = "", **equal: str | int
    ) -> tuple[int, int]:
        """Return how many records of a kind these users have, and how many of them have any.

        `since` keeps records created from that ISO time on; `equal` narrows by fields.
        """
        if not users:
            return 0, 0
        marks = ", ".join("?" for _ in users)
        where = [f"user IN ({marks})", *(f'"{k}" = ?' for k in equal)]
        params: list[Any] = [*users, *equal.values()]
        if since:
            where.append("created >= ?")
            params.append(since)
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT COUNT(*), COUNT(DISTINCT user) FROM {_TABLE_NAMES[kind]} "
                f"WHERE {' AND '.join(where)}",
                params,
            ).fetchone()
        return int(row[0]), int(row[1])

    def shared_briefs(self) -> list[CaseBrief]:
        """Return every case brief whose author chose to share it with the programme."""
        return self._select(CaseBrief, "shared = 'yes'", ())

    def delete(self, kind: type, user: str, record_id: str) -> None:
        """Delete one of the user's records, or raise NotFoundError."""
        with self._connect() as conn:
            cursor = conn.execute(
                f"DELETE FROM {_TABLE_NAMES[kind]} WHERE user = ? AND id = ?", (user, record_id)
            )
            if cursor.rowcount == 0:
                raise NotFoundError(record_id)

    def records_of(self, user: str) -> dict[str, list[Any]]:
        """Return every record of one user, by table (for an export)."""
        return {table: self._select(kind, "user = ?", (user,)) for table, kind in TABLES.items()}

    def delete_user(self, user: str) -> int:
        """Delete every record of one user and scrub the freed pages; return rows deleted."""
        with self._connect() as conn:
            deleted = sum(
                conn.execute(f"DELETE FROM {table} WHERE user = ?", (user,)).rowcount
                for table in TABLES
            )
        conn = sqlite3.connect(self.path, timeout=30)
        try:  # deleted rows linger in free pages and the WAL until the file is rewritten
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        return deleted

    def _select(self, kind: type[T], where: str, params: tuple[Any, ...]) -> list[T]:
        table = _TABLE_NAMES[kind]
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                f"SELECT * FROM {table} WHERE {where} ORDER BY created DESC, rowid DESC", params
            ).fetchall()
        return [
            kind(**{k: json.loads(r[k]) if k in _JSON_FIELDS else r[k] for k in r.keys()})  # noqa: SIM118 (a Row iterates values)
            for r in rows
        ]


_TABLE_NAMES = {record: table for table, record in TABLES.items()}


def _table_of(record: Any) -> str:
    try:
        return _TABLE_NAMES[type(record)]
    except KeyError:
        raise TypeError(f"not a stored record: {type(record).__name__}") from None
