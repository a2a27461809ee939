"""The programme tabs: a member's groups, and the owner's forming, launch and learning views."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.coaching.protocols import protocols
from assistant.container import PeerCoach
from assistant.people.groups import GroupError
from assistant.programme.forming import FormingError, Rules
from assistant.programme.report import (
    learning_markdown,
    my_groups_markdown,
    review_markdown,
    suggestions_markdown,
)
from assistant.programme.schedule import CADENCES
from assistant.programme.service import NotOwnerError
from ui.actions import export_file, signed_in

OWNER_HINT = (
    "For the programme owner. Form peer groups, launch them with a kick-off pack, and see what "
    "the organisation is learning: aggregates only, never anyone's journal."
)


class ProgrammeActions:
    """Handlers of the programme tabs; the service checks that owner actions come from owners."""

    def __init__(self, coach: PeerCoach) -> None:
        self.coach = coach
        self.programme = coach.programme

    def my_groups(self, request: gr.Request) -> tuple[str, Any]:
        """Return the member's groups, and the choice of kick-off packs they can export."""
        user = signed_in(request)
        mine = self.programme.my_groups(user)
        names = [m.group.name for m in mine]
        return my_groups_markdown(mine), gr.Dropdown(
            choices=names, value=names[0] if names else None
        )

    def kickoff(self, group: str | None, request: gr.Request) -> tuple[str, Any]:
        """Return a group's kick-off pack and its markdown export."""
        user = signed_in(request)
        if not group:
            raise gr.Error("Choose a group first.")
        pack = _owner_call(lambda: self.programme.kickoff(user, group))
        return pack, gr.DownloadButton(value=export_file(pack, f"kickoff-{group}"), visible=True)

    def owner_tab(self, request: gr.Request) -> Any:
        """Show the Programme tab to owners only (every owner action is checked again)."""
        return gr.Tab(visible=self.coach.users.is_owner(signed_in(request)))

    def open_programme(self, request: gr.Request) -> tuple[Any, Any, str, str, Any]:
        """Fill the owner's tab: the pool, the groups, the learning view and what is due."""
        user = signed_in(request)
        learning = _owner_call(lambda: self.programme.learning(user))
        due = learning.due_for_review
        grouped = {m for g in self.coach.groups.groups() for m in g.members}
        people = self._people()
        groups = [g.name for g in self.coach.groups.groups()]
        return (
            gr.Dropdown(choices=people, value=[p for _, p in people if p not in grouped]),
            gr.Dropdown(choices=groups, value=groups[0] if groups else None),
            learning_markdown(learning),
            review_markdown(due),
            gr.Dropdown(choices=[(f"{d['title']} ({d['review_by']})", d["doc_id"]) for d in due]),
        )

    def suggest(
        self,
        pool: list[str],
        size: float,
        apart_teams: bool,
        apart_reports: bool,
        request: gr.Request,
    ) -> tuple[str, list[list[str]]]:
        """Suggest groups from the pool; return the reasons and an editable table of them."""
        user = signed_in(request)
        if not size:
            raise gr.Error("Say how many people per group.")
        rules = Rules(int(size), apart_teams=apart_teams, apart_reports=apart_reports)
        suggestions = _owner_call(lambda: self.programme.suggest(user, pool or [], rules))
        names = {u.username: u.name for u in self.coach.users.users()}
        table = [[s.name, ", ".join(s.members)] for s in suggestions]
        return suggestions_markdown(suggestions, names), table

    def confirm(
        self,
        table: list[list[str]] | None,
        purpose: str,
        cadence: str,
        protocol: str,
        first: str,
        apart_teams: bool,
        apart_reports: bool,
        request: gr.Request,
    ) -> tuple[str, Any, str]:
        """Create the groups as edited in the table; say what was created and any rule broken."""
        user = signed_in(request)
        rows = [r for r in (table or []) if r and str(r[0]).strip()]
        if not rows:
            raise gr.Error("Suggest groups first (or type them into the table).")
        groups = [
            (str(name).strip(), [m.strip() for m in str(members).split(",") if m.strip()])
            for name, members, *_ in rows
        ]
        rules = Rules(3, apart_teams=apart_teams, apart_reports=apart_reports)
        created, warnings = _owner_call(
            lambda: self.programme.confirm(
                user,
                groups,
                purpose=purpose,
                cadence=cadence,
                protocol=protocol,
                first_session=(first or "").strip(),
                rules=rules,
            )
        )
        names = [g.name for g in self.coach.groups.groups()]
        message = f"Created {', '.join(g.name for g in created)}. Members see them under My groups."
        if warnings:
            message += "\n\n" + "\n".join(f"- ⚠ {w}" for w in warnings)
        choice = gr.Dropdown(choices=names, value=created[0].name)
        return message, choice, learning_markdown(self.programme.learning(user))

    def group_details(self, group: str | None, request: gr.Request) -> tuple[str, Any, Any]:
        """Return a group's schedule, its planned sessions and its members (owners only)."""
        user = signed_in(request)
        _owner_call(lambda: self.programme.require_owner(user))
        found = self.coach.groups.get(group or "")
        if found is None:
            return "No group chosen.", gr.Dropdown(choices=[]), gr.Dropdown(value=[])
        rows = "\n".join(f"| {s.when} | {s.status} |" for s in found.schedule)
        table = "| When | Status |\n|---|---|\n" + rows if rows else "Nothing scheduled yet."
        planned = found.planned()
        return (
            f"**{found.name}** · {found.protocol or 'no protocol'} · "
            f"{found.cadence or 'no cadence'}\n\n{table}",
            gr.Dropdown(choices=planned, value=planned[0] if planned else None),
            gr.Dropdown(choices=self._people(), value=list(found.members)),
        )

    def mark_held(
        self, group: str | None, when: str | None, request: gr.Request
    ) -> tuple[str, Any, Any]:
        """Record that a session was held; return the refreshed group."""
        user = signed_in(request)
        if not group or not when:
            raise gr.Error("Choose a group and a session.")
        _owner_call(lambda: self.programme.mark(user, group, when, "held"))
        return self.group_details(group, request)

    def plan(
        self, group: str | None, first: str, cadence: str, count: float, request: gr.Request
    ) -> tuple[str, Any, Any]:
        """Add sessions to a group's schedule from a first time and a cadence."""
        user = signed_in(request)
        if not group or not count:
            raise gr.Error("Choose a group and how many sessions.")
        _owner_call(
            lambda: self.programme.plan(user, group, (first or "").strip(), cadence, int(count))
        )
        return self.group_details(group, request)

    def save_members(
        self, group: str | None, members: list[str] | None, request: gr.Request
    ) -> tuple[str, Any, Any]:
        """Set who is in a group (they see its notes at once); warn about any rule it breaks."""
        user = signed_in(request)
        if not group:
            raise gr.Error("Choose a group first.")
        _, warnings = _owner_call(lambda: self.programme.set_members(user, group, members or []))
        for warning in warnings:
            gr.Warning(warning)
        return self.group_details(group, request)

    def _people(self) -> list[tuple[str, str]]:
        return [(f"{u.name} ({u.team})", u.username) for u in self.coach.users.users()]

    def verify(self, doc_id: str | None, request: gr.Request) -> tuple[str, Any]:
        """Mark a note verified today; return the refreshed list of what is due."""
        user = signed_in(request)
        if not doc_id:
            raise gr.Error("Choose a note first.")
        _owner_call(lambda: self.programme.verify(user, doc_id))
        due = self.programme.due_for_review(user)
        return review_markdown(due), gr.Dropdown(
            choices=[(f"{d['title']} ({d['review_by']})", d["doc_id"]) for d in due], value=None
        )


