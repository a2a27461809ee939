"""The Capture tab: the coach interviews the manager about a case, then they edit and approve it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.coaching.capture import CaptureService
from assistant.coaching.case_note import CaseDraft
from assistant.domain.literal import literal
from assistant.memory.store import NotFoundError
from assistant.people.accounts import Accounts
from ui import render
from ui.chat import Chat, Update, guarded, on_send, required, said, send_turn
from ui.sharing import ONLY_ME, ORG, group_choices, parse_share_to
from ui.signin import signed_in

log = logging.getLogger(__name__)
HINT = (
    "Capture a challenge you handled: the coach asks one question at a time and drafts a case "
    "note from your words. Drafts are private; nothing is shared or searchable until you approve."
)
AUDIENCE = {"private": "only you", "org": "the organisation"}


class CaptureTab:
    """Lays out the Capture tab and answers its events for the signed-in manager."""

    def __init__(self, capture: CaptureService, accounts: Accounts, *, chat_limit: int) -> None:
        self._capture = capture
        self._accounts = accounts
        self._chat_limit = chat_limit

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events (and the restore on page load)."""
        with gr.Tab("Capture", id="capture", elem_id="tab-capture"):
            gr.Markdown("## Capture a case", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            self.session_id = gr.State("")
            with gr.Row():
                self.pick = gr.Dropdown(label="My interviews", elem_id="capture-pick")
                start = gr.Button("Start a new interview", elem_id="capture-start", scale=0)
            self.chat = gr.Chatbot(
                height=380, elem_id="capture-chat", label="Coach", buttons=["copy", "copy_all"]
            )
            self.box = gr.Textbox(
                placeholder="Your answer (Enter to send)", show_label=False, elem_id="capture-input"
            )
            with gr.Row():
                send = gr.Button("Send", variant="primary", elem_id="capture-send")
                finish = gr.Button("Draft the note now", elem_id="capture-finish")
            with gr.Group(visible=False, elem_id="capture-editor") as self.editor:
                self.title = gr.Textbox(label="Title", elem_id="capture-title")
                self.text = gr.Textbox(label="Case note", lines=12, elem_id="capture-text")
                self.tags = gr.Dropdown(
                    multiselect=True, label="Tags", elem_id="capture-tags", max_choices=3
                )
                with gr.Row():
                    self.share_to = gr.Dropdown(
                        [ONLY_ME, ORG],
                        value="private",
                        label="Who may see it",
                        allow_custom_value=True,  # the service checks group membership
                        elem_id="capture-share-to",
                    )
                    approve = gr.Button(
                        "Approve and save", variant="primary", elem_id="capture-approve"
                    )
                    keep = gr.Button("Keep my edits", elem_id="capture-keep")
            with gr.Row():
                self.confirm = gr.Checkbox(
                    label="Yes, delete this interview", elem_id="capture-confirm"
                )
                delete = gr.Button("Delete", variant="stop", elem_id="capture-delete")
            self.message = gr.Markdown(elem_id="capture-message")
        screen = [self.chat, self.session_id, self.editor, self.title, self.text, self.tags]
        screen += [self.pick, self.message]
        start.click(self.start, None, screen, api_name="capture_start")
        on_send(
            send,
            self.box,
            self.send,
            [self.box, self.session_id, self.chat],
            [self.box, *screen],
            "capture",
            self._chat_limit,
        )
        finish.click(
            self.finish, self.session_id, screen, api_name="capture_finish", concurrency_id="model"
        )
        self.pick.input(self.open, self.pick, screen, api_name="capture_open")
        draft = [self.session_id, self.title, self.text, self.tags]
        approve.click(self.approve, [*draft, self.share_to], screen, api_name="capture_approve")
        keep.click(self.keep, draft, self.message, api_name="capture_keep")
        delete.click(
            self.delete,
            [self.session_id, self.confirm],
            [*screen, self.confirm],
            api_name="capture_delete",
        )
        demo.load(self.restore, None, screen, api_visibility="private")
        demo.load(self.share_choices, None, self.share_to, api_visibility="private")

    def restore(self, request: gr.Request) -> Update:
        """Return the manager's latest interview as it was left (after a reload too)."""
        user = signed_in(request)
        latest = self._capture.latest(user)
        return self._show(user, latest.id if latest else "")

    def open(self, session_id: str | None, request: gr.Request) -> Update:
        """Return one of the manager's interviews, to carry on or edit its draft."""
        return self._show(signed_in(request), session_id or "")

    def start(self, request: gr.Request) -> Update:
        """Open a new interview with its first question."""
        user = signed_in(request)
        turn = guarded(lambda: self._capture.start(user))
        return self._show(user, turn.session_id if turn else "")

    def send(
        self, message: str, session_id: str, chat: Chat, request: gr.Request
    ) -> Iterator[Update]:
        """Record the manager's answer; the coach reflects it and asks the next question."""
        user = signed_in(request)
        message = required(message, "Write your answer first.")
        if not session_id:  # typing straight away answers the first question of a new interview
            session_id = self._capture.start(user).session_id
            chat = [said("assistant", self._capture.resume(user, session_id).text)]
        done = yield from send_turn(
            self.box,
            self.chat,
            message,
            chat,
            lambda on_text: self._capture.reply(user, session_id, message, on_text),
        )
        if done is None:
            return
        shown, turn = done
        screen: Update = {self.box: "", self.chat: shown, self.session_id: session_id}
        if isinstance(turn.result, CaseDraft):
            screen = {**self._show(user, session_id), self.box: ""}
        yield screen

    def finish(self, session_id: str, request: gr.Request) -> Update:
        """Draft the note from the answers so far."""
        user = signed_in(request)
        if not session_id:
            raise gr.Error("Start an interview and answer a question first.")
        try:
            self._capture.finish(user, session_id)
        except NotFoundError as exc:
            raise gr.Error("That interview is not yours.") from exc
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return self._show(user, session_id)

    def keep(
        self, session_id: str, title: str, text: str, tags: list[str] | None, request: gr.Request
    ) -> str:
        """Keep the author's edits to the draft; nothing is shared."""
        user = signed_in(request)
        try:
            self._capture.edit(user, session_id, title=title, text=text, tags=tags or [])
        except NotFoundError as exc:
            raise gr.Error("That interview is not yours.") from exc
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return "Your edits are kept. Only you can see this draft."

    def approve(
        self,
        session_id: str,
        title: str,
        text: str,
        tags: list[str] | None,
        share_to: str | None,
        request: gr.Request,
    ) -> Update:
        """Save the edited note for who the author chose: only them, one of their groups, all."""
        user = signed_in(request)
        if not session_id:
            raise gr.Error("Draft a note first.")
        visibility, group = parse_share_to(share_to or "private")
        try:
            draft = self._capture.approve(
                user, session_id, title=title, text=text, tags=tags or [],
                visibility=visibility, group=group,
            )  # fmt: skip
        except NotFoundError as exc:
            raise gr.Error("That interview is not yours.") from exc
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        audience = f"the group {group}" if group else AUDIENCE[visibility]
        said_ = (
            f"Saved for {audience}: **{literal(draft.title)}**, attributed to you and dated today."
        )
        return {**self._show(user, session_id), self.message: said_}

    def delete(self, session_id: str, confirm: bool, request: gr.Request) -> Update:
        """Delete the interview and its draft, once confirmed."""
        user = signed_in(request)
        if not session_id:
            raise gr.Error("Choose an interview first.")
        if not confirm:
            raise gr.Error("Tick 'Yes, delete this interview' to confirm.")
        try:
            self._capture.delete(user, session_id)
        except NotFoundError as exc:
            raise gr.Error("That interview is not yours.") from exc
        return {**self._show(user, ""), self.message: "Interview deleted.", self.confirm: False}

    def share_choices(self, request: gr.Request) -> Any:
        """Return who the manager may show a case to: only them, their groups, the organisation."""
        account = self._accounts.me(signed_in(request))
        return gr.Dropdown(choices=[ONLY_ME, *group_choices(account), ORG], value="private")

    def _show(self, user: str, session_id: str) -> Update:
        """Return the screen for one of the user's interviews ('' for none)."""
        mine = self._capture.interviews(user)
        choices = [(label(s.id, s.state, s.updated), s.id) for s in mine]
        empty = {
            self.chat: [], self.session_id: "", self.editor: gr.Group(visible=False),
            self.title: "", self.text: "", self.tags: gr.Dropdown(value=[]),
            self.pick: gr.Dropdown(choices=choices, value=None), self.message: "",
        }  # fmt: skip
        if not session_id:
            return empty
        try:
            turn = self._capture.resume(user, session_id)
            session = next(s for s in mine if s.id == session_id)
        except (NotFoundError, StopIteration) as exc:
            raise gr.Error("That interview is not yours.") from exc
        draft = CaseDraft.of(session.state, session_id)
        editing = draft.status in ("draft", "approved")
        audience = AUDIENCE.get(draft.visibility, f"the group {draft.group}")
        state = {"draft": "Draft: only you can see it.", "approved": f"Saved for {audience}."}
        return {
            **empty,
            self.chat: render.chat_messages(session.messages) or [said("assistant", turn.text)],
            self.session_id: session_id,
            self.editor: gr.Group(visible=editing),
            self.title: draft.title,
            self.text: draft.text,
            self.tags: gr.Dropdown(choices=self._capture.vocabulary(), value=draft.tags),
            self.pick: gr.Dropdown(choices=choices, value=session_id),
            self.message: state.get(draft.status, ""),
        }


def label(session_id: str, state: dict[str, Any], updated: str) -> str:
    """Return how an interview is listed: its date, its state and its title or first words."""
    draft = CaseDraft.of(state, session_id)
    first = str((state.get("answers") or {}).get("what_happened", "")) or "not started"
    return f"{updated[:10]} · {draft.status} · {(draft.title or first)[:60]}"
