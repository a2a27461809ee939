"""The protocol suggestion: one that fits the manager's peer group, for a reason in their words."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.coaching.case import CaseState
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.listening import lower_first
from assistant.coaching.protocols import Protocol, protocols
from assistant.coaching.voice import second_person, trim_clause

GroupSize = tuple[str, int]  # a peer group's name and how many members it has


def fitting(groups: Sequence[GroupSize]) -> list[Protocol]:
    """Return the protocols the manager's largest group can run (every one when it has none)."""
    every = list(protocols().values())
    size = max((n for _, n in groups), default=0)
    if size != 2:  # a protocol for one peer coach fits only a pair
        every = [p for p in every if p.people[1] > 2] or every
    if not groups:
        return every
    fit = [p for p in every if p.people[0] <= size <= p.people[1]]
    return fit or [p for p in every if p.people[0] <= size] or every


def group_note(protocol: Protocol, groups: Sequence[GroupSize]) -> str:
    """Return whether the manager's group has the people the protocol needs."""
    low, high = protocol.people
    if not groups:
        return (
            f"It needs {protocol.needs()}, you included. You are not in a peer group yet: "
            "invite the colleagues suggested in the brief, or ask your programme owner."
        )
    name, size = max(groups, key=lambda g: g[1])
    if size < low:
        return f"It needs {protocol.needs()}; your group {name} has {size}, so invite a guest."
    if size > high:
        return (
            f"It needs {protocol.needs()}; your group {name} has {size}, "
            "so it can run in smaller circles."
        )
    return f"It needs {protocol.needs()}, and your group {name} has {size}."


def reason(case: CaseState, protocol: Protocol, checker: ReplyChecker) -> str:
    """Return why it fits: what the manager said they want, then what the protocol gives."""
    gives = f"{protocol.title} {protocol.suits}" if protocol.suits else protocol.title
    for gap in ("help_wanted", "stakes", "situation"):
        for clause in case.known.get(gap, []):
            said = second_person(trim_clause(clause, 20)).strip(" .")
            text = f"{gives}, which fits what you said: {lower_first(said)}."
            if len(said.split()) >= 3 and not checker.defects(text):
                return text
    return f"{gives}."


def proposal_text(
    case: CaseState, protocol: Protocol, groups: Sequence[GroupSize], checker: ReplyChecker
) -> str:
    """Return the suggestion as shown: protocol, time, people, the reason, the other choices."""
    others = ", ".join(p.title for p in protocols().values() if p.name != protocol.name)
    return (
        f"For this I suggest **{protocol.title}** ({protocol.minutes} min). "
        f"{group_note(protocol, groups)} {reason(case, protocol, checker)}\n\n"
        f"Say ok to use it, or choose another: {others}."
    )
