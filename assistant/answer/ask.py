"""Ask: retrieve → budgeted prompt → model → reply with citations, streamed as it is written."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.documents import Document
from langchain_core.messages import BaseMessage
from langchain_core.retrievers import BaseRetriever

from assistant.answer.citations import cited_first, render_sources, sources_heading
from assistant.answer.structured import answer_format, looks_structured, parse_answer, render_answer
from assistant.compose.grounded import GroundedPromptBuilder, Source
from assistant.domain.turns import Turn
from assistant.models.chat import ChatModelHandle, model_failures
from assistant.models.schema import ReplyShapeError, validated
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.rewrite import QueryRewriter
from assistant.texts import NO_NOTES, NOTES_INSTEAD

log = logging.getLogger(__name__)

NO_MATCHING_NOTES = (
    "None of your colleagues' notes cover this yet, so I have no experience to point you to. "
    "Try describing the situation in other words, or capture what you learn so the next "
    "manager finds it."
)
NO_CLOSE_FIT = "None of the notes I found fits your question closely."


@dataclass(frozen=True)
class Reply:
    """A reply so far: its text, the notes it may cite, and whether it is complete."""

    text: str
    sources: list[Source]
    model: str
    done: bool = False
    cited: list[int] = field(default_factory=list)
    model_error: str = ""
    query: str = ""  # what was searched for (a follow-up rewritten to stand alone)

    def cited_sources(self) -> list[Source]:
        """Return the sources the reply cites, in citation order."""
        return cited_first(self.sources, self.cited)[: len(self.cited)]

    def sources_in_order(self) -> list[Source]:
        """Return every source, cited ones first."""
        return cited_first(self.sources, self.cited)

    def sources_heading(self) -> str:
        """Return the heading to show above the sources."""
        return sources_heading(self.cited)

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
        rewriter: QueryRewriter | None = None,
        checked: bool = True,
    ) -> None:
        self._retriever = retriever
        self._builder = prompt_builder
        self._chat = chat
        self._rewriter = rewriter
        self._checked = checked  # each point checked against its note (assistant.answer.shape)

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: SearchFilters | None = None,
    ) -> Iterator[Reply]:
        """Yield the growing reply; the last one has `done=True` and its citations resolved."""
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        query = self._rewriter.standalone(question, history) if self._rewriter else question
        documents = (
            self._retriever.invoke(query, filters=filters)
            if filters
            else self._retriever.invoke(query)
        )
        yield from self.answer(question, documents, history, query)

    def answer(
        self,
        question: str,
        documents: Sequence[Document],
        history: Sequence[Turn] = (),
        query: str = "",
    ) -> Iterator[Reply]:
        """Yield the growing reply from these notes (already retrieved and allowed)."""
        messages, sources = self._builder.build(question, documents, history)
        reply = Reply(
            text="", sources=sources, model=str(self._chat.label), query=query or question
        )
        yield reply
        if not sources:  # nothing to ground an answer in: say so rather than let the model guess
            yield replace(reply, text=NO_MATCHING_NOTES, done=True)
            return
        raw = ""
        fmt = answer_format(sources)
        try:
            for chunk in self._chat.stream(messages, response_format=fmt):
                if chunk.text:
                    raw += chunk.text
                    shown = _render(raw, sources, question, final=False, checked=self._checked)[0]
                    yield replace(reply, text=self._chat.screen(shown, question))
        except model_failures() as exc:  # a model failure becomes a retrieval-only answer
            log.warning("model failed: %s", exc)
            self._chat.note_failure(exc)
            partial = self._chat.screen(
                _render(raw, sources, question, final=False, checked=self._checked)[0], question
            )
            yield _retrieval_only(reply, partial, exc)
            return
        self._chat.note_success()
        rejected: tuple[type[BaseException], ...] = (ReplyShapeError, *model_failures())
        try:
            raw = self._whole(raw, messages, fmt)
        except rejected as exc:  # twice out of shape, or the retry failed: a model error
            log.warning("answer rejected: %s", exc)
            yield _retrieval_only(reply, "", exc)
            return
        text, cited = _render(raw, sources, question, checked=self._checked)
        text = self._chat.screen(text, question)
        if not cited:
            text = NO_CLOSE_FIT + ("\n\n" + text if text else "")
        yield replace(reply, text=text, done=True, cited=cited)

    def _whole(self, raw: str, messages: list[BaseMessage], fmt: dict[str, Any]) -> str:
        """Return a reply that fits the whole schema, asking once more if the first did not."""
        try:
            validated(raw, fmt)
            return raw
        except ReplyShapeError as exc:
            log.info("answer out of shape (%s); asking once more", exc)
        raw = self._chat.invoke(messages, response_format=fmt).text
        validated(raw, fmt)
        return raw

    def warm_up(self) -> float:
        """Start the model and let it read the fixed prompt prefix once; return seconds taken."""
        started = time.monotonic()
        try:
            self._chat.get().invoke(self._builder.prefix(), max_tokens=1)  # start-up: unbounded
            self._chat.note_success()
        except model_failures() as exc:
            log.warning("model warm-up failed: %s", exc)
            self._chat.note_failure(exc)
        return time.monotonic() - started

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Reply:
        """Return the complete reply."""
        replies = list(self.stream(question, history))
        return replies[-1]


def _render(
    raw: str, sources: Sequence[Source], asked: str, *, final: bool = True, checked: bool = True
) -> tuple[str, list[int]]:
    """Render structured output as markdown; anything else (a model ignoring the schema) as ''."""
    if looks_structured(raw):
        return render_answer(parse_answer(raw), sources, asked, final=final, checked=checked)
    return "", []


def _retrieval_only(reply: Reply, partial: str, exc: BaseException) -> Reply:
    reason = f"{type(exc).__name__}: {exc}".strip()[:300]
    note = NOTES_INSTEAD if reply.sources else NO_NOTES
    text = (partial + "\n\n" if partial else "") + f"\N{WARNING SIGN} {note}"
    return replace(reply, text=text, done=True, model_error=reason)
