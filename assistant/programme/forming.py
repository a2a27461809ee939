"""Forming peer groups: mix complementary experience, keep managers and teams apart, say why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from assistant.people.directory import User
from assistant.programme.experience import Experience
from assistant.programme.matching import Profiles, survey_reasons, survey_score

CONFLICT = 100.0  # a rule broken costs more than any mix of experience can earn back
TOPICS_PER_PERSON = 4  # what someone "brings" is their few most-written-about topics


class FormingError(ValueError):
    """Groups cannot be formed as asked; the message says why."""


@dataclass(frozen=True)
class Rules:
    """How to form groups: their size and which pairings to avoid."""

    size: int = 3
    apart_teams: bool = True  # no two people from the same team in a group
    apart_reports: bool = True  # no manager in a group with someone who reports to them


@dataclass(frozen=True)
class Suggestion:
    """A suggested group: a name, its members and the reasons it was suggested."""

    name: str
    members: tuple[str, ...]
    reasons: tuple[str, ...]


def conflicts(a: User, b: User, rules: Rules) -> list[str]:
    """Return why two people should not share a group under these rules ([] if they may)."""
    found = []
    if rules.apart_reports and (a.manager == b.username or b.manager == a.username):
        boss, report = (a, b) if b.manager == a.username else (b, a)
        found.append(f"{boss.name} manages {report.name}")
    if rules.apart_teams and a.team and a.team == b.team:
        found.append(f"{a.name} and {b.name} are both in {a.team}")
    return found


def suggest_groups(
    pool: Sequence[User],
    experience: dict[str, Experience],
    rules: Rules,
    *,
    prefix: str = "",
    profiles: Profiles | None = None,
) -> list[Suggestion]:
    """Return groups of about `rules.size` over the whole pool, each with its reasons.

    With survey `profiles`, needs met by strengths, shared time windows and a mix of
    experience count too.

    Left-over people join groups one each (a few groups one larger); when more are left over
    than there are groups, they form one more, smaller group instead.
    """
    people = sorted({u.username: u for u in pool}.values(), key=lambda u: u.username)
    if rules.size < 2:
        raise FormingError("a peer group has at least 2 people")
    if len(people) < rules.size:
        raise FormingError(f"{len(people)} people cannot make a group of {rules.size}")
    count, spare = divmod(len(people), rules.size)
    if spare > count:  # too many left over to add one to each group: one more, smaller group
        count += 1
    # Deal the most experienced out first so each group gets someone who has written the most.
    dealt = sorted(people, key=lambda u: (-_notes(experience, u), u.username))
    groups: list[list[User]] = [[] for _ in range(count)]
    for i, person in enumerate(dealt):
        groups[i % count].append(person)
    _improve(groups, experience, rules, profiles or {})
    prefix = prefix or {2: "pair", 3: "trio", 4: "quartet"}.get(rules.size, "group")
    return [
        Suggestion(
            f"{prefix}-{n}",
            tuple(u.username for u in group),
            tuple(reasons(group, experience, rules, profiles or {})),
        )
        for n, group in enumerate(sorted(groups, key=lambda g: g[0].username), start=1)
    ]


def broken_rules(group: Sequence[User], rules: Rules) -> list[str]:
    """Return every pairing in a group that the rules would keep apart, and why."""
    return [c for a, b in combinations(group, 2) for c in conflicts(a, b, rules)]


def score(
    group: Sequence[User],
    experience: dict[str, Experience],
    rules: Rules,
    profiles: Profiles | None = None,
) -> float:
    """Return how good a group is: topics brought, survey fit, less overlap and rules broken."""
    brought = [set(_brings(experience, u)) for u in group]
    distinct = set().union(*brought)
    overlap = sum(len(b) for b in brought) - len(distinct)
    broken = len(broken_rules(group, rules))
    fit = survey_score(group, profiles) if profiles else 0.0
    return len(distinct) - 0.5 * overlap + fit - CONFLICT * broken


def reasons(
    group: Sequence[User],
    experience: dict[str, Experience],
    rules: Rules,
    profiles: Profiles | None = None,
) -> list[str]:
    """Return why this group works (and any rule it could not keep)."""
    lines: list[str] = []
    broken = broken_rules(group, rules)
    lines.extend(f"⚠ {c}: no arrangement of this pool kept them apart" for c in broken)
    teams = sorted({u.team for u in group if u.team})
    if len(teams) == len(group):
        lines.append(
            f"Three different teams: {', '.join(teams)}"
            if len(group) == 3
            else f"{len(group)} different teams: {', '.join(teams)}"
        )
    elif teams:
        lines.append(f"Teams: {', '.join(teams)}")
    managed = any(u.manager for u in group)  # no reporting line recorded: nothing to claim
    if rules.apart_reports and managed and not any("manages" in c for c in broken):
        lines.append("Nobody is in a group with their own manager or direct report")
    lines.extend(survey_reasons(group, profiles) if profiles else [])
    for user in group:
        brings = _brings(experience, user)
        notes = _notes(experience, user)
        if brings:
            lines.append(
                f"{user.name} brings {', '.join(brings)} ({notes} shared note{'s' * (notes != 1)})"
            )
        elif not profiles:
            lines.append(f"{user.name} has shared no know-how yet: a fresh view, and learns most")
    shared = set.intersection(*(set(_brings(experience, u)) for u in group))
    if shared:
        lines.append(f"Common ground: {', '.join(sorted(shared))}")
    return lines


def _improve(
    groups: list[list[User]],
    experience: dict[str, Experience],
    rules: Rules,
    profiles: Profiles,
) -> None:
    """Swap people between groups while the total score rises (deterministic hill-climb)."""
    improved = True
    while improved:
        improved = False
        for gi, gj in combinations(range(len(groups)), 2):
            before = score(groups[gi], experience, rules, profiles) + score(
                groups[gj], experience, rules, profiles
            )
            for a in list(groups[gi]):
                for b in list(groups[gj]):
                    left = [b if u is a else u for u in groups[gi]]
                    right = [a if u is b else u for u in groups[gj]]
                    after = score(left, experience, rules, profiles) + score(
                        right, experience, rules, profiles
                    )
                    if after > before + 1e-9:
                        groups[gi], groups[gj] = left, right
                        improved = True
                        break
                if improved:
                    break
            if improved:
                break


def _brings(experience: dict[str, Experience], user: User) -> list[str]:
    found = experience.get(user.username)
    return found.top(TOPICS_PER_PERSON) if found else []


def _notes(experience: dict[str, Experience], user: User) -> int:
    found = experience.get(user.username)
    return found.notes if found else 0
