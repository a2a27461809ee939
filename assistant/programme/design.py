"""A programme design from readiness and the survey: each part recommended with its reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.coaching.protocols import Protocol
from assistant.programme.fitstore import FitStore
from assistant.programme.readiness import FitError, Readiness
from assistant.programme.survey import KINDS, SurveyAnswer, SurveySummary

PROTOCOL_FOR = {  # the kind of challenge most people bring → the protocol that suits it
    "multi-party": "consultancy-protocol",
    "quick": "troika-consulting",
    "long-running": "action-learning-set",
}
SIZE_FOR = {"troika-consulting": 3, "consultancy-protocol": 4, "action-learning-set": 5, "grow": 3}
AROUND_MINUTES = 25  # per session: a case brief before and a reflection after
PER_MONTH = {"weekly": 4.3, "fortnightly": 2.2, "every 3 weeks": 1.4, "monthly": 1.0}
FIRST_THEMES = 3
GAP_MAX_NOTES = 1  # a theme many need with this few org notes is a gap to seed
PARTS = ("protocol", "group_size", "session_minutes", "cadence", "themes", "gaps")


@dataclass(frozen=True)
class Part:
    """One part of the design: what was recommended, why, and what the owner chose (if yet)."""

    name: str
    recommended: Any
    reason: str
    chosen: Any = None

    def value(self) -> Any:
        """Return the owner's choice, else the recommendation."""
        return self.recommended if self.chosen is None else self.chosen


def recommend(
    readiness: Readiness,
    summary: SurveySummary,
    protocols: Mapping[str, Protocol],
    supply: Mapping[str, int],
) -> list[Part]:
    """Return the recommended design, each part with its reason (aggregates only are read)."""
    protocol, why_protocol = _protocol(summary, protocols)
    size, why_size = _size(summary, protocol)
    minutes = protocols[protocol].minutes + 15
    why_minutes = (
        f"{protocols[protocol].title} takes {protocols[protocol].minutes} minutes, plus 15 "
        "for an opening round and a close"
    )
    cadence, why_cadence = _cadence(readiness, minutes)
    themes = _themes(summary)
    needed = dict(themes)
    gaps = [t for t in needed if supply.get(t, 0) <= GAP_MAX_NOTES]
    return [
        Part("protocol", protocol, why_protocol),
        Part("group_size", size, why_size),
        Part("session_minutes", minutes, why_minutes),
        Part("cadence", cadence, why_cadence),
        Part(
            "themes",
            [t for t, _ in themes[:FIRST_THEMES]],
            "; ".join(f"{t}: {n} people need it" for t, n in themes[:FIRST_THEMES])
            or f"fewer than {summary.min_people} people named any one theme yet",
        ),
        Part(
            "gaps",
            gaps,
            "; ".join(
                f"{t}: {needed[t]} people need it, {supply.get(t, 0)} org note(s) cover it"
                for t in gaps
            )
            or "every theme many people need has know-how captured on it",
        ),
    ]


def group_protocol(
    answers: Sequence[SurveyAnswer], fallback: str, min_people: int
) -> tuple[str, str]:
    """Return the protocol for one group from its members' answers, with the reason."""
    kinds = Counter(a.kind for a in answers if a.kind and not a.declined)
    if sum(kinds.values()) < min_people:
        return fallback, "too few of its members answered to read them: the programme's choice"
    kind, n = sorted(kinds.items(), key=lambda x: (-x[1], x[0]))[0]
    return PROTOCOL_FOR[kind], f"{n} of its members bring mostly {KINDS[kind]}"


def protocol_for(fit: FitStore | None, members: Sequence[str], min_people: int) -> tuple[str, str]:
    """Return the protocol for a group of these members, and why (else the design's choice)."""
    chosen = (fit.design() if fit else {}).get("protocol") or {}
    fallback = chosen.get("chosen") or chosen.get("recommended") or "troika-consulting"
    answers = [a for a in (fit.answers() if fit else []) if a.user in members]
    return group_protocol(answers, fallback, min_people)


