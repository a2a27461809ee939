"""The Knowledge tab: upload notes the manager owns, share them as chosen, verify or forget them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.domain.flags import Flag
from assistant.ingest.library import FlaggedPassage, KnowledgeLibrary, NotYoursError
from assistant.ingest.pipeline import IngestReport
from assistant.ingest.readers import SUPPORTED_SUFFIXES
from assistant.people.accounts import Accounts
from ui import render
from ui.chat import Update
from ui.sharing import ONLY_ME, ORG, group_choices, parse_share_to
from ui.signin import signed_in

HINT = (
    "Upload notes you wrote (" + ", ".join(sorted(SUPPORTED_SUFFIXES)) + "). "
    "You keep them current: a note is due for review a year after you last "
    "verified it, and citations say when it is stale. "
    "They are attributed to you and shared with whom you choose: only you, one "
    "of your peer groups, or the organisation. Passages that read like "
    "instructions to an AI are flagged for you to review, never deleted."
)


class KnowledgeTab:
    """Lays out the Knowledge tab; the library checks that a note is the caller's own."""

    def __init__(self, library: KnowledgeLibrary, accounts: Accounts) -> None:
        self._library = library
        self._accounts = accounts

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events (and the share choices on page load)."""
        with gr.Tab("Knowledge", id="knowledge", elem_id="tab-knowledge") as tab:
            gr.Markdown("## Knowledge", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            with gr.Row():
                files = gr.File(
                    file_count="multiple",
                    label="Files",
                    elem_id="upload-files",
                    type="filepath",
                    scale=3,
                )
                self.share_to = gr.Dropdown(
                    [ONLY_ME, ORG],
                    value="org",
                    label="Share with",
                    allow_custom_value=True,  # the service checks group membership
                    elem_id="upload-share-to",
                    scale=1,
                )
            upload = gr.Button("Upload", variant="primary", elem_id="upload-go")
            self.report = gr.Markdown(elem_id="upload-report")
            self.mine = gr.Dataframe(
                headers=["Title", "Kind", "Date", "File", "Chunks", "Review"],
                interactive=False,
                label="Notes you own",
                elem_id="my-notes",
            )
            with gr.Row():
                self.owned = gr.Dropdown(label="Note to forget", elem_id="forget-choice")
                verify = gr.Button("Mark verified today", elem_id="verify-go", scale=0)
                forget = gr.Button("Forget", variant="stop", elem_id="forget-go", scale=0)
            gr.Markdown("### Flagged passages", elem_id="flagged-heading")
            self.flagged = gr.Markdown(elem_id="flagged-list")
            with gr.Row():
                self.passage = gr.Dropdown(label="Flagged passage", elem_id="flagged-choice")
                keep = gr.Button("Keep as written", elem_id="flagged-keep", scale=0)
                remove = gr.Button(
                    "Remove from my note", variant="stop", elem_id="flagged-remove", scale=0
                )
        after = [self.report, self.mine, self.owned, self.flagged, self.passage]
        upload.click(self.upload, [files, self.share_to], after, api_name="upload")
        forget.click(self.forget, self.owned, after, api_name="forget")
        verify.click(self.verify, self.owned, after, api_name="verify_mine")
        keep.click(self.keep, self.passage, after, api_name="keep_passage")
        remove.click(self.remove, self.passage, after, api_name="remove_passage")
        tab.select(
            self.show,
            None,
            [self.mine, self.owned, self.flagged, self.passage],
            api_name="my_notes",
        )
        # a group joined since the page loaded is offered too
        tab.select(self.share_choices, None, self.share_to, api_visibility="private")
        demo.load(self.share_choices, None, self.share_to, api_visibility="private")

    def show(self, request: gr.Request) -> Update:
        """Return the notes the manager owns."""
        me = signed_in(request)
        notes = self._library.mine(me)
        choices = [(f"{n['title']} ({n['source_id']})", str(n["doc_id"])) for n in notes]
        flagged = self._library.flagged(me)
        passages = [
            (f"{_state(p.flag)}: {p.flag.excerpt[:80]} ({p.title})", f"{p.doc_id}:{p.flag.id}")
            for p in flagged
        ]
        return {
            self.mine: render.owned_rows(notes),
            self.owned: gr.Dropdown(choices=choices, value=None),
            self.flagged: flagged_report(flagged),
            self.passage: gr.Dropdown(choices=passages, value=None),
        }

    def keep(self, choice: str | None, request: gr.Request) -> Update:
        """Keep a flagged passage of the manager's own note as ordinary know-how."""
        doc_id, passage = _passage(choice)
        try:
            self._own(doc_id, request, lambda user, doc: self._library.keep(user, doc, passage), "")
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        said = "Kept as written: the coach and quotes may use that passage again."
        return {self.report: said, **self.show(request)}

    def remove(self, choice: str | None, request: gr.Request) -> Update:
        """Remove a flagged passage from the manager's own note (their decision)."""
        doc_id, passage = _passage(choice)
        try:
            self._own(
                doc_id, request, lambda user, doc: self._library.remove(user, doc, passage), ""
            )
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return {self.report: "Removed that passage from your note.", **self.show(request)}

    def share_choices(self, request: gr.Request) -> Any:
        """Return where an upload may go (the current choice is kept): only me, groups, org."""
        account = self._accounts.me(signed_in(request))
        return gr.Dropdown(choices=[ONLY_ME, *group_choices(account), ORG])

    def upload(
        self,
        files: list[str] | None,
        share_to: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008  # how Gradio injects progress
    ) -> Update:
        """Ingest uploaded files as the manager's notes; report each file's outcome."""
        me = self._accounts.me(signed_in(request))
        if not files:
            raise gr.Error("Choose one or more files first.")
        visibility, group = parse_share_to(share_to or "org")

        def report(fraction: float, name: str) -> None:
            progress(fraction, desc=f"Indexing {name}" if name else "Done")

        try:
            result = self._library.upload(
                me.username,
                me.name,
                [Path(f) for f in files],
                team=me.team,
                visibility=visibility,
                group=group,
                on_progress=report,
            )
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return {self.report: upload_report(result), **self.show(request)}

    def forget(self, doc_id: str | None, request: gr.Request) -> Update:
        """Forget one of the manager's own notes."""
        removed = self._own(doc_id, request, self._library.forget, "")
        return {self.report: f"Forgotten ({removed} chunks removed).", **self.show(request)}

    def verify(self, doc_id: str | None, request: gr.Request) -> Update:
        """Mark one of the manager's own notes as checked today (citations then say verified)."""
        refusal = "That note is not yours to verify."
        dates = self._own(doc_id, request, self._library.verify, refusal)
        said = f"Verified today; due for review again by {dates['review_by']}."
        return {self.report: said, **self.show(request)}

    def _own(
        self,
        doc_id: str | None,
        request: gr.Request,
        action: Callable[[str, str], Any],
        refusal: str,
    ) -> Any:
        """Run a library action on one of the caller's notes; the library refuses anyone else's."""
        user = signed_in(request)
        if not doc_id:
            raise gr.Error("Choose one of your notes first.")
        try:
            return action(user, doc_id)
        except NotYoursError as exc:
            raise gr.Error(refusal or str(exc)) from exc


