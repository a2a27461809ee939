"""Forming from the needs survey: needs met by strengths, shared time, mixed experience."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.people.directory import User
from assistant.programme.survey import SLOTS, SurveyAnswer, experience_band

TOP_NEED = 3.0  # someone's most pressing need met by another member's strength
OTHER_NEED = 1.0  # any other need met
COMMON_SLOT = 4.0  # the group has a time window everyone who answered can make
MIX = 1.0  # per extra experience band in the group

Profiles = Mapping[str, SurveyAnswer]


def answered(group: Sequence[User], profiles: Profiles) -> list[SurveyAnswer]:
    """Return the survey answers of the group's members who answered (not declined)."""
    found = [profiles.get(u.username) for u in group]
    return [a for a in found if a is not None and not a.declined]


def top_need_met(user: User, group: Sequence[User], profiles: Profiles) -> bool:
    """Return whether this person's most pressing need is another member's strength."""
    mine = profiles.get(user.username)
    if mine is None or mine.declined or not mine.needs():
        return False
    return any(mine.needs()[0] in _strengths(o, profiles) for o in group if o is not user)


def common_slots(group: Sequence[User], profiles: Profiles) -> list[str] | None:
    """Return the time windows every member who gave any can make (None: nobody gave any)."""
    windows = [set(a.windows) for a in answered(group, profiles) if a.windows]
    if not windows:
        return None
    shared = set.intersection(*windows)
    return [s for s in SLOTS if s in shared]


def survey_score(group: Sequence[User], profiles: Profiles) -> float:
    """Return how well a group fits its members' survey answers (0 when nobody answered)."""
    if not answered(group, profiles):
        return 0.0
    total = 0.0
    for user in group:
        mine = profiles.get(user.username)
        if mine is None or mine.declined:
            continue
        others = set().union(*(_strengths(o, profiles) for o in group if o is not user))
        needs = mine.needs()
        if needs and needs[0] in others:
            total += TOP_NEED
        total += OTHER_NEED * sum(n in others for n in needs[1:])
    slots = common_slots(group, profiles)
    if slots:
        total += COMMON_SLOT
    bands = {experience_band(a.years) for a in answered(group, profiles)}
    return total + MIX * (len(bands) - 1)


def survey_reasons(group: Sequence[User], profiles: Profiles) -> list[str]:
    """Return why the group fits its survey answers: themes and slots, never who said what."""
    mine = answered(group, profiles)
    if not mine:
        return []
    lines = []
    met = sorted(
        {
            need
            for user in group
            for need in (profiles[user.username].needs() if user.username in profiles else ())
            if any(need in _strengths(o, profiles) for o in group if o is not user)
        }
    )
    tops = sum(top_need_met(u, group, profiles) for u in group)
    if met:
        lines.append(
            f"Needs meet strengths: {', '.join(met)} (each needed by one member, a strength of "
            f"another); {tops} of {len(group)} members' most pressing need is met in the group"
        )
    else:
        lines.append("No member's need is another member's strength: they learn as equals")
    slots = common_slots(group, profiles)
    if slots:
        lines.append(f"Common time: {', '.join(slots[:3])}")
    elif slots is not None:
        lines.append("⚠ No common time window: agree a time at kick-off, or move someone")
    bands = sorted({experience_band(a.years) for a in mine})
    if len(bands) > 1:
        lines.append(f"A mix of experience: {', '.join(bands)}")
    return lines


def _strengths(user: User, profiles: Profiles) -> set[str]:
    found = profiles.get(user.username)
    return set(found.strengths) if found and not found.declined else set()
