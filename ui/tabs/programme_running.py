"""The owner's running of groups, in the Programme tab: kick-off pack, members and sessions."""

from __future__ import annotations

import gradio as gr

from assistant.people.directory import User
from assistant.programme.schedule import CADENCES
from assistant.programme.service import ProgrammeService
from ui import render
from ui.chat import Update
from ui.signin import signed_in
from ui.tabs.groups import kickoff, refused


def people_choices(people: list[User]) -> list[tuple[str, str]]:
    """Return people as dropdown choices: 'Name (Team)' labels, usernames as values."""
    return [(f"{u.name} ({u.team})", u.username) for u in people]


class RunGroups:
    """Lays out '2. Launch and run the groups'; the service checks every owner action."""

    def __init__(self, programme: ProgrammeService) -> None:
        self._programme = programme

    def build(self) -> None:
        """Add the section's components and wire its events."""
        with gr.Row():
            self.group_pick = gr.Dropdown(
                label="Group",
                allow_custom_value=True,  # the service checks the group and the role
                elem_id="group-pick",
            )
            kick_go = gr.Button("Build kick-off pack", elem_id="kickoff-go", scale=0)
            self.kick_file = gr.DownloadButton(
                "Export (.md)", visible=False, elem_id="kickoff-export"
            )
        self.kick = gr.Markdown(elem_id="kickoff")
        self.group_md = gr.Markdown(elem_id="group-details")
        with gr.Row():
            self.members = gr.Dropdown(
                label="Members",
                multiselect=True,
                allow_custom_value=True,  # the service checks every username
                elem_id="group-members",
            )
            save = gr.Button("Save members", elem_id="group-save", scale=0)
        with gr.Row():
            self.session = gr.Dropdown(
                label="Planned session", allow_custom_value=True, elem_id="schedule-session"
            )
            held = gr.Button("Mark held", elem_id="schedule-held", scale=0)
        with gr.Row():
            plan_first = gr.Textbox(
                label="Plan sessions from (YYYY-MM-DD HH:MM)", elem_id="plan-first"
            )
            plan_cadence = gr.Dropdown(
                list(CADENCES), value="fortnightly", label="Cadence", allow_custom_value=True
            )
            plan_count = gr.Number(6, label="Sessions", minimum=1, maximum=52, precision=0)
            plan_go = gr.Button("Plan", elem_id="plan-go", scale=0)
        group, details = self.group_pick, [self.group_md, self.session, self.members]
        kick_go.click(self.kickoff, group, [self.kick, self.kick_file], api_name="kickoff")
        group.change(self.group_details, group, details, api_name="group")
        held.click(self.mark_held, [group, self.session], details, api_name="mark_held")
        save.click(self.save_members, [group, self.members], details, api_name="save_members")
        plan_go.click(
            self.plan,
            [group, plan_first, plan_cadence, plan_count],
            details,
            api_name="plan_sessions",
        )

    def kickoff(self, group: str | None, request: gr.Request) -> Update:
        """Return a group's kick-off pack and its markdown export."""
        pack, export = kickoff(self._programme, group, request)
        return {self.kick: pack, self.kick_file: export}

    def group_details(self, group: str | None, request: gr.Request) -> Update:
        """Return a group's schedule, its planned sessions and its members (owners only)."""
        user = signed_in(request)
        found = refused(lambda: self._programme.group(user, group or ""))
        if found is None:
            return {
                self.group_md: "No group chosen.",
                self.session: gr.Dropdown(choices=[]),
                self.members: gr.Dropdown(value=[]),
            }
        rows = "\n".join(f"| {s.when} | {s.status} |" for s in found.schedule)
        table = "| When | Status |\n|---|---|\n" + rows if rows else "Nothing scheduled yet."
        planned = found.planned()
        people = people_choices(self._programme.people(user))
        return {
            self.group_md: f"**{render.literal(found.name)}** · "
            f"{render.literal(found.protocol or 'no protocol')} · "
            f"{render.literal(found.cadence or 'no cadence')}\n\n{table}",
            self.session: gr.Dropdown(choices=planned, value=planned[0] if planned else None),
            self.members: gr.Dropdown(choices=people, value=list(found.members)),
        }

    def mark_held(self, group: str | None, when: str | None, request: gr.Request) -> Update:
        """Record that a session was held; return the refreshed group."""
        user = signed_in(request)
        if not group or not when:
            raise gr.Error("Choose a group and a session.")
        refused(lambda: self._programme.mark(user, group, when, "held"))
        return self.group_details(group, request)

    def plan(
        self, group: str | None, first: str, cadence: str, count: float, request: gr.Request
    ) -> Update:
        """Add sessions to a group's schedule from a first time and a cadence."""
        user = signed_in(request)
        if not group or not count:
            raise gr.Error("Choose a group and how many sessions.")
        refused(
            lambda: self._programme.plan(user, group, (first or "").strip(), cadence, int(count))
        )
        return self.group_details(group, request)

    def save_members(
        self, group: str | None, members: list[str] | None, request: gr.Request
    ) -> Update:
        """Set who is in a group (they see its notes at once); warn about any rule it breaks."""
        user = signed_in(request)
        if not group:
            raise gr.Error("Choose a group first.")
        _, warnings = refused(lambda: self._programme.set_members(user, group, members or []))
        for warning in warnings:
            gr.Warning(warning)
        return self.group_details(group, request)
