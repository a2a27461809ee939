"""The header above the tabs: who is signed in, sign-out, and the model and knowledge status."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from assistant.models.chat import ChatModelHandle
from assistant.people.accounts import Accounts
from ui import render
from ui.signin import signed_in

STATUS_EVERY = 10.0  # seconds between model status refreshes


class Header:
    """Lays out the header; the status line reads the model handle and the library's size."""

    def __init__(
        self, accounts: Accounts, chat: ChatModelHandle, size: Callable[[], int], *, sign_out: bool
    ) -> None:
        self._accounts = accounts
        self._chat = chat
        self._size = size
        self._sign_out = sign_out

    def build(self, demo: gr.Blocks) -> None:
        """Add the title row and the status line, refreshed every few seconds."""
        with gr.Row(elem_id="header"):
            gr.Markdown("# Peer Coach", elem_id="title")
            who = gr.Markdown(elem_id="who")
            if self._sign_out:  # behind a proxy, the proxy signs out
                gr.Button("Sign out", link="/logout", size="sm", scale=0, elem_id="sign-out")
        status = gr.Markdown(self.status(), elem_id="model-status")
        gr.Timer(STATUS_EVERY).tick(
            self.status, outputs=status, api_visibility="private", show_progress="hidden"
        )
        demo.load(self.whoami, None, who, api_visibility="private")

    def whoami(self, request: gr.Request) -> str:
        """Return who is signed in, for the header."""
        me = self._accounts.me(signed_in(request))
        return f"Signed in as **{render.literal(me.name)}** ({me.username})"

    def status(self) -> str:
        """Return the model and knowledge status line."""
        return render.status_line(self._chat, self._size())
