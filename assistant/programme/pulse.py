"""The pulse after a held session: two 1-5 answers; the owner sees averages of enough people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.programme.readiness import FitError

QUESTIONS = {
    "usefulness": "How useful was this session for you? (1 not at all - 5 very)",
    "openness": "I could speak openly. (1 not at all - 5 completely)",
}


@dataclass(frozen=True)
class PulseAnswer:
    """One member's pulse on one held session of one group."""

    user: str
    group: str
    when: str
    usefulness: int
    openness: int

    def checked(self) -> PulseAnswer:
        """Return the answer if both scores are 1-5, else raise FitError."""
        for name in QUESTIONS:
            if getattr(self, name) not in range(1, 6):
                raise FitError(f"{name} is a score from 1 to 5")
        return self


@dataclass(frozen=True)
class PulseLine:
    """The averages of one group (or of all groups), None when too few people answered."""

    name: str
    people: int | None
    answers: int | None
    usefulness: float | None
    openness: float | None


def pulse_lines(
    answers: Sequence[PulseAnswer], groups: Sequence[str], min_people: int
) -> list[PulseLine]:
    """Return one line per group and an 'all groups' line; averages hidden below min_people."""
    lines = [_line(g, [a for a in answers if a.group == g], min_people) for g in groups]
    lines.append(_line("all groups", [a for a in answers if a.group in groups], min_people))
    return lines


def _line(name: str, answers: Sequence[PulseAnswer], min_people: int) -> PulseLine:
    people = len({a.user for a in answers})
    if people < min_people:
        return PulseLine(name, None, None, None, None)
    return PulseLine(
        name,
        people,
        len(answers),
        round(sum(a.usefulness for a in answers) / len(answers), 1),
        round(sum(a.openness for a in answers) / len(answers), 1),
    )
