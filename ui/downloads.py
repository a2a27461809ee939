"""Files the manager downloads: written to their own private export folder, short-lived."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.people.exports import ExportFolders

EXPORTS = ExportFolders()  # inside Gradio's cache, so it serves them without another copy


def export_file(text: str, stem: str, user: str) -> str:
    """Write an export to the user's private folder and return its path for a download button."""
    return str(EXPORTS.write(user, f"{stem or 'export'}.md", text.encode("utf-8")))


def download(text: str, stem: str, user: str) -> Any:
    """Return a visible download button offering `text` as `<stem>.md` to `user` only."""
    return gr.DownloadButton(value=export_file(text, stem, user), visible=True)


def no_download() -> Any:
    """Return a hidden download button (nothing to export)."""
    return gr.DownloadButton(visible=False)
