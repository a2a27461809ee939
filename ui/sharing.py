"""Where a manager may share a lesson or an upload: only me, one of their groups, the org."""

from __future__ import annotations

import gradio as gr

from assistant.people.accounts import Account

ORG = ("The organisation", "org")
ONLY_ME = ("Only me", "private")


def group_choices(account: Account) -> list[tuple[str, str]]:
    """Return the manager's own groups as share choices."""
    return [(f"My group: {g}", f"group:{g}") for g in account.groups]


def parse_share_to(value: str) -> tuple[str, str]:
    """Return (visibility, group) from a share choice: `org`, `private` or `group:<name>`."""
    if value.startswith("group:"):
        return "group", value.removeprefix("group:")
    if value in ("org", "private"):
        return value, ""
    raise gr.Error(f"Share with the organisation, one of your groups or only you (not {value!r}).")
