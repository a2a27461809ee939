"""The Prepare tab: a chat that ends in a case brief the manager may count in the themes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import gradio as gr

from assistant.coaching.brief import brief_markdown as brief_export
from assistant.coaching.conversation import CoachTurn
from assistant.coaching.journal import JournalService
from assistant.coaching.prepare import PrepareService
from assistant.memory.records import CaseBrief
from ui import render
from ui.chat import Chat, Update, on_send, required, send_turn
from ui.downloads import download, no_download
from ui.signin import signed_in

HINT = (
    "Describe the challenge you want to bring to your peer group. The coach asks a few "
    "questions, suggests a protocol, and writes a case brief with colleagues' know-how."
)


def brief_view(brief: CaseBrief | None) -> tuple[str, object]:
    """Return a brief as markdown and its export button (empty and hidden when there is none)."""
    if brief is None:
        return "", no_download()
    return render.brief_markdown(brief), download(
        brief_export(brief), f"case-brief-{brief.created[:10]}", brief.user
    )


class PrepareTab:
    """Lays out the Prepare tab and answers its events for the signed-in manager."""

    def __init__(
        self,
        prepare: PrepareService,
        journal: JournalService,
        *,
        min_people: int,
        chat_limit: int,
    ) -> None:
        self._prepare = prepare
        self._journal = journal
        self._min_people = min_people
        self._chat_limit = chat_limit

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events (and the restore on page load)."""
        with gr.Tab("Prepare", id="prepare", elem_id="tab-prepare"):
            gr.Markdown("## Prepare", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            self.session_id = gr.State("")
            with gr.Row():
                with gr.Column(scale=3):
                    self.chat = gr.Chatbot(
                        height=460,  # ui/theme.py fits it to the screen
                        elem_id="prepare-chat",
                        label="Coach",
                        buttons=["copy", "copy_all"],  # no share to a public site
                    )
                    self.box = gr.Textbox(
                        placeholder="What is the challenge? (Enter to send)",
                        show_label=False,
                        elem_id="prepare-input",
                    )
                    with gr.Row():
                        send = gr.Button("Send", variant="primary", elem_id="prepare-send")
                        new = gr.Button("New session", elem_id="prepare-new")
                with gr.Column(scale=2):
                    gr.Markdown("### Case brief")
                    self.brief = gr.Markdown(elem_id="brief")
                    self.brief_file = gr.DownloadButton(
                        "Export brief (.md)", visible=False, elem_id="brief-export"
                    )
                    share = gr.Button(
                        "Count this brief in the programme's themes (never your name)",
                        size="sm",
                        elem_id="brief-share",
                    )
                    shared = gr.Markdown(elem_id="brief-shared")
        screen = [self.chat, self.session_id, self.brief, self.brief_file]
        on_send(
            send,
            self.box,
            self.send,
            [self.box, self.session_id, self.chat],
            [self.box, *screen],
            "prepare",
            self._chat_limit,
        )
        share.click(self.share, self.session_id, shared, api_name="brief_share")
        new.click(self.new, None, screen, api_name="prepare_new")
        demo.load(self.restore, None, screen, api_visibility="private")

    def restore(self, request: gr.Request) -> Update:
        """Return the manager's latest prepare session, as it was left."""
        user = signed_in(request)
        session = self._journal.latest_session(user, "prepare")
        if session is None:
            return self._cleared()
        brief = self._journal.brief_of_session(user, session.id)
        return {
            self.chat: render.chat_messages(session.messages),
            self.session_id: session.id,
            **self._brief(brief),
        }

    def new(self, request: gr.Request) -> Update:
        """Clear the screen for a new prepare session (the old one stays in the journal)."""
        signed_in(request)
        return self._cleared()

    def send(
        self, message: str, session_id: str, chat: Chat, request: gr.Request
    ) -> Iterator[Update]:
        """Send the manager's message; show it at once, then the coach's reply."""
        user = signed_in(request)
        message = required(message, "Type what is on your mind first.")

        def call(on_text: Callable[[str], None]) -> CoachTurn:
            if session_id:
                return self._prepare.reply(user, session_id, message, on_text)
            return self._prepare.start(user, message, on_text)

        done = yield from send_turn(self.box, self.chat, message, chat, call)
        if done is None:
            return
        shown, turn = done
        screen: Update = {self.box: "", self.chat: shown, self.session_id: turn.session_id}
        if isinstance(turn.result, CaseBrief):
            screen.update(self._brief(turn.result))
        yield screen

    def share(self, session_id: str, request: gr.Request) -> str:
        """Let the session's case brief count in the programme owner's themes (aggregates only)."""
        user = signed_in(request)
        # only the session on screen: never a brief the manager cannot see right now
        brief = self._journal.brief_of_session(user, session_id) if session_id else None
        if brief is None:
            raise gr.Error("Finish a case brief first.")
        self._prepare.share_brief(user, brief.id)
        return (
            "Counted: its themes join the programme's learning view, which shows only themes "
            f"{self._min_people} or more people share. Your text and name are never shown."
        )

    def _brief(self, brief: CaseBrief | None) -> Update:
        text, export = brief_view(brief)
        return {self.brief: text, self.brief_file: export}

    def _cleared(self) -> Update:
        return {self.chat: [], self.session_id: "", **self._brief(None)}
