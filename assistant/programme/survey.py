"""The needs survey: a manager's answers; the owner's aggregates under the minimum-people rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from assistant.programme.readiness import FitError
from assistant.programme.themes import THEMES, themes_in

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
PARTS = ("morning", "afternoon")
SLOTS = tuple(f"{d} {p}" for d in DAYS for p in PARTS)
FORMATS = ("in person", "online", "either")
KINDS = {  # the kind of challenge a manager brings most → how the survey form says it
    "multi-party": "complex dilemmas involving several people or teams",
    "quick": "quick, single questions I want fresh ideas on",
    "long-running": "long-running challenges I will work on for months",
}
SIZES = (0, 3, 4, 5, 6)  # 0: no preference
TEXT_LIMIT = 2000
T = TypeVar("T", str, int)


@dataclass(frozen=True)
class SurveyAnswer:
    """One member's answers to a survey round (or that they declined it)."""

    user: str
    round: str
    declined: bool = False
    challenges: tuple[str, ...] = ()  # themes, the most pressing first
    challenge_text: str = ""  # in their own words: private, never shown to the owner
    strengths: tuple[str, ...] = ()  # themes they could help others with
    years: int = 0  # years as a manager
    group_size: int = 0  # preferred group size, 0: no preference
    format: str = "either"
    kind: str = ""  # the kind of challenge they bring most (a KINDS key)
    windows: tuple[str, ...] = ()  # SLOTS they can meet in
    updated: str = ""

    def checked(self) -> SurveyAnswer:
        """Return the answer if every field is one the survey offers, else raise FitError."""
        if self.declined:
            return SurveyAnswer(self.user, self.round, True, updated=self.updated)
        for label, picked, allowed in (
            ("challenge", self.challenges, THEMES),
            ("strength", self.strengths, THEMES),
            ("time window", self.windows, SLOTS),
        ):
            unknown = [p for p in picked if p not in allowed]
            if unknown:
                raise FitError(f"unknown {label}: {', '.join(unknown)}")
        if not self.challenges and not self.challenge_text.strip():
            raise FitError("name at least one challenge (or decline the survey)")
        if not 0 <= self.years <= 60:
            raise FitError("years as a manager is between 0 and 60")
        if self.group_size not in SIZES:
            raise FitError("preferred group size is 3 to 6 (or no preference)")
        if self.format not in FORMATS:
            raise FitError(f"format is one of {', '.join(FORMATS)}")
        if self.kind and self.kind not in KINDS:
            raise FitError(f"kind of challenge is one of {', '.join(KINDS)}")
        if len(self.challenge_text) > TEXT_LIMIT:
            raise FitError(f"keep the free text under {TEXT_LIMIT} characters")
        return self

    def needs(self) -> tuple[str, ...]:
        """Return the themes this person needs help with: picked ones, then any in their text."""
        extra = sorted(themes_in(self.challenge_text) - set(self.challenges))
        return tuple(dict.fromkeys((*self.challenges, *extra)))


@dataclass
class SurveySummary:
    """What the owner sees of a round: counts only, each from at least `min_people` people."""

    min_people: int
    round: str
    status: str  # "open", "closed" or "none"
    answered: int | None = None  # None: fewer than min_people answered
    declined: int | None = None
    challenges: list[tuple[str, int]] = field(default_factory=list)
    strengths: list[tuple[str, int]] = field(default_factory=list)
    written: list[tuple[str, int]] = field(default_factory=list)  # themes in free text: counts
    kinds: list[tuple[str, int]] = field(default_factory=list)
    sizes: list[tuple[int, int]] = field(default_factory=list)
    formats: list[tuple[str, int]] = field(default_factory=list)
    experience: list[tuple[str, int]] = field(default_factory=list)
    windows: list[tuple[str, int]] = field(default_factory=list)


def experience_band(years: int) -> str:
    """Return a band for years as a manager: new (<2), growing (2-5), seasoned (6+)."""
    return "new (under 2 years)" if years < 2 else "2-5 years" if years <= 5 else "6+ years"


def summarise(
    answers: Sequence[SurveyAnswer], round_id: str, status: str, min_people: int
) -> SurveySummary:
    """Return the owner's aggregates of a round; counts from fewer than min_people left out."""
    mine = [a for a in answers if a.round == round_id]
    given = [a for a in mine if not a.declined]
    declined = len(mine) - len(given)
    summary = SurveySummary(min_people, round_id, status)
    summary.answered = len(given) if len(given) >= min_people else None
    summary.declined = declined if declined >= min_people else None
    if len(given) < min_people:  # too few answers: no breakdown at all
        return summary

    summary.challenges = _counted([a.challenges for a in given], min_people)
    summary.strengths = _counted([a.strengths for a in given], min_people)
    summary.written = _counted([sorted(themes_in(a.challenge_text)) for a in given], min_people)
    summary.kinds = _counted([[a.kind] for a in given if a.kind], min_people)
    summary.sizes = _counted([[a.group_size] for a in given], min_people)
    summary.formats = _counted([[a.format] for a in given], min_people)
    summary.experience = _counted([[experience_band(a.years)] for a in given], min_people)
    summary.windows = _counted([a.windows for a in given], min_people)
    return summary


def _counted(values: Iterable[Iterable[T]], min_people: int) -> list[tuple[T, int]]:
    """Return how many people gave each value, most first, dropping any below min_people."""
    people = Counter(v for per_person in values for v in dict.fromkeys(per_person))
    shown = [(v, n) for v, n in people.items() if n >= min_people]
    return sorted(shown, key=lambda x: (-x[1], str(x[0])))
