"""The My groups tab: the member's groups, upcoming sessions, group know-how and kick-off packs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.people.groups import GroupError
from assistant.programme.forming import FormingError
from assistant.programme.report import my_groups_markdown
from assistant.programme.service import NotOwnerError, ProgrammeService
from ui.chat import Update
from ui.downloads import download
from ui.signin import signed_in
from ui.tabs.calendar import add_calendar


def refused(call: Callable[[], Any]) -> Any:
    """Run a programme action; a refusal or a bad edit becomes a clear message on screen."""
    try:
        return call()
    except (NotOwnerError, GroupError, FormingError) as exc:
        raise gr.Error(str(exc)) from exc


def kickoff(programme: ProgrammeService, group: str | None, request: gr.Request) -> tuple[str, Any]:
    """Return a group's kick-off pack (for its members or an owner) and its markdown export."""
    user = signed_in(request)
    if not group:
        raise gr.Error("Choose a group first.")
    pack = refused(lambda: programme.kickoff(user, group))
    return pack, download(pack, f"kickoff-{group}", user)


class GroupsTab:
    """Lays out the My groups tab; members read only their own groups."""

    def __init__(self, programme: ProgrammeService) -> None:
        self._programme = programme

    def build(self) -> None:
        """Add the tab's components and wire its events."""
        with gr.Tab("My groups", id="groups", elem_id="tab-groups") as tab:
            gr.Markdown("## My groups", elem_classes="sr-only")  # for screen readers
            gr.Markdown(
                "Your peer groups. Notes and lessons shared with a group are visible to its "
                "members only.",
                elem_classes="hint",
            )
            self.groups = gr.Markdown(elem_id="my-groups")
            with gr.Row():
                self.pick = gr.Dropdown(label="Kick-off pack for", elem_id="my-kickoff-group")
                build = gr.Button("Show kick-off pack", elem_id="my-kickoff-go", scale=0)
                self.export = gr.DownloadButton(
                    "Export (.md)", visible=False, elem_id="my-kickoff-export"
                )
            self.pack = gr.Markdown(elem_id="my-kickoff")
            add_calendar(self._programme, self.pick, "my")
        tab.select(self.show, None, [self.groups, self.pick], api_name="my_groups")
        build.click(self.kickoff, self.pick, [self.pack, self.export], api_name="my_kickoff")

    def show(self, request: gr.Request) -> Update:
        """Return the member's groups, and the choice of kick-off packs they can export."""
        mine = self._programme.my_groups(signed_in(request))
        names = [m.group.name for m in mine]
        return {
            self.groups: my_groups_markdown(mine),
            self.pick: gr.Dropdown(choices=names, value=names[0] if names else None),
        }

    def kickoff(self, group: str | None, request: gr.Request) -> Update:
        """Return a group's kick-off pack and its markdown export."""
        pack, export = kickoff(self._programme, group, request)
        return {self.pack: pack, self.export: export}
