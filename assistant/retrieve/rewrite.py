"""Follow-up questions are rewritten into a standalone query before retrieval."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from assistant.compose.prompts import PromptLibrary
from assistant.domain.turns import Turn
from assistant.models.chat import ChatModelHandle, model_failures
from assistant.models.schema import validated
from assistant.tokens import TokenCounter

log = logging.getLogger(__name__)

_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "standalone_query",
        "schema": {
            "type": "object",
            "properties": {"query": {"type": "string", "pattern": r'^[^"\\\n]{3,300}$'}},
            "required": ["query"],
            "additionalProperties": False,
        },
    },
}


class QueryRewriter:
    """Turns 'what about the second one?' into a query retrieval can use."""

    def __init__(
        self,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        counter: TokenCounter,
        budget: int = 300,
        use_model: bool = True,
    ) -> None:
        self._use_model = use_model  # off: search the previous question plus the follow-up
        self._chat = chat
        self._prompts = prompts
        self._counter = counter
        self._budget = budget

    def standalone(self, follow_up: str, history: Sequence[Turn]) -> str:
        """Return a standalone query; the follow-up itself when there is no history."""
        users = [t for t in history if t.role == "user"]
        if not users:
            return follow_up
        if not self._use_model:
            return f"{users[-1].text} {follow_up}"
        lines = [f"{t.role}: {t.text}" for t in history]
        keep = self._counter.fit(lines, self._budget, keep="last")
        conversation = "\n".join(lines[i] for i in keep) or f"user: {users[-1].text}"
        prompt = self._prompts.render(
            "standalone_query", conversation=conversation, follow_up=follow_up
        )
        try:
            raw = self._chat.invoke(prompt, response_format=_FORMAT, max_tokens=80).text
            query = str(validated(raw, _FORMAT)["query"]).strip()
        except (*model_failures(), ValueError, KeyError, TypeError) as exc:  # type: ignore[misc]
            log.warning("query rewrite failed (%s); using the last question as context", exc)
            return f"{users[-1].text} {follow_up}"
        return query or follow_up
