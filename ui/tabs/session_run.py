"""The Group session tab: a member runs their group's next session, step by step, on the clock."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.coaching.prepare import PrepareService
from assistant.domain.literal import literal
from assistant.memory.store import NotFoundError
from assistant.people.accounts import Accounts
from assistant.people.groups import GroupError
from assistant.programme.session_run import SessionNote
from assistant.programme.session_runner import SessionRunner, SessionView
from ui import render
from ui.chat import Update
from ui.signin import signed_in

NO_BRIEF = "You have no case brief yet: prepare one in the Prepare tab, then come back here."
HINT = (
    "Run your group's next session: the protocol's steps on the clock, who presents, "
    "facilitates and keeps time. The session note reaches the group only once the presenter "
    "approves it."
)


class SessionRunTab:
    """Lays out the Group session tab; the runner checks every member's role."""

    def __init__(
        self, sessions: SessionRunner, prepare: PrepareService, accounts: Accounts
    ) -> None:
        self._sessions = sessions
        self._prepare = prepare
        self._accounts = accounts

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events (and the restore on page load)."""
        with gr.Tab("Group session", id="session", elem_id="tab-session") as tab:
            gr.Markdown("## Group session", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            with gr.Row():
                self.group = gr.Dropdown(label="My group", elem_id="session-group")
                go = gr.Button("Open the next session", elem_id="session-open", scale=0)
            self.header = gr.Markdown(elem_id="session-header")
            self.countdown = gr.Markdown(elem_id="session-countdown")
            self.timer = gr.Timer(1.0, active=False)
            with gr.Row():
                step = gr.Button("Start / next step", variant="primary", elem_id="session-next")
            self.steps = gr.Markdown(elem_id="session-steps")
            with gr.Accordion("Presenter rotation", open=False):
                self.rotation = gr.Textbox(
                    label="Who presents in turn (usernames, comma-separated)",
                    elem_id="session-rotation",
                )
                rotate = gr.Button("Save the rotation", elem_id="session-rotate")
            with gr.Accordion("The presenter's case brief", open=True):
                with gr.Row():
                    self.briefs = gr.Dropdown(label="My case brief", elem_id="session-briefs")
                    share = gr.Button("Share it with the group", elem_id="session-share", scale=0)
                    unshare = gr.Button("Stop sharing", elem_id="session-unshare", scale=0)
                self.brief = gr.Markdown(elem_id="session-brief")
            with gr.Group(elem_id="session-note"):
                self.question = gr.Textbox(
                    label="The presenter's question", elem_id="note-question"
                )
                self.options = gr.Textbox(
                    label="Options the peers offered", lines=4, elem_id="note-options"
                )
                self.next_step = gr.Textbox(
                    label="What the presenter will do next", elem_id="note-next"
                )
                self.commit = gr.Checkbox(
                    True, label="Add my next step to my journal (presenter)", elem_id="note-commit"
                )
                with gr.Row():
                    draft = gr.Button("Save the draft (facilitator)", elem_id="note-draft")
                    approve = gr.Button(
                        "Approve and share with the group (presenter)",
                        variant="primary",
                        elem_id="note-approve",
                    )
            self.message = gr.Markdown(elem_id="session-message")
        screen = [self.header, self.countdown, self.steps, self.rotation, self.brief]
        screen += [self.question, self.options, self.next_step, self.timer]
        note = [self.question, self.options, self.next_step]
        go.click(self.open, self.group, [*screen, self.message], api_name="session_open")
        step.click(self.advance, self.group, [*screen, self.message], api_name="session_next")
        self.timer.tick(self.tick, self.group, self.countdown, api_visibility="private")
        rotate.click(self.rotate, [self.group, self.rotation], [*screen, self.message])
        share.click(self.share, [self.group, self.briefs], [*screen, self.message])
        unshare.click(self.unshare, self.group, [*screen, self.message])
        draft.click(
            self.draft, [self.group, *note], [*screen, self.message], api_name="session_draft"
        )
        approve.click(
            self.approve,
            [self.group, *note, self.commit],
            [*screen, self.message],
            api_name="session_approve",
        )
        demo.load(self.choices, None, [self.group, self.briefs], api_visibility="private")
        # a brief prepared (or a group joined) since the page loaded is offered without a reload
        picks = [self.group, self.briefs]
        tab.select(self.refresh, picks, picks, api_visibility="private")
        demo.load(self.restore, None, [self.group, *screen], api_visibility="private")

    def choices(self, request: gr.Request) -> Update:
        """Return the member's groups and their own case briefs."""
        return self.refresh(None, None, request)

    def refresh(self, group: str | None, brief: str | None, request: gr.Request) -> Update:
        """Return the member's groups and case briefs as they are now, keeping what is chosen."""
        user = signed_in(request)
        groups = list(self._accounts.me(user).groups)
        briefs = [(render.brief_label(b), b.id) for b in self._prepare.briefs(user)]
        info = "" if briefs else NO_BRIEF
        return {
            self.group: gr.Dropdown(
                choices=groups, value=group if group in groups else (groups[0] if groups else None)
            ),
            self.briefs: gr.Dropdown(
                choices=briefs, value=brief if brief in {b for _, b in briefs} else None, info=info
            ),
        }

    def restore(self, request: gr.Request) -> Update:
        """Return the session the member's group has open, as it is now (after a reload too)."""
        user = signed_in(request)
        view = self._sessions.current(user)
        if view is None:
            return {self.header: gr.update()}  # nothing open: the tab stays as it is
        groups = list(self._accounts.me(user).groups)
        return {**self._screen(view), self.group: gr.Dropdown(choices=groups, value=view.run.group)}

    def open(self, group: str | None, request: gr.Request) -> Update:
        """Open the group's next session (as it was left, after a reload too)."""
        return self._act(group, request, lambda user, g: self._sessions.open(user, g), "")

    def advance(self, group: str | None, request: gr.Request) -> Update:
        """Move to the next step; its countdown starts now."""
        return self._act(group, request, lambda user, g: self._sessions.advance(user, g), "")

    def tick(self, group: str | None, request: gr.Request) -> str:
        """Return the countdown of the current step (read every second while a session is open)."""
        if not group:
            return ""
        try:
            return countdown(self._sessions.open(signed_in(request), group))
        except (GroupError, NotFoundError):
            return ""

    def rotate(self, group: str | None, order: str, request: gr.Request) -> Update:
        """Change who presents in turn."""
        names = [n.strip() for n in (order or "").split(",") if n.strip()]

        def change(user: str, g: str) -> SessionView:
            self._sessions.set_rotation(user, g, names)
            return self._sessions.open(user, g)

        return self._act(group, request, change, "The rotation is saved.")

    def share(self, group: str | None, brief_id: str | None, request: gr.Request) -> Update:
        """Show the presenter's own brief to the group."""
        if not brief_id:
            mine = self._prepare.briefs(signed_in(request))
            raise gr.Error("Choose one of your case briefs first." if mine else NO_BRIEF)
        return self._act(
            group, request, lambda u, g: self._sessions.share_brief(u, g, brief_id), "Shared."
        )

    def unshare(self, group: str | None, request: gr.Request) -> Update:
        """Stop showing the presenter's brief."""
        return self._act(
            group, request, lambda u, g: self._sessions.share_brief(u, g, ""), "Not shown."
        )

    def draft(
        self, group: str | None, question: str, options: str, next_step: str, request: gr.Request
    ) -> Update:
        """Keep the facilitator's draft of the session note (only the presenter sees it too)."""
        note = SessionNote(question or "", options or "", next_step or "")
        return self._act(
            group,
            request,
            lambda u, g: self._sessions.draft_note(u, g, note),
            "Draft saved. The presenter approves it before the group sees it.",
        )

    def approve(
        self,
        group: str | None,
        question: str,
        options: str,
        next_step: str,
        commit: bool,
        request: gr.Request,
    ) -> Update:
        """Save the presenter's approved note for the group; the session is marked held."""
        note = SessionNote(question or "", options or "", next_step or "")
        return self._act(
            group,
            request,
            lambda u, g: self._sessions.approve_note(u, g, note, commit=commit),
            "Saved as a session note for the group. The session is marked held.",
        )

    def _act(self, group: str | None, request: gr.Request, call: Any, done: str) -> Update:
        user = signed_in(request)
        if not group:
            raise gr.Error("Choose one of your groups first.")
        try:
            view = call(user, group)
        except NotFoundError as exc:
            raise gr.Error("Open the group's next session first.") from exc
        except (GroupError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        return {**self._screen(view), self.message: done}

    def _screen(self, view: SessionView) -> Update:
        run = view.run
        brief = run.brief
        shown = (
            "\n\n".join(
                f"**{label}:** {literal(brief.get(key, ''))}"
                for key, label in (
                    ("framing_question", "Question"),
                    ("situation", "Situation"),
                    ("tried", "Tried"),
                    ("help_wanted", "Help wanted"),
                )
            )
            if brief
            else "The presenter has not shared a case brief."
        )
        return {
            self.header: header(view),
            self.countdown: countdown(view),
            self.steps: steps_markdown(view),
            self.rotation: ", ".join(view.rotation),
            self.brief: shown,
            self.question: gr.Textbox(value=run.note.question, interactive=view.can_edit_note),
            self.options: gr.Textbox(value=run.note.options, interactive=view.can_edit_note),
            self.next_step: gr.Textbox(value=run.note.next_step, interactive=view.can_edit_note),
            self.timer: gr.Timer(active=0 <= run.step < len(view.steps)),
        }


def header(view: SessionView) -> str:
    """Return the session's date, protocol and roles."""
    run, name = view.run, view.names.get
    roles = (
        f"Presenter: **{literal(name(run.presenter, run.presenter))}** · "
        f"Facilitator: **{literal(name(run.facilitator, run.facilitator))}** · "
        f"Timekeeper: **{literal(name(run.timekeeper, run.timekeeper))}**"
    )
    state = {"approved": "Held: its note is shared with the group."}.get(run.status, "")
    return f"### {literal(run.group)} · {run.when} · {literal(run.protocol)}\n\n{roles}\n\n{state}"


def countdown(view: SessionView) -> str:
    """Return the time left in the current step ('Not started' or 'All steps done' otherwise)."""
    run = view.run
    if run.status == "approved":
        return "The session is over and held."
    if run.step < 0:
        return "Not started. Press Start when everyone is here."
    if run.step >= len(view.steps):
        return "All steps done. The facilitator drafts the session note below."
    left = view.remaining
    step = view.steps[run.step]
    clock = f"{abs(left) // 60}:{abs(left) % 60:02d}"
    status = f"{clock} left" if left >= 0 else f"over by {clock}"
    return f"**Step {run.step + 1} of {len(view.steps)} · {literal(step.title)}**: {status}"


def steps_markdown(view: SessionView) -> str:
    """Return the protocol's steps with their timings, the current one marked."""
    lines = []
    for index, step in enumerate(view.steps):
        mark = "▶ " if index == view.run.step else ("✓ " if index < view.run.step else "")
        lines.append(f"{index + 1}. {mark}**{step.title}** ({step.minutes} min) {step.what}")
    return "\n".join(lines)
