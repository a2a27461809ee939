"""A group session as it runs: the protocol's timed steps, the roles, and the note's draft."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.coaching.protocols import Protocol
from assistant.storage.atomic import read_json, write_json

_STEP = re.compile(r"^\d+\.\s+\*\*(.+?)\s*\((\d+)\s*min\)\.?\*\*\s*(.*)$", re.MULTILINE)
RUN_STATUSES = ("running", "drafted", "approved")


@dataclass(frozen=True)
class Step:
    """One step of a protocol: its title, its minutes and what happens in it."""

    title: str
    minutes: int
    what: str = ""


def protocol_steps(protocol: Protocol) -> list[Step]:
    """Return a protocol's steps with their timings, read from its guide's numbered list."""
    return [Step(t, int(m), w.strip()) for t, m, w in _STEP.findall(protocol.guide)]


@dataclass
class SessionNote:
    """What a session leaves behind: the question, the options peers offered, the next step."""

    question: str = ""
    options: str = ""
    next_step: str = ""


@dataclass
class SessionRun:
    """One group session being run: where it is, who holds which role, the draft note."""

    group: str
    when: str  # the scheduled session, YYYY-MM-DD HH:MM
    protocol: str
    presenter: str
    facilitator: str
    timekeeper: str
    step: int = -1  # -1: not started; len(steps): all steps done
    step_started: str = ""  # ISO time the current step began (the countdown is computed from it)
    brief: dict[str, str] = field(default_factory=dict)  # the presenter's brief, once shared
    note: SessionNote = field(default_factory=SessionNote)
    status: str = "running"  # running | drafted | approved
    doc_id: str = ""  # the session note's id once the presenter approves it

    def remaining(self, steps: list[Step], now: dt.datetime) -> int:
        """Return the seconds left in the current step (negative once it overruns; 0 if none)."""
        if not 0 <= self.step < len(steps) or not self.step_started:
            return 0
        started = dt.datetime.fromisoformat(self.step_started)
        return int(steps[self.step].minutes * 60 - (now - started).total_seconds())


class SessionRuns:
    """Session runs and each group's presenter rotation, in one JSON file written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def get(self, group: str, when: str) -> SessionRun | None:
        """Return the run of one session, or None when it has not been opened."""
        found = self._read()["runs"].get(f"{group}|{when}")
        return _run(found) if found else None

    def save(self, run: SessionRun) -> SessionRun:
        """Keep a run (replacing the earlier state of the same session)."""
        with self._lock:
            data = self._read()
            data["runs"][f"{run.group}|{run.when}"] = asdict(run)
            write_json(self.path, data)
        return run

    def rotation(self, group: str) -> list[str]:
        """Return a group's presenter rotation ([] when the group has not set one)."""
        return list(self._read()["rotations"].get(group, []))

    def set_rotation(self, group: str, order: list[str]) -> None:
        """Keep a group's presenter rotation."""
        with self._lock:
            data = self._read()
            data["rotations"][group] = list(order)
            write_json(self.path, data)

    def records_of(self, user: str) -> dict[str, Any]:
        """Return the runs the user holds a role in and the rotations that list them."""
        data = self._read()
        return {
            "runs": [r for r in data["runs"].values() if user in _roles_of(r)],
            "rotations": {g: o for g, o in data["rotations"].items() if user in o},
        }

    def forget(self, user: str) -> int:
        """Remove the user from every run and rotation; return how many records changed.

        A run they present goes whole (its brief and note draft are their case); in another
        run their role is left empty; rotations drop them.
        """
        with self._lock:
            data = self._read()
            changed = 0
            for key, raw in list(data["runs"].items()):
                if raw.get("presenter") == user:
                    del data["runs"][key]
                    changed += 1
                elif user in _roles_of(raw):
                    for role in ("facilitator", "timekeeper"):
                        raw[role] = "" if raw.get(role) == user else raw.get(role, "")
                    changed += 1
            for group, order in data["rotations"].items():
                if user in order:
                    data["rotations"][group] = [m for m in order if m != user]
                    changed += 1
            if changed:
                write_json(self.path, data)
        return changed

    def _read(self) -> dict[str, Any]:
        data = read_json(self.path, {})
        data.setdefault("runs", {})
        data.setdefault("rotations", {})
        return dict(data)


def _roles_of(raw: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(raw.get(role, "")) for role in ("presenter", "facilitator", "timekeeper"))


def _run(raw: dict[str, Any]) -> SessionRun:
    note = SessionNote(**raw.get("note", {}))
    return SessionRun(**{**raw, "note": note})
