"""Where the programme's fit is kept: readiness, survey rounds and answers, design, pulses."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

from assistant.programme.pulse import PulseAnswer
from assistant.programme.readiness import Readiness
from assistant.programme.survey import SurveyAnswer
from assistant.storage.atomic import read_json, write_json


class FitStore:
    """One JSON file, written atomically; survey answers and pulses keyed by their member."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def readiness(self) -> Readiness:
        """Return the owner's readiness check (empty when never filled)."""
        return Readiness(**self._read().get("readiness", {}))

    def save_readiness(self, readiness: Readiness) -> None:
        """Keep the readiness check."""
        self._update(lambda data: data.__setitem__("readiness", dataclasses.asdict(readiness)))

    def round(self) -> dict[str, str]:
        """Return the current survey round: id, status, opened, closed ({} if none)."""
        return dict(self._read().get("round", {}))

    def save_round(self, found: dict[str, str]) -> None:
        """Keep the current survey round."""
        self._update(lambda data: data.__setitem__("round", found))

    def answer(self, user: str) -> SurveyAnswer | None:
        """Return a member's survey answer, or None."""
        raw = self._read().get("answers", {}).get(user)
        return _answer(raw) if raw else None

    def answers(self) -> list[SurveyAnswer]:
        """Return every survey answer (for aggregates and forming only, never shown as such)."""
        return [_answer(raw) for raw in self._read().get("answers", {}).values()]

    def save_answer(self, answer: SurveyAnswer) -> None:
        """Keep a member's survey answer (replacing their earlier one)."""
        self._update(
            lambda data: data.setdefault("answers", {}).__setitem__(
                answer.user, dataclasses.asdict(answer)
            )
        )

    def design(self) -> dict[str, Any]:
        """Return the design: each part's recommendation, reason and choice ({} if none)."""
        return dict(self._read().get("design", {}))

    def save_design(self, design: dict[str, Any]) -> None:
        """Keep the design."""
        self._update(lambda data: data.__setitem__("design", design))

    def pulses(self) -> list[PulseAnswer]:
        """Return every pulse answer."""
        return [PulseAnswer(**raw) for raw in self._read().get("pulses", [])]

    def save_pulse(self, pulse: PulseAnswer) -> None:
        """Keep a member's pulse on a session (replacing their earlier one on it)."""

        def change(data: dict[str, Any]) -> None:
            kept = [
                p
                for p in data.get("pulses", [])
                if (p["user"], p["group"], p["when"]) != (pulse.user, pulse.group, pulse.when)
            ]
            data["pulses"] = [*kept, dataclasses.asdict(pulse)]

        self._update(change)

    def records_of(self, user: str) -> dict[str, Any]:
        """Return everything of one member's kept here: their survey answer and their pulses."""
        found = self.answer(user)
        return {
            "survey": dataclasses.asdict(found) if found else None,
            "pulses": [dataclasses.asdict(p) for p in self.pulses() if p.user == user],
        }

    def forget(self, user: str, *, pulses: bool = True) -> int:
        """Delete a member's survey answer (and their pulses); return how many records went."""
        removed = 0

        def change(data: dict[str, Any]) -> None:
            nonlocal removed
            if data.get("answers", {}).pop(user, None) is not None:
                removed += 1
            if pulses:
                before = data.get("pulses", [])
                data["pulses"] = [p for p in before if p["user"] != user]
                removed += len(before) - len(data["pulses"])

        self._update(change)
        return removed

    def _read(self) -> dict[str, Any]:
        return dict(read_json(self.path, {}))

    def _update(self, change: Any) -> None:
        with self._lock:
            data = self._read()
            change(data)
            write_json(self.path, data)


def _answer(raw: dict[str, Any]) -> SurveyAnswer:
    fields: dict[str, Any] = dict(raw)
    for name in ("challenges", "strengths", "windows"):
        fields[name] = tuple(fields.get(name, ()))
    return SurveyAnswer(**fields)
