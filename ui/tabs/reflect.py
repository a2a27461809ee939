"""The Reflect tab: a framework's questions one at a time, then a lesson the author may share."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.coaching.journal import JournalService
from assistant.coaching.lessons import ConsentRequiredError, LessonService
from assistant.coaching.protocols import frameworks
from assistant.coaching.reflect import ReflectService
from assistant.memory.records import JournalEntry
from assistant.memory.store import NotFoundError
from assistant.people.accounts import Accounts
from ui import render
from ui.chat import Chat, Update, guarded, on_send, required, said, send_turn
from ui.sharing import ORG, group_choices, parse_share_to
from ui.signin import signed_in

log = logging.getLogger(__name__)
HINT = (
    "After a peer session: answer one question at a time. Your entry is private to you; "
    "you choose whether a lesson from it is shared."
)


class ReflectTab:
    """Lays out the Reflect tab and answers its events for the signed-in manager."""

    def __init__(
        self,
        reflect: ReflectService,
        journal: JournalService,
        lessons: LessonService,
        accounts: Accounts,
        *,
        chat_limit: int,
    ) -> None:
        self._reflect = reflect
        self._journal = journal
        self._lessons = lessons
        self._accounts = accounts
        self._chat_limit = chat_limit

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events (and the restore on page load)."""
        with gr.Tab("Reflect", id="reflect", elem_id="tab-reflect"):
            gr.Markdown("## Reflect", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            self.session_id, self.entry_id = gr.State(""), gr.State("")
            self.lesson_id = gr.State("")
            with gr.Row():
                framework = gr.Radio(
                    [(f.title, f.name) for f in frameworks().values()],
                    value="what-so-what-now-what",
                    label="Framework",
                    elem_id="framework",
                )
                start = gr.Button("Start a reflection", elem_id="reflect-start", scale=0)
            self.chat = gr.Chatbot(
                height=420,  # ui/theme.py fits it to the screen
                elem_id="reflect-chat",
                label="Coach",
                buttons=["copy", "copy_all"],  # no share to a public site
            )
            self.box = gr.Textbox(
                placeholder="Your answer (Enter to send)",
                show_label=False,
                elem_id="reflect-input",
            )
            send = gr.Button("Send", variant="primary", elem_id="reflect-send")
            with gr.Group(visible=False, elem_id="lesson-offer") as self.offer:
                consent = gr.Checkbox(
                    label="Yes: draft a lesson from this entry for me to edit. "
                    "Nothing is shared until I press Share.",
                    elem_id="lesson-consent",
                )
                draft = gr.Button("Draft a lesson", elem_id="lesson-draft")
            with gr.Group(visible=False, elem_id="lesson-editor") as self.editor:
                self.title = gr.Textbox(label="Lesson title", elem_id="lesson-title")
                self.text = gr.Textbox(label="Lesson", lines=6, elem_id="lesson-text")
                with gr.Row():
                    self.share_to = gr.Dropdown(
                        [ORG],
                        value="org",
                        label="Share with",
                        allow_custom_value=True,  # the service checks group membership
                        elem_id="lesson-share-to",
                    )
                    share = gr.Button("Share", variant="primary", elem_id="lesson-share")
                    discard = gr.Button("Discard", elem_id="lesson-discard")
            self.message = gr.Markdown(elem_id="lesson-message")
        screen = [self.chat, self.session_id, self.entry_id, self.offer]
        start.click(self.start, framework, screen, api_name="reflect_start")
        on_send(
            send,
            self.box,
            self.send,
            [self.box, self.session_id, self.chat, framework],
            [self.box, *screen],
            "reflect",
            self._chat_limit,
        )
        lesson = [self.lesson_id, self.title, self.text]
        draft.click(
            self.draft,
            [self.entry_id, consent],
            [*lesson, self.editor],
            api_name="lesson_draft",
            concurrency_id="model",
        )
        share.click(self.share, [*lesson, self.share_to], self.message, api_name="lesson_share")
        discard.click(
            self.discard, self.lesson_id, [*lesson, self.message], api_name="lesson_discard"
        )
        demo.load(self.restore, None, screen, api_visibility="private")
        demo.load(self.share_choices, None, self.share_to, api_visibility="private")

    def restore(self, request: gr.Request) -> Update:
        """Return the manager's latest reflection, as it was left."""
        user = signed_in(request)
        session = self._journal.latest_session(user, "reflect")
        if session is None:
            return self._screen([], "")
        entry_id = str(session.state.get("entry_id", ""))
        return self._screen(render.chat_messages(session.messages), session.id, entry_id)

    def start(self, framework: str, request: gr.Request) -> Update:
        """Open a new reflection with the chosen framework's first question."""
        user = signed_in(request)
        turn = guarded(lambda: self._reflect.start(user, framework))
        if turn is None:
            return self._screen([], "")
        return self._screen([said("assistant", render.turn_markdown(turn))], turn.session_id)

    def send(
        self, message: str, session_id: str, chat: Chat, framework: str, request: gr.Request
    ) -> Iterator[Update]:
        """Record the manager's answer; the last stage saves the journal entry."""
        user = signed_in(request)
        message = required(message, "Write your answer first.")
        if not session_id:  # typing straight away answers the first question of a new reflection
            opened = self.start(framework, request)
            chat, session_id = opened[self.chat], opened[self.session_id]
        done = yield from send_turn(
            self.box,
            self.chat,
            message,
            chat,
            lambda on_text: self._reflect.reply(user, session_id, message, on_text),
        )
        if done is None:
            return
        shown, turn = done
        screen: Update = {self.box: "", self.chat: shown, self.session_id: session_id}
        if isinstance(turn.result, JournalEntry):
            screen.update({self.entry_id: turn.result.id, self.offer: gr.Group(visible=True)})
        yield screen

    def draft(self, entry_id: str, consent: bool, request: gr.Request) -> Update:
        """Draft a lesson from the entry, only with consent, for the author to edit."""
        user = signed_in(request)
        if not entry_id:
            raise gr.Error("Finish a reflection first.")
        if not consent:
            raise gr.Error("Tick the box to agree before a lesson is drafted.")
        try:
            lesson = self._lessons.draft(user, entry_id, consent=consent)
        except (ConsentRequiredError, NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        except Exception as exc:  # the model failing must not lose the entry
            log.exception("lesson draft failed")
            raise gr.Error(f"The lesson could not be drafted now ({exc}). Try again.") from exc
        return {
            self.lesson_id: lesson.id,
            self.title: lesson.title,
            self.text: lesson.text,
            self.editor: gr.Group(visible=True),
        }

    def share(
        self, lesson_id: str, title: str, text: str, share_to: str | None, request: gr.Request
    ) -> str:
        """Share the edited lesson with the organisation or one of the author's groups."""
        user = signed_in(request)
        if not lesson_id:
            raise gr.Error("Draft a lesson first.")
        visibility, group = parse_share_to(share_to or "org")
        try:
            lesson = self._lessons.approve(
                user, lesson_id, title=title, text=text, visibility=visibility, group=group
            )
        except (NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        audience = f"the group {group}" if group else "the organisation"
        return f"Shared with {audience}: **{render.literal(lesson.title)}**, attributed to you."

    def discard(self, lesson_id: str, request: gr.Request) -> Update:
        """Throw the draft away."""
        user = signed_in(request)
        if lesson_id:
            guarded(lambda: self._lessons.discard(user, lesson_id))
        cleared = {self.lesson_id: "", self.title: "", self.text: ""}
        return {**cleared, self.message: "Draft discarded. Nothing was shared."}

    def share_choices(self, request: gr.Request) -> Any:
        """Return who the manager may share a lesson with: the organisation or their groups."""
        account = self._accounts.me(signed_in(request))
        return gr.Dropdown(choices=[ORG, *group_choices(account)], value="org")

    def _screen(self, chat: Chat, session_id: str, entry_id: str = "") -> Update:
        return {
            self.chat: chat,
            self.session_id: session_id,
            self.entry_id: entry_id,
            self.offer: gr.Group(visible=bool(entry_id)),
        }
