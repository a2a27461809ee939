"""Files the manager downloads: markdown exports written to a fresh private folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr


def private_folder() -> Path:
    """Return a fresh folder only this process's user can read, for one download."""
    return Path(tempfile.mkdtemp(prefix="peercoach-export-"))


def export_file(text: str, stem: str) -> str:
    """Write an export to a fresh private folder and return its path for a download button."""
    path = private_folder() / f"{stem or 'export'}.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def download(text: str, stem: str) -> Any:
    """Return a visible download button offering `text` as `<stem>.md`."""
    return gr.DownloadButton(value=export_file(text, stem), visible=True)


def no_download() -> Any:
    """Return a hidden download button (nothing to export)."""
    return gr.DownloadButton(visible=False)
