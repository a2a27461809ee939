"""Reflect: a guided journaling conversation that saves a private entry and its commitments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from assistant.coaching.calls import SENTENCE, CoachModelError, ask_json, schema
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.commitments import dated_steps, intents, mostly_theirs
from assistant.coaching.conversation import CoachTurn, follow_up_text
from assistant.coaching.dates import due_date
from assistant.coaching.listening import reflection
from assistant.coaching.protocols import Framework, Stage, frameworks
from assistant.coaching.sessions import Sessions, required
from assistant.compose.prompts import PromptLibrary
from assistant.memory.records import CoachingSession, Commitment, JournalEntry
from assistant.memory.store import CoachStore, new_id, now
from assistant.models.chat import ChatModelHandle
from assistant.texts import NO_REFLECTION, REFLECTION_SAVED

DEFAULT_FRAMEWORK = "what-so-what-now-what"
LESSON_OFFER = (
    "If colleagues could learn from this, I can draft a lesson from it. "
    "Nothing is shared unless you edit and approve it."
)
# What an answer says that a later stage would ask for: then that stage is not asked again.
_COVERS = {
    "so_what": re.compile(r"\b(I (?:learn|realis|realiz|notic|saw|see|understood)\w*)\b", re.I),
    "conclusion": re.compile(r"\b(I (?:learn|realis|realiz|understood)\w*)\b", re.I),
    "feelings": re.compile(
        r"\bI (?:felt|feel|was (?:nervous|anxious|relieved|upset|angry))\b", re.I
    ),
}
ACTION_STAGES = ("now_what", "action_plan")


class ReflectService:
    """Walks a manager through a framework's stages, then saves a private journal entry."""

    def __init__(
        self,
        store: CoachStore,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        today: Callable[[], dt.date] = dt.date.today,
        checker: ReplyChecker | None = None,
    ) -> None:
        self._store = store
        self._sessions = Sessions(store, "reflect", "rs")
        self._chat = chat
        self._prompts = prompts
        self._today = today
        self._checker = checker or ReplyChecker()

    def start(self, user: str, framework: str = DEFAULT_FRAMEWORK) -> CoachTurn:
        """Open a reflection; returns the first stage's question (and open commitments)."""
        chosen = _framework(framework)
        session = self._sessions.open(user, {"framework": chosen.name, "stage": 0})
        open_items = self._sessions.open_commitments(user)
        first = chosen.stages[0]
        text = follow_up_text(open_items) + f"**{first.title}** {first.question}"
        session.messages.append({"role": "coach", "text": text})
        self._sessions.save(session)
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
        session = self._sessions.get(user, session_id)
        message = required(message)
        chosen = _framework(session.state["framework"])
        index = int(session.state["stage"])
        if index >= len(chosen.stages):
            return CoachTurn(session.id, REFLECTION_SAVED, "done", True)
        session.messages.append(
            {"role": "user", "text": message, "stage": chosen.stages[index].key}
        )
        index += 1
        while index < len(chosen.stages) and covers(message, chosen.stages[index]):
            session.state.setdefault("covered", []).append(chosen.stages[index].key)
            index += 1  # the answer already says this: the stage is not asked
        session.state["stage"] = index
        if index < len(chosen.stages):
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
        given_back = list(session.state.get("given_back", []))
        turn = len([m for m in session.messages if m["role"] == "user"]) - 1
        reflected = reflection(answer, self._checker, turn, given_back) or NO_REFLECTION
        session.state["given_back"] = [*given_back, reflected]
        if on_text is not None:
            on_text(reflected)
        text = f"{reflected}\n\n**{stage.title}** {stage.question}"
        session.messages.append({"role": "coach", "text": text})
        self._sessions.save(session)
        return CoachTurn(session.id, text, stage.key)

    def _finish(self, session: CoachingSession, chosen: Framework) -> CoachTurn:
        said = {m.get("stage"): m["text"] for m in session.messages if m["role"] == "user"}
        answers = [
            {"stage": s.key, "title": s.title, "question": s.question, "answer": said[s.key]}
            for s in chosen.stages
            if s.key in said
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
        self._sessions.save(session)
        return CoachTurn(session.id, text, "done", True, result=entry, model_error=error)

    def _commitments(self, entry: JournalEntry) -> tuple[list[Commitment], str]:
        """Return what the manager will do, in their words, each dated by code from their words."""
        answers = "\n".join(f"{a['title']} {a['answer']}" for a in entry.answers)
        prompt = self._prompts.render("reflect_commitments", answers=answers)
        item = {
            "type": "object",
            "properties": {"what": {"type": "string", "pattern": SENTENCE}},
            "required": ["what"],
            "additionalProperties": False,
        }
        fmt = schema(
            "commitments", {"commitments": {"type": "array", "maxItems": 5, "items": item}}
        )
        said = " ".join(a["answer"] for a in entry.answers)
        try:
            found = [
                str(c["what"]).strip()
                for c in ask_json(self._chat, prompt, fmt, own_words_only=True)["commitments"]
                if mostly_theirs(str(c["what"]), said)  # nothing the manager did not say
            ]
            error = ""
        except CoachModelError as exc:
            found, error = [], str(exc)
        plan = " ".join(a["answer"] for a in entry.answers if a["stage"] in ACTION_STAGES)
        dated = dated_steps(found, said, plan, self._today())
        made = now()
        return [
            Commitment(
                new_id("cm"),
                entry.user,
                entry.id,
                what,
                when.isoformat() if when else "",
                "open",
                made,
                made,
            )
            for what, when in dated
        ], error


def covers(answer: str, stage: Stage) -> bool:
    """Return True when an answer already says what a later stage would ask for."""
    if stage.key in ACTION_STAGES:  # a step with a date is the action plan already
        return any(due_date(step, dt.date.today()) for step in intents(answer))
    pattern = _COVERS.get(stage.key)
    return bool(pattern and pattern.search(answer))


def _framework(name: str) -> Framework:
    try:
        return frameworks()[name]
    except KeyError:
        raise ValueError(
            f"no reflection framework {name!r}; choose from {', '.join(frameworks())}"
        ) from None
