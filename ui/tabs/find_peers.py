"""The Find peers tab: colleagues and what they wrote, quoted at once; a checked summary after."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.answer.synthesis import Synthesis, SynthesisService
from assistant.domain.notes import NOTE_TYPES
from assistant.people.access import Access
from assistant.people.accounts import Accounts
from assistant.retrieve.peers_account import PeersAccountService
from assistant.retrieve.search import HybridSearch
from ui import peers_view
from ui.chat import Update, on_send, required
from ui.signin import signed_in

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def facet(label: str, choices: list[str], elem_id: str) -> gr.Dropdown:
    """Return a filter that takes several of the known values (or others typed in)."""
    return gr.Dropdown(
        choices, label=label, multiselect=True, allow_custom_value=True, elem_id=elem_id
    )


class FindPeersTab:
    """Lays out the Find peers tab; every search is limited to what the signed-in user may read."""

    def __init__(
        self,
        search: HybridSearch,
        account: PeersAccountService,
        synthesis: SynthesisService | None,
        access: Access,
        accounts: Accounts,
        *,
        chat_limit: int,
    ) -> None:
        self._search = search
        self._account = account
        self._synthesis = synthesis
        self._access = access
        self._accounts = accounts
        self._chat_limit = chat_limit

    def build(self) -> None:
        """Add the tab's components and wire its events."""
        with gr.Tab("Find peers", id="peers", elem_id="tab-peers") as tab:
            gr.Markdown("## Find peers", elem_classes="sr-only")  # for screen readers
            self.question = gr.Textbox(
                label="What problem do you want help with?",
                placeholder="e.g. My team keeps missing deadlines",
                elem_id="find-input",
            )
            with gr.Row():
                known_teams, known_tags = self._search.facets()  # refreshed on opening the tab
                self.teams = facet("Teams", known_teams, "find-teams")
                self.tags = facet("Tags", known_tags, "find-tags")
                types = gr.CheckboxGroup(
                    [t for t in NOTE_TYPES if t != "journal"], label="Kinds", elem_id="find-types"
                )
                since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id="find-since")
            go = gr.Button("Find peers", variant="primary", elem_id="find-go")
            with gr.Row():
                with gr.Column():
                    gr.Markdown("### Colleagues who handled this")
                    self.peers = gr.Markdown(elem_id="peers")
                with gr.Column():
                    self.answer = gr.Markdown(elem_id="answer")  # summary, then sources
                    gr.Markdown("### Matching notes")
                    self.notes = gr.Markdown(elem_id="notes")
        on_send(
            go,
            self.question,
            self.find,
            [self.question, self.teams, self.tags, types, since],
            [self.answer, self.peers, self.notes],
            "find_peers",
            self._chat_limit,
        )
        tab.select(self.facets, None, [self.teams, self.tags], api_visibility="private")

    def facets(self, request: gr.Request) -> Update:
        """Return the team and tag choices for the search filters."""
        teams, tags = self._search.facets(self._access.filters(signed_in(request)))
        return {self.teams: gr.Dropdown(choices=teams), self.tags: gr.Dropdown(choices=tags)}

    def find(
        self,
        question: str,
        teams: list[str] | None,
        tags: list[str] | None,
        types: list[str] | None,
        since: str,
        request: gr.Request,
    ) -> Iterator[Update]:
        """Show colleagues and their own words on a problem at once, then a checked summary."""
        user = signed_in(request)
        question = required(question, "Describe the problem you want help with.")
        since = (since or "").strip()
        if since and not DATE.match(since):
            raise gr.Error("Write the date as YYYY-MM-DD, or leave it empty.")
        filters = self._access.filters(
            user,
            teams=tuple(teams or ()),
            tags=tuple(tags or ()),
            types=tuple(types or ()),
            since=since,
        )
        me = self._accounts.me(user).name
        account = self._account.account(question, filters, exclude=me)
        found: dict[Any, Any] = {
            self.peers: peers_view.colleagues_markdown(account),
            self.notes: peers_view.notes_markdown(account.notes),
        }
        if self._synthesis is None or not account.colleagues:
            yield {self.answer: peers_view.summary_markdown(account, _NONE), **found}
            return
        yield {self.answer: peers_view.summary_markdown(account, None), **found}
        summary = self._synthesis.summarise(account)
        yield {self.answer: peers_view.summary_markdown(account, summary), **found}


_NONE = Synthesis("")
