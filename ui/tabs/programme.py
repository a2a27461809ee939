"""The owner's Programme tab: form peer groups, launch and run them, see what the org learns."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.coaching.protocols import protocols
from assistant.people.accounts import Accounts
from assistant.programme.fit import FitService
from assistant.programme.forming import Rules
from assistant.programme.report import learning_markdown, review_markdown, suggestions_markdown
from assistant.programme.schedule import CADENCES
from assistant.programme.service import PER_GROUP, ProgrammeService
from ui.chat import Update
from ui.signin import signed_in
from ui.tabs.calendar import add_calendar
from ui.tabs.groups import refused
from ui.tabs.programme_fit import FitSection
from ui.tabs.programme_running import RunGroups, people_choices

HINT = (
    "For the programme owner. Form peer groups, launch them with a kick-off pack, and see what "
    "the organisation is learning: aggregates only, never anyone's journal."
)


def due_choices(due: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Return the notes due for review as dropdown choices."""
    return [(f"{d['title']} ({d['review_by']})", d["doc_id"]) for d in due]


class ProgrammeTab:
    """Lays out the Programme tab (shown to owners); the service checks every owner action."""

    def __init__(self, programme: ProgrammeService, accounts: Accounts, fit: FitService) -> None:
        self._programme = programme
        self._accounts = accounts
        self.running = RunGroups(programme)
        self.fit = FitSection(fit)

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab (hidden until the page knows the user is an owner) and wire its events."""
        with gr.Tab("Programme", id="programme", elem_id="tab-programme", visible=False) as tab:
            gr.Markdown("## Programme", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            with gr.Accordion("0. Fit the programme: readiness, needs survey, design", open=True):
                self.fit.build()
            with gr.Accordion("1. Form peer groups", open=True):
                forming = self._forming()
            with gr.Accordion("2. Launch and run the groups", open=False):
                self.running.build()
                add_calendar(self._programme, self.running.group_pick, "group")
            with gr.Accordion("3. What the organisation is learning", open=True):
                self.learning = gr.Markdown(elem_id="learning")
                self.fit.build_pulse()
            with gr.Accordion("4. Knowledge due for review", open=False):
                self.due = gr.Markdown(elem_id="due-review")
                with gr.Row():
                    self.due_pick = gr.Dropdown(label="Note", elem_id="review-note")
                    verify = gr.Button("Mark verified today", elem_id="review-verify", scale=0)
        opened = [self.pool, self.running.group_pick, self.learning, self.due, self.due_pick]
        tab.select(self.open, None, opened, api_name="programme")
        tab.select(self.fit.open, None, self.fit.outputs(), api_name="programme_fit")
        self._wire_forming(**forming)
        verify.click(self.verify, self.due_pick, [self.due, self.due_pick], api_name="verify_note")
        demo.load(self.visible, None, tab, api_visibility="private")

    def _forming(self) -> dict[str, Any]:
        self.pool = gr.Dropdown(
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
                True, label="Keep managers and their reports apart", elem_id="form-apart-reports"
            )
        suggest = gr.Button("Suggest groups", variant="primary", elem_id="form-suggest")
        self.reasons = gr.Markdown(elem_id="form-reasons")
        self.table = gr.Dataframe(
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
                [(p.title, p.name) for p in protocols().values()]
                + [("As each group's survey answers suit", PER_GROUP)],
                value="troika-consulting",
                label="Protocol",
                elem_id="form-protocol",
            )
            first = gr.Textbox(label="First session (YYYY-MM-DD HH:MM)", elem_id="form-first")
        confirm = gr.Button("Confirm groups", variant="primary", elem_id="form-confirm")
        self.confirmed = gr.Markdown(elem_id="form-confirmed")
        return {
            "suggest": suggest,
            "confirm": confirm,
            "size": size,
            "rules": [apart_teams, apart_reports],
            "launch": [purpose, cadence, protocol, first],
        }

    def _wire_forming(
        self, suggest: Any, confirm: Any, size: Any, rules: list[Any], launch: list[Any]
    ) -> None:
        suggest.click(
            self.suggest,
            [self.pool, size, *rules],
            [self.reasons, self.table],
            api_name="suggest_groups",
        )
        confirm.click(
            self.confirm,
            [self.table, *launch, *rules],
            [self.confirmed, self.running.group_pick, self.learning],
            api_name="confirm_groups",
        )

    def visible(self, request: gr.Request) -> Any:
        """Show the tab to owners only (every owner action is checked again by the service)."""
        return gr.Tab(visible=self._accounts.me(signed_in(request)).owner)

    def open(self, request: gr.Request) -> Update:
        """Fill the owner's tab: the pool, the groups, the learning view and what is due."""
        user = signed_in(request)
        view = refused(lambda: self._programme.overview(user))
        groups = [g.name for g in view.groups]
        return {
            self.pool: gr.Dropdown(choices=people_choices(view.people), value=view.unplaced),
            self.running.group_pick: gr.Dropdown(
                choices=groups, value=groups[0] if groups else None
            ),
            self.learning: learning_markdown(view.learning),
            self.due: review_markdown(view.due),
            self.due_pick: gr.Dropdown(choices=due_choices(view.due)),
        }

    def suggest(
        self,
        pool: list[str],
        size: float,
        apart_teams: bool,
        apart_reports: bool,
        request: gr.Request,
    ) -> Update:
        """Suggest groups from the pool; return the reasons and an editable table of them."""
        user = signed_in(request)
        if not size:
            raise gr.Error("Say how many people per group.")
        rules = Rules(int(size), apart_teams=apart_teams, apart_reports=apart_reports)
        suggestions = refused(lambda: self._programme.suggest(user, pool or [], rules))
        names = {u.username: u.name for u in self._programme.people(user)}
        return {
            self.reasons: suggestions_markdown(suggestions, names),
            self.table: [[s.name, ", ".join(s.members)] for s in suggestions],
        }

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
    ) -> Update:
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
        created, warnings = refused(
            lambda: self._programme.confirm(
                user,
                groups,
                purpose=purpose,
                cadence=cadence,
                protocol=protocol,
                first_session=(first or "").strip(),
                rules=rules,
            )
        )
        names = [g.name for g in self._programme.groups(user)]
        message = f"Created {', '.join(g.name for g in created)}. Members see them under My groups."
        if warnings:
            message += "\n\n" + "\n".join(f"- ⚠ {w}" for w in warnings)
        return {
            self.confirmed: message,
            self.running.group_pick: gr.Dropdown(choices=names, value=created[0].name),
            self.learning: learning_markdown(self._programme.learning(user)),
        }

    def verify(self, doc_id: str | None, request: gr.Request) -> Update:
        """Mark a note verified today; return the refreshed list of what is due."""
        user = signed_in(request)
        if not doc_id:
            raise gr.Error("Choose a note first.")
        refused(lambda: self._programme.verify(user, doc_id))
        due = refused(lambda: self._programme.due_for_review(user))
        picks = gr.Dropdown(choices=due_choices(due), value=None)
        return {self.due: review_markdown(due), self.due_pick: picks}
