"""A handle on the configured chat model: built on first use, labelled for the user."""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Protocol

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage, BaseMessageChunk

from assistant.models.schema import strict

log = logging.getLogger(__name__)


class ModelConfigError(RuntimeError):
    """The chosen model cannot be used as configured; the message names the setting to fix."""


def resolve_api_key(explicit: str | None, base_url: str | None) -> str:
    """Return the key to send: the setting, else OPENAI_API_KEY, else a dummy for own servers."""
    key = explicit or os.environ.get("OPENAI_API_KEY")
    if key:
        return key
    if base_url:  # vLLM, Ollama, llama.cpp servers accept any key unless configured otherwise
        return "not-needed"
    raise ModelConfigError(
        "the openai provider needs an API key: set PEERCOACH_LLM_API_KEY (or OPENAI_API_KEY), "
        "or set PEERCOACH_LLM_BASE_URL to your own OpenAI-compatible server"
    )


@dataclass(frozen=True)
class ModelLabel:
    """What the user is told about the model answering: kind (local/remote/fake) and name."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind} · {self.name}"


class ScreenedReply(Protocol):
    """A reply after the screen: the text that may be shown and what was changed in it."""

    text: str
    blocked: list[str]


class ReplyScreen(Protocol):
    """What checks every reply before anyone sees it (assistant.safety.output.ReplyGuard)."""

    def screen(self, reply: str, users_own_text: str = "") -> ScreenedReply:
        """Return the reply as it may be shown."""
        ...

    def leaks(self, reply: str) -> bool:
        """Return True when the reply repeats the coach's instructions."""
        ...


class ChatModelHandle:
    """Builds the chat model once, on the first call to `get()` (so start-up cost is lazy)."""

    def __init__(
        self,
        factory: Callable[[], BaseChatModel],
        label: ModelLabel,
        timeout: float = 60.0,
        guard: ReplyScreen | None = None,
    ) -> None:
        self.timeout = timeout  # no call the user waits on runs longer than this, retries included
        self._factory = factory
        self._model: BaseChatModel | None = None
        self._lock = threading.Lock()
        self.label = label
        self.failure = ""  # why the last call failed; cleared by the next call that works
        self.guard = guard  # checks every reply before anyone sees it (given by the container)

    def screen(self, reply: str, users_own_text: str = "") -> str:
        """Return a reply as it may be shown (see ReplyScreen); unchanged when there is no guard."""
        if self.guard is None:
            return reply
        screened = self.guard.screen(reply, users_own_text)
        if screened.blocked:
            log.warning("reply screened: %s", "; ".join(screened.blocked))
        return screened.text

    @property
    def ready(self) -> bool:
        """Return whether the model has been built."""
        return self._model is not None

    @property
    def status(self) -> str:
        """Return 'unavailable' after a failed call, else 'ready' once built, else 'starting'."""
        if self.failure:
            return "unavailable"
        return "ready" if self.ready else "starting"

    def note_failure(self, exc: BaseException) -> None:
        """Remember that a call failed, so the app can say the model is unavailable."""
        self.failure = f"{type(exc).__name__}: {exc}".strip()[:300]

    def note_success(self) -> None:
        """Remember that a call worked."""
        self.failure = ""

    def get(self) -> BaseChatModel:
        """Return the chat model, building it (and starting a local server) on first call."""
        with self._lock:
            if self._model is None:
                self._model = self._factory()
            return self._model

    def invoke(self, messages: Any, **options: Any) -> BaseMessage:
        """Call the model and return its message, or raise ModelTimeout after `timeout` s."""
        model = self.get()
        future = _CALLS.submit(model.invoke, messages, **_strict(options))
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()
            raise ModelTimeout(f"the model did not answer within {self.timeout:.0f} s") from None

    def stream(self, messages: Any, **options: Any) -> Iterator[BaseMessageChunk]:
        """Yield the model's chunks; raise ModelTimeout if it goes quiet for `timeout` seconds.

        A model that keeps streaming is not cut off (its length is bounded by max_tokens), but
        the first chunk and every gap after it must come within `timeout`, and the whole reply
        within four times it.
        """
        model = self.get().bind(**_strict(options)) if options else self.get()
        chunks: queue.Queue[Any] = queue.Queue()
        done = object()

        def produce() -> None:
            try:
                for chunk in model.stream(messages):
                    chunks.put(chunk)
            except BaseException as exc:  # handed to the reader, raised there
                chunks.put(exc)
            chunks.put(done)

        threading.Thread(target=produce, name="model-stream", daemon=True).start()
        last_word = time.monotonic()
        hard_stop = last_word + 4 * self.timeout
        while True:
            wait = min(last_word + self.timeout, hard_stop) - time.monotonic()
            try:
                item = chunks.get(timeout=max(wait, 0.001))
            except queue.Empty:
                raise ModelTimeout(
                    f"the model went quiet for {self.timeout:.0f} s"
                    if time.monotonic() < hard_stop
                    else f"the model did not finish within {4 * self.timeout:.0f} s"
                ) from None
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            last_word = time.monotonic()
            yield item


def _strict(options: dict[str, Any]) -> dict[str, Any]:
    """Return call options with a JSON schema marked strict (the provider enforces all of it)."""
    if "response_format" not in options:
        return options
    return {**options, "response_format": strict(options["response_format"])}


class ModelTimeout(TimeoutError):
    """The model took longer than the configured timeout; the user gets an answer without it."""


# Calls run here so a hung model cannot hold the caller past its timeout.
_CALLS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="model-call")


def model_failures() -> tuple[type[BaseException], ...]:
    """Return the exception types that mean 'the model is down, slow or broken'."""
    import httpx
    import openai

    from assistant.models.local_server import LocalModelError
    from assistant.models.weights import ModelWeightsError

    return (
        openai.OpenAIError,
        ModelConfigError,
        httpx.HTTPError,
        LocalModelError,
        ModelWeightsError,
        TimeoutError,
        ConnectionError,
    )
