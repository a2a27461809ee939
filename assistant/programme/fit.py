"""The fit service: readiness, needs survey, design and pulse, each rule checked here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from assistant.coaching.protocols import protocols
from assistant.index.chroma_store import NoteIndex
from assistant.people.directory import User, UserDirectory
from assistant.people.groups import GroupDirectory
from assistant.programme.design import PARTS, Part, check_choice, recommend
from assistant.programme.fitstore import FitStore
from assistant.programme.pulse import PulseAnswer, PulseLine, pulse_lines
from assistant.programme.readiness import FitError, Gap, Readiness, gaps
from assistant.programme.service import owner_in
from assistant.programme.survey import SurveyAnswer, SurveySummary, summarise


class FitService:
    """Fits the programme to the organisation; members own their answers, owners see aggregates."""

    def __init__(
        self,
        users: UserDirectory,
        groups: GroupDirectory,
        index: NoteIndex,
        store: FitStore,
        *,
        min_people: int = 3,
    ) -> None:
        self._users = users
        self._groups = groups
        self._index = index
        self._store = store
        self.min_people = min_people

    def require_owner(self, user: str) -> User:
        """Return the signed-in owner, or raise NotOwnerError."""
        return owner_in(self._users, user)

    # --- the owner: readiness, survey rounds, design, pulse averages ---

    def readiness(self, owner: str) -> tuple[Readiness, list[Gap]]:
        """Return the readiness check and what is missing from it, and why."""
        self.require_owner(owner)
        found = self._store.readiness()
        return found, gaps(found)

    def save_readiness(self, owner: str, readiness: Readiness) -> list[Gap]:
        """Keep the readiness check; return what is still missing."""
        self.require_owner(owner)
        checked = readiness.checked()
        self._store.save_readiness(checked)
        return gaps(checked)

    def open_survey(self, owner: str) -> dict[str, str]:
        """Open a new survey round: every member sees it until they answer or decline."""
        self.require_owner(owner)
        current = self._store.round()
        if current.get("status") == "open":
            raise FitError(f"survey round {current['id']} is already open")
        today = dt.date.today().isoformat()
        number = int(current.get("id", "0").rsplit("-", 1)[-1] or 0) + 1 if current else 1
        found = {"id": f"round-{number}", "status": "open", "opened": today, "closed": ""}
        self._store.save_round(found)
        return found

    def close_survey(self, owner: str) -> dict[str, str]:
        """Close the open survey round: members stop seeing it; the answers stay theirs."""
        self.require_owner(owner)
        current = self._store.round()
        if current.get("status") != "open":
            raise FitError("no survey round is open")
        current |= {"status": "closed", "closed": dt.date.today().isoformat()}
        self._store.save_round(current)
        return current

    def survey_summary(self, owner: str) -> SurveySummary:
        """Return the current round's aggregates: counts of at least min_people, no free text."""
        self.require_owner(owner)
        current = self._store.round()
        return summarise(
            self._store.answers(),
            current.get("id", ""),
            current.get("status", "none"),
            self.min_people,
        )

    def design(self, owner: str) -> list[Part]:
        """Return the design as kept (recommended and chosen), recommending it the first time."""
        self.require_owner(owner)
        kept = self._store.design()
        if not kept:
            return self.recommend(owner)
        return [Part(**kept[name]) for name in PARTS if name in kept]

    def recommend(self, owner: str) -> list[Part]:
        """Recommend the design afresh from readiness and the survey; earlier choices are kept."""
        self.require_owner(owner)
        supply: Counter[str] = Counter()
        for note in self._index.notes({"scope": "org"}):
            supply.update(t for t in str(note.get("tags", "")).split(",") if t)
        parts = recommend(self._store.readiness(), self.survey_summary(owner), protocols(), supply)
        kept = self._store.design()
        parts = [dataclasses.replace(p, chosen=kept.get(p.name, {}).get("chosen")) for p in parts]
        self._store.save_design({p.name: dataclasses.asdict(p) for p in parts})
        return parts

    def choose(self, owner: str, part: str, value: Any = None) -> list[Part]:
        """Accept a part as recommended (value None) or change it; both are kept."""
        design = {p.name: p for p in self.design(owner)}
        if part not in design:
            raise FitError(f"a design part is one of {', '.join(design)}")
        chosen = design[part].recommended if value is None else value
        design[part] = dataclasses.replace(
            design[part], chosen=check_choice(part, chosen, protocols())
        )
        self._store.save_design({name: dataclasses.asdict(p) for name, p in design.items()})
        return [design[name] for name in PARTS if name in design]

    def pulse(self, owner: str) -> list[PulseLine]:
        """Return the pulse averages per group and overall, hidden below min_people."""
        self.require_owner(owner)
        names = [g.name for g in self._groups.groups()]
        return pulse_lines(self._store.pulses(), names, self.min_people)

    # --- a member: their own survey answer and pulses ---

    def survey_round(self) -> dict[str, str]:
        """Return the current survey round (id and status), {} when there never was one."""
        return self._store.round()

    def survey_pending(self, user: str) -> bool:
        """Return whether a round is open that this member has neither answered nor declined."""
        current = self._store.round()
        mine = self._store.answer(user)
        return current.get("status") == "open" and (mine is None or mine.round != current["id"])

    def my_survey(self, user: str) -> SurveyAnswer | None:
        """Return the signed-in member's own survey answer (nobody else's, for anyone)."""
        return self._store.answer(user)

    def answer_survey(self, user: str, answer: SurveyAnswer) -> SurveyAnswer:
        """Keep the member's answer to the open round (replacing an earlier one)."""
        current = self._store.round()
        if current.get("status") != "open":
            raise FitError("no survey round is open")
        if self._users.get(user) is None:
            raise FitError(f"no such user: {user}")
        kept = dataclasses.replace(
            answer,
            user=user,
            round=current["id"],
            updated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        ).checked()
        self._store.save_answer(kept)
        return kept

    def decline_survey(self, user: str) -> SurveyAnswer:
        """Record that the member declines this round (they stop being asked)."""
        return self.answer_survey(user, SurveyAnswer(user, "", declined=True))

    def delete_survey(self, user: str) -> bool:
        """Delete the member's survey answer; return whether there was one."""
        return self._store.forget(user, pulses=False) > 0

    def pulse_due(self, user: str) -> list[tuple[str, str]]:
        """Return the held sessions of the member's groups: (group, when), latest first."""
        held = [
            (g.name, s.when)
            for g in self._groups.groups_of(user)
            for s in g.schedule
            if s.status == "held"
        ]
        return sorted(held, key=lambda x: x[1], reverse=True)

    def answer_pulse(
        self, user: str, group: str, when: str, usefulness: int, openness: int
    ) -> PulseAnswer:
        """Keep a member's pulse on a held session of a group they belong to."""
        if (group, when) not in self.pulse_due(user):
            raise FitError("answer the pulse for a held session of one of your groups")
        answer = PulseAnswer(user, group, when, int(usefulness), int(openness)).checked()
        self._store.save_pulse(answer)
        return answer

    def my_pulses(self, user: str) -> list[PulseAnswer]:
        """Return the member's own pulse answers."""
        return [p for p in self._store.pulses() if p.user == user]
