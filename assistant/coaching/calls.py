"""Structured model calls: a JSON schema per step, one retry, then a clear error."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from langchain_core.messages import BaseMessage
from langchain_core.utils.json import parse_partial_json

from assistant.models.chat import ChatModelHandle, model_failures
from assistant.models.schema import ReplyShapeError, validated
from assistant.texts import ANSWER_REFUSED, MODEL_DOWN

log = logging.getLogger(__name__)

Partial = Callable[[dict[str, Any]], None]  # hears a structured reply as it is written

# Slots for small models: no quotes, backslashes or newlines inside strings.
SENTENCE = r'^[^"\\\n]{8,400}$'


class CoachModelError(RuntimeError):
    """The model is unavailable or kept answering outside the expected form."""


def schema(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """Return an OpenAI `response_format` requiring every property."""
    body = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": name, "schema": body}}


def ask_json(
    chat: ChatModelHandle,
    messages: list[BaseMessage] | str,
    response_format: dict[str, Any],
    *,
    max_tokens: int = 300,
    on_partial: Partial | None = None,
    own_words_only: bool = False,
) -> dict[str, Any]:
    """Return the model's JSON object for one step, retrying once if it is not valid.

    A reply that recites the coach's instructions is refused, unless `own_words_only`: the caller
    keeps only items in the manager's own words, so an example copied from the prompt is dropped
    item by item rather than costing the items that are right.

    With `on_partial`, the reply is streamed and each partial object (screened) is passed on as
    it grows, so the user sees the coach's words while they are written.
    """
    last_error = ""
    for _ in range(2):
        try:
            raw = _reply(chat, messages, response_format, max_tokens, on_partial)
        except model_failures() as exc:
            chat.note_failure(exc)
            raise CoachModelError(f"{MODEL_DOWN} ({type(exc).__name__}: {exc})") from exc
        chat.note_success()
        try:
            data = validated(raw, response_format)
        except ReplyShapeError as exc:
            last_error = str(exc)
            continue
        if chat.guard is not None and not own_words_only and chat.guard.leaks(raw):
            last_error = "it repeated the coach's instructions"
            continue
        return _screened(chat, data, _users_text(messages))
    log.warning("model output rejected twice: %s", last_error)
    raise CoachModelError(f"{ANSWER_REFUSED} ({last_error})")


def _reply(
    chat: ChatModelHandle,
    messages: list[BaseMessage] | str,
    response_format: dict[str, Any],
    max_tokens: int,
    on_partial: Partial | None,
) -> str:
    """Return the model's raw reply; stream it to `on_partial` when there is a listener."""
    if on_partial is None:
        return chat.invoke(messages, response_format=response_format, max_tokens=max_tokens).text
    raw = ""
    users_text = _users_text(messages)
    for chunk in chat.stream(messages, response_format=response_format, max_tokens=max_tokens):
        raw += chunk.text
        if chat.guard is not None and chat.guard.leaks(raw):
            continue  # show nothing of a reply that is reciting instructions (it is retried)
        try:
            partial = parse_partial_json(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(partial, dict) and partial:
            on_partial(_screened(chat, partial, users_text))
    return raw


def _users_text(messages: list[BaseMessage] | str) -> str:
    """Return what the user wrote in these messages (a string prompt holds only their words)."""
    if isinstance(messages, str):
        return messages
    return "\n".join(m.text for m in messages if m.type == "human")


def _screened(chat: ChatModelHandle, value: Any, users_text: str) -> Any:
    """Screen every string inside a structured reply."""
    if isinstance(value, str):
        return chat.screen(value, users_text)
    if isinstance(value, list):
        return [_screened(chat, v, users_text) for v in value]
    if isinstance(value, dict):
        return {k: _screened(chat, v, users_text) for k, v in value.items()}
    return value
