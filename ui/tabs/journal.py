"""The My journal tab: the manager's own entries, commitments, briefs, lessons and data export."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.coaching.capture import CaptureService
from assistant.coaching.journal import JournalService
from assistant.coaching.prepare import PrepareService
from assistant.domain.literal import literal
from assistant.memory.store import NotFoundError
from assistant.people.userdata import UserData
from ui import render
from ui.chat import Update
from ui.downloads import EXPORTS
from ui.signin import signed_in
from ui.tabs.capture import label
from ui.tabs.prepare import brief_view


class JournalTab:
    """Lays out the My journal tab; every read is of the signed-in manager's own records."""

    def __init__(
        self,
        journal: JournalService,
        prepare: PrepareService,
        userdata: UserData,
        capture: CaptureService | None = None,
    ) -> None:
        self._capture = capture  # the manager's captured cases, listed with their state
        self._journal = journal
        self._prepare = prepare
        self._userdata = userdata

    def build(self) -> None:
        """Add the tab's components and wire its events."""
        with gr.Tab("My journal", id="journal", elem_id="tab-journal") as tab:
            gr.Markdown("## My journal", elem_classes="sr-only")  # for screen readers
            gr.Markdown("Only you can see this page.", elem_classes="hint")
            with gr.Row():
                with gr.Column():
                    self.entries = gr.Dropdown(label="Journal entries", elem_id="entries")
                    entry = gr.Markdown(elem_id="entry")
                    with gr.Row():
                        self.confirm = gr.Checkbox(label="Yes, delete it", elem_id="delete-confirm")
                        delete = gr.Button("Delete entry", variant="stop", elem_id="entry-delete")
                    self.message = gr.Markdown()
                with gr.Column():
                    self.table = gr.Dataframe(
                        headers=["Commitment", "By when", "Status"],
                        interactive=False,
                        label="Commitments",
                        elem_id="commitments",
                    )
                    self.open_items = gr.Dropdown(
                        label="Open commitment", elem_id="open-commitments"
                    )
                    with gr.Row():
                        done = gr.Button("Done", elem_id="commitment-done")
                        drop = gr.Button("Drop", elem_id="commitment-drop")
                    self.briefs = gr.Dropdown(label="Case briefs", elem_id="briefs")
                    self.brief = gr.Markdown(elem_id="brief-view")
                    self.brief_file = gr.DownloadButton("Export brief (.md)", visible=False)
                    gr.Markdown("### Lessons")
                    self.lessons = gr.Markdown(elem_id="lessons")
                    gr.Markdown("### Captured cases")
                    self.cases = gr.Markdown(elem_id="captured-cases")
                    with gr.Row():
                        export_go = gr.Button("Prepare my data (.zip)", elem_id="export-go")
                        export = gr.DownloadButton(
                            "Download my data", visible=False, elem_id="export-file"
                        )
        page = [self.entries, self.open_items, self.table, self.briefs, self.lessons, self.cases]
        tab.select(self.show, None, page, api_name="journal")
        self.entries.change(self.open_entry, self.entries, entry, api_name="journal_entry")
        export_go.click(self.export, None, export, api_name="export_mine")
        delete.click(
            self.delete,
            [self.entries, self.confirm],
            [*page, self.message, self.confirm],
            api_name="journal_delete",
        )
        done.click(self.mark_done, self.open_items, page, api_name="commitment_done")
        drop.click(self.mark_dropped, self.open_items, page, api_name="commitment_drop")
        self.briefs.change(
            self.open_brief, self.briefs, [self.brief, self.brief_file], api_name="brief"
        )

    def show(self, request: gr.Request) -> Update:
        """Return the manager's entries, commitments, briefs and lessons."""
        user = signed_in(request)
        entries = [(render.entry_label(e), e.id) for e in self._journal.entries(user)]
        commitments = self._journal.commitments(user)
        briefs = [(render.brief_label(b), b.id) for b in self._prepare.briefs(user)]
        open_items = [(c.what[:90], c.id) for c in commitments if c.status == "open"]
        return {
            self.entries: gr.Dropdown(choices=entries, value=None),
            self.open_items: gr.Dropdown(choices=open_items, value=None),
            self.table: render.commitment_rows(commitments),
            self.briefs: gr.Dropdown(choices=briefs, value=None),
            self.lessons: render.lessons_markdown(self._journal.lessons(user)),
            self.cases: cases_markdown(self._capture, user),
        }

    def open_entry(self, entry_id: str | None, request: gr.Request) -> str:
        """Return one of the manager's entries to read."""
        user = signed_in(request)
        if not entry_id:
            return ""
        try:
            return render.entry_view(self._journal.entry(user, entry_id))
        except NotFoundError as exc:
            raise gr.Error("That entry is not in your journal.") from exc

    def delete(self, entry_id: str | None, confirm: bool, request: gr.Request) -> Update:
        """Delete an entry with its commitments and unshared drafts, once confirmed."""
        user = signed_in(request)
        if not entry_id:
            raise gr.Error("Choose an entry first.")
        if not confirm:
            raise gr.Error("Tick 'Yes, delete it' to confirm.")
        try:
            self._journal.delete(user, entry_id)
        except NotFoundError as exc:
            raise gr.Error("That entry is not in your journal.") from exc
        return {**self.show(request), self.message: "Entry deleted.", self.confirm: False}

    def mark_done(self, commitment_id: str | None, request: gr.Request) -> Update:
        """Mark an open commitment done."""
        return self._mark(commitment_id, "done", request)

    def mark_dropped(self, commitment_id: str | None, request: gr.Request) -> Update:
        """Mark an open commitment dropped."""
        return self._mark(commitment_id, "dropped", request)

    def _mark(self, commitment_id: str | None, status: str, request: gr.Request) -> Update:
        user = signed_in(request)
        if not commitment_id:
            raise gr.Error("Choose a commitment first.")
        try:
            self._journal.mark(user, commitment_id, status)
        except (NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        return self.show(request)

    def open_brief(self, brief_id: str | None, request: gr.Request) -> Update:
        """Return one of the manager's case briefs, with its export."""
        user = signed_in(request)
        try:
            text, export = brief_view(self._prepare.brief(user, brief_id) if brief_id else None)
        except NotFoundError as exc:
            raise gr.Error("That brief is not yours.") from exc
        return {self.brief: text, self.brief_file: export}

    def export(self, request: gr.Request) -> Any:
        """Return a zip of everything the manager has in Peer Coach, to download."""
        user = signed_in(request)
        path = self._userdata.export(user, EXPORTS.folder(user) / f"{user}-peercoach-export.zip")
        return gr.DownloadButton(value=str(path), visible=True)


def cases_markdown(capture: CaptureService | None, user: str) -> str:
    """Return the manager's captured cases with their state (open one in the Capture tab)."""
    found = capture.interviews(user) if capture else []
    if not found:
        return "No captured cases yet. The Capture tab interviews you about a case you handled."
    listed = "\n".join(f"- {literal(label(s.id, s.state, s.updated))}" for s in found)
    return f"{listed}\n\nOpen one in the Capture tab to carry on, edit, approve or delete it."
