"""A scripted chat model for tests: replies from a queue and records every prompt it is sent."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


def default_reply(messages: list[BaseMessage]) -> str:
    """Return a deterministic reply that cites the first numbered note in the prompt, if any."""
    prompt = "\n".join(str(m.content) for m in messages)
    numbers = re.findall(r"^\[(\d+)\]", prompt, flags=re.MULTILINE)
    if numbers:
        return f"(fake model) Colleagues have faced this before [{numbers[0]}]. What matters most?"
    return "(fake model) What would you like to explore?"


class ScriptedChatModel(BaseChatModel):
    """Replies with enqueued texts (or `default_reply`), streaming word by word; keeps `history`."""

    responder: Callable[[list[BaseMessage]], str] = default_reply
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
        return item if item is not None else self.responder(messages)

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
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