def check_choice(part: str, value: Any, protocols: Mapping[str, Protocol]) -> Any:
    """Return the owner's choice for a part, checked, or raise FitError."""
    if part not in PARTS:
        raise FitError(f"a design part is one of {', '.join(PARTS)}")
    if part == "protocol" and value not in protocols:
        raise FitError(f"protocol is one of {', '.join(protocols)}")
    if part in ("group_size", "session_minutes"):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise FitError(f"{part} is a whole number") from None
        low, high = (2, 8) if part == "group_size" else (20, 180)
        if not low <= value <= high:
            raise FitError(f"{part} is between {low} and {high}")
    if part == "cadence" and value not in PER_MONTH:
        raise FitError(f"cadence is one of {', '.join(PER_MONTH)}")
    if part in ("themes", "gaps"):
        items = value.split(",") if isinstance(value, str) else list(value)
        value = [str(t).strip() for t in items if str(t).strip()][:10]
    return value


def _protocol(summary: SurveySummary, protocols: Mapping[str, Protocol]) -> tuple[str, str]:
    if not summary.kinds:
        return "troika-consulting", (
            f"fewer than {summary.min_people} people said what kind of challenge they bring: "
            "troika consulting is the lightest start"
        )
    kind, n = summary.kinds[0]
    name = PROTOCOL_FOR[str(kind)]
    return name, (
        f"{n} people bring mostly {KINDS[str(kind)]}; {protocols[name].title} suits "
        f"{protocols[name].best_for[0].lower()}{protocols[name].best_for[1:]}"
    )


def _size(summary: SurveySummary, protocol: str) -> tuple[int, str]:
    if protocol == "troika-consulting":
        return 3, "troika consulting is made for three: one client, two consultants"
    wanted = [(int(s), n) for s, n in summary.sizes if s]
    if wanted:
        size, n = max(wanted, key=lambda x: (x[1], -x[0]))
        return size, f"{n} people prefer groups of {size}"
    size = SIZE_FOR.get(protocol, 4)
    return size, f"no size shared by {summary.min_people}+ people: {protocol} works with {size}"


def _cadence(readiness: Readiness, minutes: int) -> tuple[str, str]:
    hours = readiness.hours_per_month
    cost = (minutes + AROUND_MINUTES) / 60
    if hours <= 0:
        cadence = readiness.cadence or "fortnightly"
        return cadence, "no time allowance given yet: fill the readiness check to fit it"
    fits = [c for c, per in PER_MONTH.items() if per * cost <= hours]
    if readiness.cadence in fits:
        return readiness.cadence, (
            f"the committed {readiness.cadence} rhythm fits {hours:g} hours a month "
            f"({PER_MONTH[readiness.cadence] * cost:.1f} h with preparation and reflection)"
        )
    if not fits:
        return "monthly", (
            f"{hours:g} hours a month is less than one session with preparation "
            f"({cost:.1f} h): allow more time, or meet monthly and keep sessions short"
        )
    best = fits[0]
    committed = (
        f"the committed {readiness.cadence} rhythm needs "
        f"{PER_MONTH[readiness.cadence] * cost:.1f} h a month; "
        if readiness.cadence
        else ""
    )
    return best, (
        f"{committed}{best} is the most frequent rhythm that fits {hours:g} hours a month "
        f"({PER_MONTH[best] * cost:.1f} h with preparation and reflection)"
    )


def _themes(summary: SurveySummary) -> list[tuple[str, int]]:
    """Return the needed themes with how many people need each, from picks and free text."""
    counts: dict[str, int] = {}
    for theme, n in (*summary.challenges, *summary.written):
        counts[str(theme)] = max(counts.get(str(theme), 0), n)
    return sorted(counts.items(), key=lambda x: (-x[1], x[0]))
