"""A synthetic programme (managers with survey answers and no notes) to compare forming on."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.people.directory import User
from assistant.programme.experience import Experience
from assistant.programme.forming import Rules, broken_rules, suggest_groups
from assistant.programme.matching import Profiles, common_slots, top_need_met
from assistant.programme.survey import KINDS, SLOTS, SurveyAnswer
from assistant.programme.themes import THEMES

TEAM_SIZE = 6
COMMON = tuple(list(THEMES)[:12])  # the problems most managers bring, drawn more often


@dataclass(frozen=True)
class FormingResult:
    """How one way of forming did on one programme."""

    method: str
    people: int
    groups: int
    top_need_met: int  # members whose most pressing need is another member's strength
    common_slot: int  # groups with a time window every member can make
    rule_breaks: int  # pairs of one team, or a manager with their report
    seconds: float


def synthetic_programme(people: int, seed: int = 1) -> tuple[list[User], dict[str, SurveyAnswer]]:
    """Return managers in teams of six with reporting lines, and each one's survey answers."""
    rng = random.Random(seed)
    users: list[User] = []
    answers: dict[str, SurveyAnswer] = {}
    for i in range(people):
        team = i // TEAM_SIZE
        lead = f"m{team * TEAM_SIZE:02d}"
        username = f"m{i:02d}"
        manager = lead if username != lead else (f"m{(team - 1) * TEAM_SIZE:02d}" if team else "")
        users.append(User(username, f"Manager {i:02d}", f"team-{team}", manager=manager))
        years = rng.choice((0, 1, 1, 2, 3, 4, 5, 7, 9, 12, 15))
        needs = rng.sample(COMMON, rng.randint(1, 3))
        strengths = rng.sample([t for t in THEMES if t not in needs], 1 + min(3, years // 3))
        popular = [s for s in SLOTS if s.startswith(("Tue", "Thu"))]
        windows = sorted(
            set(rng.sample(popular, 1) + rng.sample(SLOTS, rng.randint(1, 3))),
            key=SLOTS.index,
        )
        answers[username] = SurveyAnswer(
            username,
            "synthetic",
            challenges=tuple(needs),
            strengths=tuple(strengths),
            years=years,
            group_size=rng.choice((0, 3, 4)),
            kind=rng.choice(tuple(KINDS)),
            windows=tuple(windows),
        )
    return users, answers


def measure(
    method: str, groups: Sequence[Sequence[User]], profiles: Profiles, rules: Rules, seconds: float
) -> FormingResult:
    """Return the comparison's numbers for one set of groups."""
    return FormingResult(
        method,
        sum(len(g) for g in groups),
        len(groups),
        sum(top_need_met(u, g, profiles) for g in groups for u in g),
        sum(bool(common_slots(g, profiles)) for g in groups),
        sum(len(broken_rules(g, rules)) for g in groups),
        round(seconds, 2),
    )


def compare_forming(people: int, seed: int = 1, size: int = 3) -> list[FormingResult]:
    """Return today's forming (notes only) and survey forming on one synthetic programme."""
    users, profiles = synthetic_programme(people, seed)
    by_name = {u.username: u for u in users}
    rules = Rules(size)
    experience = {u.username: Experience(u) for u in users}  # nobody has written anything
    results = []
    for method, given in (("today (notes only)", None), ("with the survey", profiles)):
        start = time.perf_counter()
        found = suggest_groups(users, experience, rules, profiles=given)
        took = time.perf_counter() - start
        groups = [[by_name[m] for m in s.members] for s in found]
        results.append(measure(method, groups, profiles, rules, took))
    return results


def comparison_table(results: Sequence[FormingResult]) -> str:
    """Return the comparison as a markdown table."""
    lines = [
        "| Managers | Forming | Groups | Top need met by a member's strength | "
        "Groups with a common slot | Rule breaks | Seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.people} | {r.method} | {r.groups} | {r.top_need_met}/{r.people} "
            f"({r.top_need_met / r.people:.0%}) | {r.common_slot}/{r.groups} | {r.rule_breaks} "
            f"| {r.seconds} |"
        )
    return "\n".join(lines)
