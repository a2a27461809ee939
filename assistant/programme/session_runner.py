"""Running a group's next session: who may do what, and what the session leaves behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.coaching.protocols import protocols
from assistant.domain.notes import Note
from assistant.memory.records import CaseBrief, Commitment
from assistant.memory.store import CoachStore, NotFoundError, new_id, now
from assistant.people.groups import Group, GroupDirectory, GroupError
from assistant.programme.session_run import (
    SessionNote,
    SessionRun,
    SessionRuns,
    Step,
    protocol_steps,
)

DEFAULT_PROTOCOL = "troika-consulting"


@dataclass(frozen=True)
class SessionView:
    """A session as one member sees it: steps, roles, countdown; the draft only if it is theirs."""

    run: SessionRun
    steps: list[Step]
    remaining: int  # seconds left in the current step
    rotation: list[str]
    names: dict[str, str]  # username → display name
    can_edit_note: bool  # the facilitator (drafting) or the presenter (approving)


class SessionRunner:
    """Opens a group's next session for its members and saves its note once the presenter agrees."""

    def __init__(
        self,
        groups: GroupDirectory,
        runs: SessionRuns,
        store: CoachStore,
        publish: Callable[[Note], object],
        *,
        name_of: Callable[[str], str] = str,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._groups = groups
        self._runs = runs
        self._store = store
        self._publish = publish
        self._name_of = name_of
        self._clock = clock

    def open(self, user: str, group: str) -> SessionView:
        """Return the group's next session (opened now if it was not), for one of its members."""
        found = self._member(user, group)
        when = self._next(found)
        run = self._runs.get(group, when)
        if run is None:
            presenter, facilitator, timekeeper = _roles(self.rotation(user, group), found.held())
            protocol = found.protocol or DEFAULT_PROTOCOL
            run = self._runs.save(
                SessionRun(group, when, protocol, presenter, facilitator, timekeeper)
            )
        return self._view(user, run)

    def current(self, user: str) -> SessionView | None:
        """Return the first of the user's groups' next sessions that is already open, if any."""
        for found in self._groups.groups_of(user):
            try:
                run = self._runs.get(found.name, self._next(found))
            except GroupError:  # no planned session
                continue
            if run is not None:
                return self._view(user, run)
        return None

    def rotation(self, user: str, group: str) -> list[str]:
        """Return who presents in turn (the group may change it): its members, in order."""
        found = self._member(user, group)
        kept = [m for m in self._runs.rotation(group) if m in found.members]
        return kept + [m for m in found.members if m not in kept]

    def set_rotation(self, user: str, group: str, order: Sequence[str]) -> list[str]:
        """Change who presents in turn; every member exactly once."""
        found = self._member(user, group)
        if sorted(order) != sorted(found.members):
            raise GroupError("the rotation lists every member of the group exactly once")
        self._runs.set_rotation(group, list(order))
        run = self._runs.get(group, self._next(found))
        if run is not None and run.step < 0:  # not started yet: its roles follow the new order
            run.presenter, run.facilitator, run.timekeeper = _roles(list(order), found.held())
            self._runs.save(run)
        return list(order)

    def advance(self, user: str, group: str) -> SessionView:
        """Move the session to its next step (its countdown starts now)."""
        run = self._running(user, group)
        steps = self.steps(run)
        if run.step >= len(steps):
            raise GroupError("every step is done: the facilitator drafts the session note")
        run.step += 1
        run.step_started = self._clock().isoformat() if run.step < len(steps) else ""
        return self._view(user, self._runs.save(run))

    def share_brief(self, user: str, group: str, brief_id: str) -> SessionView:
        """Show the presenter's own case brief to the group ('' to stop showing it)."""
        run = self._running(user, group)
        if user != run.presenter:
            raise GroupError("only the presenter can share their case brief")
        if brief_id:
            brief = self._store.get(CaseBrief, user, brief_id)  # NotFoundError: not theirs
            run.brief = {
                "framing_question": brief.framing_question,
                "situation": brief.situation,
                "tried": brief.tried,
                "help_wanted": brief.help_wanted,
            }
        else:
            run.brief = {}
        return self._view(user, self._runs.save(run))

    def draft_note(self, user: str, group: str, note: SessionNote) -> SessionView:
        """Keep the facilitator's draft of the session note (seen by facilitator and presenter)."""
        run = self._running(user, group)
        if user != run.facilitator:
            raise GroupError("the facilitator drafts the session note")
        if not note.question.strip():
            raise ValueError("the note needs the presenter's question")
        run.note, run.status = _clean(note), "drafted"
        return self._view(user, self._runs.save(run))

    def approve_note(
        self, user: str, group: str, note: SessionNote, *, commit: bool = True
    ) -> SessionView:
        """Save the presenter's approved note for the group, mark the session held.

        The presenter may remove anything; with `commit`, their next step becomes a commitment
        in their own journal.
        """
        run = self._running(user, group)
        if user != run.presenter:
            raise GroupError("only the presenter approves the session note")
        if run.status != "drafted":
            raise GroupError("the facilitator has not drafted the note yet")
        run.note = _clean(note)
        if not run.note.question:
            raise ValueError("the note needs the question")
        run.doc_id = f"sessions/{group}/{run.when.replace(' ', 'T').replace(':', '')}"
        self._publish(self._as_note(run))
        self._groups.mark_session(group, run.when, "held")
        if commit and run.note.next_step:
            made = now()
            self._store.save(
                Commitment(
                    new_id("cm"), user, run.doc_id, run.note.next_step, "", "open", made, made
                )
            )
        run.status = "approved"
        return self._view(user, self._runs.save(run))

    def steps(self, run: SessionRun) -> list[Step]:
        """Return the steps of the run's protocol."""
        protocol = protocols().get(run.protocol) or protocols()[DEFAULT_PROTOCOL]
        return protocol_steps(protocol)

    def _as_note(self, run: SessionRun) -> Note:
        protocol = protocols().get(run.protocol) or protocols()[DEFAULT_PROTOCOL]
        title = f"{protocol.title}: {run.note.question}"[:120]
        parts = [f"# {title}", "", "## Protocol", "", f"{protocol.title}, {run.when[:10]}."]
        parts += ["", "## The question", "", run.note.question]
        if run.note.options:
            parts += ["", "## What the peers offered", "", run.note.options]
        if run.note.next_step:
            parts += ["", "## What I will do next", "", run.note.next_step]
        return Note(
            doc_id=run.doc_id,
            title=title,
            text="\n".join(parts),
            author=self._name_of(run.presenter),
            date=run.when[:10],
            type="session-note",
            visibility="group",
            group=run.group,
            source=f"session {run.group} {run.when}",
            source_id=run.doc_id,
            owner=run.presenter,
        )

    def _member(self, user: str, group: str) -> Group:
        found = self._groups.get(group)
        if found is None or user not in found.members:
            raise GroupError(f"you are not a member of the group {group!r}")
        return found

    def _next(self, group: Group) -> str:
        """Return the session to run: today's or the next planned one (the last one if none)."""
        today = self._clock().strftime("%Y-%m-%d")
        planned = [s.when for s in group.schedule if s.status == "planned" and s.when >= today]
        if planned:
            return planned[0]
        raise GroupError(f"{group.name} has no planned session to run; ask the owner to plan one")

    def _running(self, user: str, group: str) -> SessionRun:
        run = self._runs.get(group, self._next(self._member(user, group)))
        if run is None or run.status == "approved":
            raise NotFoundError(f"{group} has no open session: open it first")
        return run

    def _view(self, user: str, run: SessionRun) -> SessionView:
        steps = self.steps(run)
        mine = user in (run.facilitator, run.presenter)
        shown = run if mine or run.status == "approved" else replace(run, note=SessionNote())
        order = self.rotation(user, run.group)
        return SessionView(
            shown,
            steps,
            run.remaining(steps, self._clock()),
            order,
            {m: self._name_of(m) for m in order},
            mine and run.status != "approved",
        )


def _roles(order: list[str], held: int) -> tuple[str, str, str]:
    """Return presenter, facilitator and timekeeper: the rotation's next three, from `held` on."""
    return order[held % len(order)], order[(held + 1) % len(order)], order[(held + 2) % len(order)]


def _clean(note: SessionNote) -> SessionNote:
    return SessionNote(note.question.strip(), note.options.strip(), note.next_step.strip())
