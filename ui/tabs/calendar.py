"""A group's sessions as an .ics download, for My groups (members) and Programme (owners)."""

from __future__ import annotations

import gradio as gr

from assistant.people.groups import GroupError
from assistant.programme.service import NotOwnerError, ProgrammeService
from ui.chat import Update
from ui.downloads import EXPORTS
from ui.signin import signed_in


def add_calendar(programme: ProgrammeService, group: gr.Dropdown, prefix: str) -> None:
    """Add a 'Calendar (.ics)' button for the chosen group, with its download, and wire it."""
    with gr.Row():
        go = gr.Button("Calendar (.ics)", elem_id=f"{prefix}-calendar-go", scale=0)
        file = gr.DownloadButton(
            "Download calendar (.ics)", visible=False, elem_id=f"{prefix}-calendar"
        )

    def calendar(name: str | None, request: gr.Request) -> Update:
        """Return the group's sessions as an .ics file for this user (members and owners only)."""
        user = signed_in(request)
        if not name:
            raise gr.Error("Choose a group first.")
        try:
            text = programme.calendar(user, name)
        except (NotOwnerError, GroupError) as exc:
            raise gr.Error(str(exc)) from exc
        path = EXPORTS.write(user, f"sessions-{name}.ics", text.encode("utf-8"))
        return {file: gr.DownloadButton(value=str(path), visible=True)}

    go.click(calendar, group, [file], api_name=f"{prefix}_calendar")
