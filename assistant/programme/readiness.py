"""The readiness check: a sponsor, time allowed and a system, the conditions peer groups need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.programme.schedule import CADENCES


class FitError(ValueError):
    """A readiness, survey, design or pulse answer cannot be taken; the message says why."""


@dataclass(frozen=True)
class Readiness:
    """What the owner says about the three conditions (empty or zero: not known yet)."""

    sponsor: str = ""  # a named senior sponsor
    endorsed: bool = False  # has the sponsor's endorsement been communicated to managers?
    hours_per_month: float = 0.0  # time managers are allowed for peer learning
    cadence: str = ""  # the committed rhythm: weekly, fortnightly, monthly, every N weeks
    cycle_months: int = 0  # how long one cycle of groups runs
    review_date: str = ""  # YYYY-MM-DD when the programme is reviewed

    def checked(self) -> Readiness:
        """Return this readiness cleaned, or raise FitError on a value that cannot be right."""
        if not 0 <= self.hours_per_month <= 40:
            raise FitError("hours per month is between 0 and 40")
        if not 0 <= self.cycle_months <= 24:
            raise FitError("a cycle is between 1 and 24 months (0: not decided)")
        cadence = self.cadence.strip().lower()
        if cadence and cadence not in CADENCES:
            raise FitError(f"cadence is one of {', '.join(CADENCES)}")
        review = self.review_date.strip()
        if review:
            try:
                dt.date.fromisoformat(review)
            except ValueError:
                raise FitError(f"{review!r} is not a date like 2027-06-30") from None
        return Readiness(
            self.sponsor.strip()[:120],
            self.endorsed,
            float(self.hours_per_month),
            cadence,
            int(self.cycle_months),
            review,
        )


@dataclass(frozen=True)
class Gap:
    """One missing condition: what is missing and why it matters."""

    what: str
    why: str


SPONSOR_WHY = (
    "Managers join and stay when they know senior management welcomes it; without a named "
    "sponsor the groups read as optional and fade at the first busy month."
)
ENDORSED_WHY = (
    "An endorsement nobody has heard does not count: the sponsor should say it to the managers "
    "themselves (an all-hands, an email) before the groups start."
)
HOURS_WHY = (
    "Peer groups fail when they are squeezed in on top of a full week: agree how many hours a "
    "month managers may spend, so the design can fit sessions into it."
)
SYSTEM_WHY = (
    "Run as a system, not a fad: a fixed rhythm, a cycle with an end and a date to review "
    "what worked keep groups meeting after the launch energy is gone."
)


def gaps(readiness: Readiness) -> list[Gap]:
    """Return what is missing from the readiness check and why each matters ([] when ready)."""
    found = []
    if not readiness.sponsor:
        found.append(Gap("a named senior sponsor", SPONSOR_WHY))
    elif not readiness.endorsed:
        found.append(Gap("the sponsor's endorsement communicated to managers", ENDORSED_WHY))
    if readiness.hours_per_month <= 0:
        found.append(Gap("the hours per month managers are allowed", HOURS_WHY))
    missing = [
        what
        for what, known in (
            ("a cadence", readiness.cadence),
            ("a cycle length", readiness.cycle_months),
            ("a review date", readiness.review_date),
        )
        if not known
    ]
    if missing:
        found.append(Gap("a commitment to a system: " + ", ".join(missing), SYSTEM_WHY))
    return found
