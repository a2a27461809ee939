"""Who sent a request: every handler acts for the signed-in user only."""

from __future__ import annotations

import gradio as gr


def signed_in(request: gr.Request | None) -> str:
    """Return the signed-in username (from the login or the trusted proxy header)."""
    username = getattr(request, "username", None) if request is not None else None
    if not username:
        raise gr.Error("Please sign in first.")
    return str(username)