def _owner_call(call: Any) -> Any:
    """Run an owner action; a refusal or a bad edit becomes a clear message on screen."""
    try:
        return call()
    except (NotOwnerError, GroupError, FormingError) as exc:
        raise gr.Error(str(exc)) from exc


def my_groups_tab(act: ProgrammeActions) -> None:
    """Add the My groups tab: the member's groups, upcoming sessions and group know-how."""
    with gr.Tab("My groups", id="groups", elem_id="tab-groups") as tab:
        gr.Markdown(
            "Your peer groups. Notes and lessons shared with a group are visible to its members "
            "only.",
            elem_classes="hint",
        )
        groups_md = gr.Markdown(elem_id="my-groups")
        with gr.Row():
            pick = gr.Dropdown(label="Kick-off pack for", elem_id="my-kickoff-group")
            build = gr.Button("Show kick-off pack", elem_id="my-kickoff-go", scale=0)
            export = gr.DownloadButton("Export (.md)", visible=False, elem_id="my-kickoff-export")
        pack = gr.Markdown(elem_id="my-kickoff")
        tab.select(act.my_groups, None, [groups_md, pick], api_name="my_groups")
        build.click(act.kickoff, pick, [pack, export], api_name="my_kickoff")


def programme_tab(act: ProgrammeActions) -> gr.Tab:
    """Add the owner's Programme tab (hidden until the page knows the user is an owner)."""
    with gr.Tab("Programme", id="programme", elem_id="tab-programme", visible=False) as tab:
        gr.Markdown(OWNER_HINT, elem_classes="hint")
        with gr.Accordion("1. Form peer groups", open=True):
            pool = gr.Dropdown(
                label="Pool (default: everyone not yet in a group)",
                multiselect=True,
                allow_custom_value=True,  # the service checks every username
                elem_id="form-pool",
            )
            with gr.Row():
                size = gr.Number(3, label="People per group", minimum=2, maximum=6, precision=0)
                apart_teams = gr.Checkbox(
                    True, label="Keep people of the same team apart", elem_id="form-apart-teams"
                )
                apart_reports = gr.Checkbox(
                    True,
                    label="Keep managers and their reports apart",
                    elem_id="form-apart-reports",
                )
            suggest = gr.Button("Suggest groups", variant="primary", elem_id="form-suggest")
            reasons = gr.Markdown(elem_id="form-reasons")
            table = gr.Dataframe(
                headers=["Group", "Members (usernames, comma-separated)"],
                column_count=2,
                type="array",
                interactive=True,
                label="Edit before confirming: rename groups, move people",
                elem_id="form-table",
            )
            with gr.Row():
                purpose = gr.Textbox(
                    "Learn from each other's management challenges",
                    label="Purpose",
                    elem_id="form-purpose",
                )
                cadence = gr.Dropdown(
                    list(CADENCES), value="fortnightly", label="Cadence", allow_custom_value=True
                )
                protocol = gr.Dropdown(
                    [(p.title, p.name) for p in protocols().values()],
                    value="troika-consulting",
                    label="Protocol",
                    elem_id="form-protocol",
                )
                first = gr.Textbox(label="First session (YYYY-MM-DD HH:MM)", elem_id="form-first")
            confirm = gr.Button("Confirm groups", variant="primary", elem_id="form-confirm")
            confirmed = gr.Markdown(elem_id="form-confirmed")
        with gr.Accordion("2. Launch and run the groups", open=False):
            with gr.Row():
                group_pick = gr.Dropdown(
                    label="Group",
                    allow_custom_value=True,  # the service checks the group and the role
                    elem_id="group-pick",
                )
                kick_go = gr.Button("Build kick-off pack", elem_id="kickoff-go", scale=0)
                kick_file = gr.DownloadButton(
                    "Export (.md)", visible=False, elem_id="kickoff-export"
                )
            kick_md = gr.Markdown(elem_id="kickoff")
            group_md = gr.Markdown(elem_id="group-details")
            with gr.Row():
                members = gr.Dropdown(
                    label="Members",
                    multiselect=True,
                    allow_custom_value=True,  # the service checks every username
                    elem_id="group-members",
                )
                save = gr.Button("Save members", elem_id="group-save", scale=0)
            with gr.Row():
                session = gr.Dropdown(
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
        with gr.Accordion("3. What the organisation is learning", open=True):
            learning = gr.Markdown(elem_id="learning")
        with gr.Accordion("4. Knowledge due for review", open=False):
            due = gr.Markdown(elem_id="due-review")
            with gr.Row():
                due_pick = gr.Dropdown(label="Note", elem_id="review-note")
                verify = gr.Button("Mark verified today", elem_id="review-verify", scale=0)
        tab.select(
            act.open_programme,
            None,
            [pool, group_pick, learning, due, due_pick],
            api_name="programme",
        )
        suggest.click(
            act.suggest,
            [pool, size, apart_teams, apart_reports],
            [reasons, table],
            api_name="suggest_groups",
        )
        confirm.click(
            act.confirm,
            [table, purpose, cadence, protocol, first, apart_teams, apart_reports],
            [confirmed, group_pick, learning],
            api_name="confirm_groups",
        )
        details = [group_md, session, members]
        kick_go.click(act.kickoff, group_pick, [kick_md, kick_file], api_name="kickoff")
        group_pick.change(act.group_details, group_pick, details, api_name="group")
        held.click(act.mark_held, [group_pick, session], details, api_name="mark_held")
        save.click(act.save_members, [group_pick, members], details, api_name="save_members")
        plan_go.click(
            act.plan,
            [group_pick, plan_first, plan_cadence, plan_count],
            details,
            api_name="plan_sessions",
        )
        verify.click(act.verify, due_pick, [due, due_pick], api_name="verify_note")
    return tab
