"""A scripted chat model for tests: replies from a queue and records every prompt it is sent."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


def default_reply(messages: list[BaseMessage], options: dict[str, Any] | None = None) -> str:
    """Return a deterministic reply: a minimal instance of a requested JSON schema, or else text.

    The text cites the first numbered note in the prompt, if there is one.
    """
    response_format = (options or {}).get("response_format") or {}
    prompt = "\n".join(str(m.content) for m in messages)
    if response_format.get("type") == "json_schema":
        example = example_of(response_format["json_schema"]["schema"])
        if response_format["json_schema"]["name"] == "grounded_answer":
            example = _grounded(example, prompt)
        return json.dumps(example)
    numbers = re.findall(r"^\[(\d+)\]", prompt, flags=re.MULTILINE)
    if numbers:
        return f"(fake model) Colleagues have faced this before [{numbers[0]}]. What matters most?"
    return "(fake model) What would you like to explore?"


def _grounded(example: dict[str, Any], prompt: str) -> dict[str, Any]:
    """Return a grounded answer whose point repeats the first note's opening words."""
    note = re.search(r"^\[(\d+)\] [^\n]*\n(.+)$", prompt, flags=re.MULTILINE)
    if note:
        words = re.sub(r'^[^\w]+|["\\]', "", note.group(2)).split()[:12]
        insight = "(fake model) " + " ".join(words).rstrip(".,;:") + "."
        example["points"] = [{"note": int(note.group(1)), "insight": insight}]
    return example


def example_of(schema: dict[str, Any]) -> Any:
    """Return a small value that satisfies a JSON schema of the kinds the coach uses."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {key: example_of(schema["properties"][key]) for key in schema.get("required", [])}
    if kind == "array":
        return [example_of(schema["items"]) for _ in range(max(1, schema.get("minItems", 0)))]
    if kind == "integer":
        return 1
    pattern = str(schema.get("pattern", ""))
    if pattern.startswith("^You"):
        return "You said this matters to you."
    if pattern.startswith("^(What|How)"):
        return "What would help you most right now?"
    if "[0-9]{4}" in pattern:
        return ""
    if pattern.startswith("^[a-z]"):
        return "fake-tag"
    text = "(fake model) A sentence from the scripted model."
    if pattern and not re.search(pattern, text):  # the whole schema is checked: fit its pattern
        return next((c for c in _FITTING if re.search(pattern, c)), text)
    return text


# Plain values tried, in order, for a string pattern the cases above do not know.
_FITTING = (
    "A sentence from the scripted model.",
    "How can I move this forward?",
    "What would help you most right now?",
    "the scripted topic",
    "Scripted title",
    "scripted",
    "A",
)


class ScriptedChatModel(BaseChatModel):
    """Replies with enqueued texts (or `default_reply`), streaming word by word; keeps `history`."""

    responder: Callable[[list[BaseMessage], dict[str, Any]], str] = default_reply
    pause: float = 0.0  # seconds before each reply and between streamed words (a slow model)
    _queue: deque[str | Exception] = PrivateAttr(default_factory=deque)
    _history: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _options: list[dict[str, Any]] = PrivateAttr(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "peercoach-scripted"

    @property
    def history(self) -> list[list[BaseMessage]]:
        """Every list of messages the model was called with, oldest first."""
        return self._history

    @property
    def options(self) -> list[dict[str, Any]]:
        """The call options (e.g. `response_format`) of every call, oldest first."""
        return self._options

    def enqueue(self, *replies: str | Exception) -> None:
        """Queue replies (or exceptions to raise) for the next calls, in order."""
        with self._lock:
            self._queue.extend(replies)

    def _next_reply(self, messages: list[BaseMessage], options: dict[str, Any]) -> str:
        with self._lock:
            self._history.append(list(messages))
            self._options.append(dict(options))
            item = self._queue.popleft() if self._queue else None
        if isinstance(item, Exception):
            raise item
        time.sleep(self.pause)
        return item if item is not None else self.responder(messages, options)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = self._next_reply(messages, kwargs)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text = self._next_reply(messages, kwargs)
        for piece in re.findall(r"\S+\s*|\s+", text):
            time.sleep(self.pause)
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
