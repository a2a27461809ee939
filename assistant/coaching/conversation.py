"""What a coaching turn returns, and the transcript helpers both flows share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.memory.records import Commitment
from assistant.tokens import TokenCounter


@dataclass
class CoachTurn:
    """The coach's reply in a session, and what the session produced so far."""

    session_id: str
    text: str
    stage: str
    done: bool = False
    follow_ups: list[Commitment] = field(default_factory=list)  # open commitments to revisit
    result: Any = None  # the CaseBrief or JournalEntry once the session has produced it
    model_error: str = ""


def as_messages(
    messages: list[dict[str, str]], counter: TokenCounter, budget: int
) -> list[BaseMessage]:
    """Return the newest transcript messages that fit the token budget, as chat messages."""
    keep = counter.fit([m["text"] for m in messages], budget, keep="last")
    return [
        HumanMessage(messages[i]["text"])
        if messages[i]["role"] == "user"
        else AIMessage(messages[i]["text"])
        for i in keep
    ]


def follow_up_text(open_commitments: list[Commitment]) -> str:
    """Return the opening reminder about open commitments ('' when there are none)."""
    if not open_commitments:
        return ""
    items = "\n".join(
        f"- {c.what}" + (f" (by {c.by_when})" if c.by_when else "") for c in open_commitments[:5]
    )
    return (
        f"Before we start, last time you committed to:\n{items}\n"
        "How did that go? You can mark each one done or drop it in your journal.\n\n"
    )
