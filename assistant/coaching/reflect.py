"""Reflect: a guided journaling conversation that saves a private entry and its commitments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.coaching.calls import REFLECTION, SENTENCE, CoachModelError, ask_json, schema
from assistant.coaching.conversation import CoachTurn, follow_up_text
from assistant.coaching.protocols import Framework, frameworks
from assistant.compose.prompts import PromptLibrary
from assistant.memory.records import CoachingSession, Commitment, JournalEntry
from assistant.memory.store import CoachStore, new_id, now
from assistant.models.chat import ChatModelHandle

DEFAULT_FRAMEWORK = "what-so-what-now-what"
LESSON_OFFER = (
    "If colleagues could learn from this, I can draft a lesson from it. "
    "Nothing is shared unless you edit and approve it."
)
_INTENT = re.compile(
    r"\b(I will|I'll|I am going to|I'm going to|I plan to|I need to|next I)\b[^.!?\n]*", re.I
)


class ReflectService:
    """Walks a manager through a framework's stages, then saves a private journal entry."""

    def __init__(
        self,
        store: CoachStore,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._store = store
        self._chat = chat
        self._prompts = prompts
        self._today = today
        self._system = SystemMessage(prompts.render("reflect_system"))

    def start(self, user: str, framework: str = DEFAULT_FRAMEWORK) -> CoachTurn:
        """Open a reflection; returns the first stage's question (and open commitments)."""
        chosen = _framework(framework)
        session = CoachingSession(
            new_id("rs"), user, "reflect", {"framework": chosen.name, "stage": 0}, [], now(), now()
        )
        open_items = self._store.find(Commitment, user, status="open")
        first = chosen.stages[0]
        text = follow_up_text(open_items) + f"**{first.title}** {first.question}"
        session.messages.append({"role": "coach", "text": text})
        self._save(session)
        return CoachTurn(session.id, text, first.key, follow_ups=open_items)

    def reply(
        self,
        user: str,
        session_id: str,
        message: str,
        on_text: Callable[[str], None] | None = None,
    ) -> CoachTurn:
        """Record the answer to the current stage; reflect it back and ask the next question.

        `on_text` hears the reflection as it is written.
        """
        session = self._store.get(CoachingSession, user, session_id)
        message = message.strip()
        if not message:
            raise ValueError("the message is empty")
        chosen = _framework(session.state["framework"])
        index = int(session.state["stage"])
        if index >= len(chosen.stages):
            return CoachTurn(session.id, "This reflection is saved in your journal.", "done", True)
        session.messages.append(
            {"role": "user", "text": message, "stage": chosen.stages[index].key}
        )
        session.state["stage"] = index + 1
        if index + 1 < len(chosen.stages):
            return self._next_stage(session, chosen, message, on_text)
        return self._finish(session, chosen)

    def _next_stage(
        self,
        session: CoachingSession,
        chosen: Framework,
        answer: str,
        on_text: Callable[[str], None] | None = None,
    ) -> CoachTurn:
        stage = chosen.stages[int(session.state["stage"])]
        fmt = schema("reflection", {"reflection": {"type": "string", "pattern": REFLECTION}})
        error = ""
        try:
            heard = None
            if on_text is not None:
                listener = on_text

                def heard(partial: dict[str, object]) -> None:
                    if partial.get("reflection"):
                        listener(str(partial["reflection"]))

            reflection = ask_json(
                self._chat,
                [self._system, HumanMessage(answer)],
                fmt,
                max_tokens=100,
                on_partial=heard,
            )["reflection"]
        except CoachModelError as exc:
            reflection, error = "Thank you.", str(exc)
        text = f"{reflection}\n\n**{stage.title}** {stage.question}"
        session.messages.append({"role": "coach", "text": text})
        self._save(session)
        return CoachTurn(session.id, text, stage.key, model_error=error)

    def _finish(self, session: CoachingSession, chosen: Framework) -> CoachTurn:
        answers = [
            {"stage": s.key, "title": s.title, "question": s.question, "answer": m["text"]}
            for s, m in zip(
                chosen.stages, [m for m in session.messages if m["role"] == "user"], strict=False
            )
        ]
        entry = JournalEntry(new_id("je"), session.user, session.id, chosen.name, answers, now())
        self._store.save(entry)  # the manager's words are saved before any model call
        commitments, error = self._commitments(entry)
        for item in commitments:
            self._store.save(item)
        listed = "\n".join(
            f"- {c.what}" + (f" (by {c.by_when})" if c.by_when else "") for c in commitments
        )
        text = (
            "Saved to your journal. Only you can see it.\n\n"
            + (
                f"Your commitments:\n{listed}\n\nI will ask about them next time."
                if commitments
                else "I found no commitment with a next step in it."
            )
            + f"\n\n{LESSON_OFFER}"
        )
        session.messages.append({"role": "coach", "text": text})
        session.state["entry_id"] = entry.id
        self._save(session)
        return CoachTurn(session.id, text, "done", True, result=entry, model_error=error)

    def _commitments(self, entry: JournalEntry) -> tuple[list[Commitment], str]:
        answers = "\n".join(f"{a['title']} {a['answer']}" for a in entry.answers)
        prompt = self._prompts.render(
            "reflect_commitments", answers=answers, today=self._today().isoformat()
        )
        item = {
            "type": "object",
            "properties": {
                "what": {"type": "string", "pattern": SENTENCE},
                "by_when": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"},
            },
            "required": ["what", "by_when"],
            "additionalProperties": False,
        }
        fmt = schema(
            "commitments", {"commitments": {"type": "array", "maxItems": 5, "items": item}}
        )
        try:
            found = [
                (str(c["what"]), str(c["by_when"]))
                for c in ask_json(self._chat, prompt, fmt)["commitments"]
            ]
            error = ""
        except CoachModelError as exc:  # fall back to the manager's own "I will ..." sentences
            found, error = (
                [(m.group(0).strip(), "") for m in _INTENT.finditer(entry.answers[-1]["answer"])],
                str(exc),
            )
        made = now()
        return [
            Commitment(new_id("cm"), entry.user, entry.id, what, when, "open", made, made)
            for what, when in found
            if what
        ], error

    def _save(self, session: CoachingSession) -> None:
        session.updated = now()
        self._store.save(session)


def _framework(name: str) -> Framework:
    try:
        return frameworks()[name]
    except KeyError:
        raise ValueError(
            f"no reflection framework {name!r}; choose from {', '.join(frameworks())}"
        ) from None