def _passage(choice: str | None) -> tuple[str, str]:
    """Return (note id, passage id) of a choice in the flagged passages list."""
    doc_id, _, passage = (choice or "").rpartition(":")
    if not doc_id:
        raise gr.Error("Choose a flagged passage first.")
    return doc_id, passage


def _state(flag: Flag) -> str:
    if flag.kept:
        return "Kept"
    return "Withheld" if flag.withheld else "Flagged"


def flagged_report(flagged: list[FlaggedPassage]) -> str:
    """Return the manager's flagged passages as markdown: each as text, its reason and state."""
    if not flagged:
        return "No passage of your notes is flagged."
    lines = [
        "These passages read like instructions to an AI. Nothing was deleted: withheld ones "
        "reach neither the coach nor quotes until you keep them; flagged ones are used as "
        "usual but checked in every answer.",
        "",
    ]
    for item in flagged:
        lines.append(
            f"- **{_state(item.flag)}** in {render.literal(item.title)}: "
            f"“{render.literal(item.flag.excerpt)}” — {render.literal(item.flag.reason)}"
        )
    return "\n".join(lines)


def upload_report(result: IngestReport) -> str:
    """Return an upload's summary and each file's outcome as markdown."""
    lines = [f"**{result.summary()}**", ""]
    for outcome in result.files:
        detail = render.literal(outcome.reason) or f"{outcome.notes} notes, {outcome.chunks} chunks"
        lines.append(f"- {render.literal(outcome.path.name)}: {outcome.status} — {detail}")
        lines += [f"  - skipped record: {render.literal(p)}" for p in outcome.problems]
        for flag in outcome.flags:
            if flag.kept:
                state = "kept: you chose to keep it before"
            elif flag.withheld:
                state = "withheld from the coach until you review it"
            else:
                state = "used as written; please review it"
            lines.append(
                f"  - flagged ({state}): “{render.literal(flag.excerpt)}” — "
                f"{render.literal(flag.reason)}"
            )
    return "\n".join(lines)
