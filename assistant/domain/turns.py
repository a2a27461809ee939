"""Turns: the earlier messages of a conversation, as the prompt and the rewriter read them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    """One earlier message of the conversation."""

    role: str  # "user" or "assistant"
    text: str
