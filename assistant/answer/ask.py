"""Ask: retrieve → budgeted prompt → model → reply with citations, streamed as it is written."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from langchain_core.retrievers import BaseRetriever

from assistant.answer.citations import cited_numbers, render_sources
from assistant.compose.grounded import GroundedPromptBuilder, Source, Turn
from assistant.models.chat import ChatModelHandle, model_failures

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """A reply so far: its text, the notes it may cite, and whether it is complete."""

    text: str
    sources: list[Source]
    model: str
    done: bool = False
    cited: list[int] = field(default_factory=list)
    model_error: str = ""

    def cited_sources(self) -> list[Source]:
        """Return the sources the reply cites, in citation order."""
        by_number = {s.number: s for s in self.sources}
        return [by_number[n] for n in self.cited]

    def sources_markdown(self) -> str:
        """Return the sources as a markdown list (cited first)."""
        return render_sources(self.sources, self.cited)


class AskService:
    """Answers a manager's question from colleagues' notes, with numbered citations."""

    def __init__(
        self,
        retriever: BaseRetriever,
        prompt_builder: GroundedPromptBuilder,
        chat: ChatModelHandle,
    ) -> None:
        self._retriever = retriever
        self._builder = prompt_builder
        self._chat = chat

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[Reply]:
        """Yield the growing reply; the last one has `done=True` and its citations resolved."""
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        documents = self._retriever.invoke(question)
        messages, sources = self._builder.build(question, documents, history)
        reply = Reply(text="", sources=sources, model=str(self._chat.label))
        yield reply
        text = ""
        try:
            for chunk in self._chat.get().stream(messages):
                piece = chunk.text
                if piece:
                    text += piece
                    yield replace(reply, text=text)
        except model_failures() as exc:  # a model failure becomes a retrieval-only answer
            log.warning("model failed: %s", exc, exc_info=True)
            yield _retrieval_only(reply, text, exc)
            return
        yield replace(reply, text=text, done=True, cited=cited_numbers(text, sources))

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Reply:
        """Return the complete reply."""
        last = None
        for last in self.stream(question, history):
            pass
        assert last is not None
        return last


def _retrieval_only(reply: Reply, partial: str, exc: Exception) -> Reply:
    reason = f"{type(exc).__name__}: {exc}".strip()[:300]
    if reply.sources:
        note = "The model is unavailable right now, so here are the notes that bear on this:"
    else:
        note = "The model is unavailable right now, and no notes matched the question."
    text = (partial + "\n\n" if partial else "") + f"⚠️ {note}"
    return replace(reply, text=text, done=True, model_error=reason)
