"""Reflect: a guided journaling conversation that saves a private entry and its commitments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from assistant.coaching.calls import SENTENCE, CoachModelError, ask_json, schema
from assistant.coaching.checks import ReplyChecker
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
# A sentence ends at . ! or ? (and any closing quote) before a capital or the end, so the "?" in
# "I will ask 'what would you do?' before answering" does not cut the commitment short.
_END = r"[.!?]+[\"'”’)\]]*(?=\s+[A-Z\"“‘(]|\s*$)"
_INTENT = re.compile(
    r"(?i:\b(?:I will|I'll|I am going to|I'm going to|I plan to|I need to|next I)\b)"
    rf"(?:(?!{_END})[^\n])*"
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
# A plan written as steps ("Have an honest conversation with him... Then decide with HR..."):
# in answer to "what will you do?", a sentence that opens on a verb of action is a step.
_ACTION_VERBS = (
    "agree|ask|book|bring|call|check|decide|delegate|discuss|email|explain|find|follow|give|"
    "have|hold|involve|listen|make|meet|move|plan|prepare|propose|put|raise|review|run|say|"
    "schedule|send|set|share|sit|speak|start|stop|suggest|take|talk|tell|try|write"
)
_PLAN_STEP = re.compile(
    r"^(?:(?:then|first|next|also|and|after that|afterwards|finally),?\s+)?"
    rf"(?=(?:{_ACTION_VERBS})\b)",
    re.I,
)
# Where a sentence joins a second step: ", and", "; " or " and then" before "I'll"/"I will",
# with at most a short lead-in ("by next Friday") between them.
_WILL = re.compile(r"\bI(?:'ll|’ll| will)\b", re.I)
_JOIN = re.compile(
    r"(?:,\s*(?:and\s+)?(?:then\s+)?|;\s*|\s+and\s+(?:then\s+)?)(?P<lead>[^,;]{0,40}?)$", re.I
)


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
                if _own_words(str(c["what"]), said)  # nothing the manager did not say
            ]
            error = ""
        except CoachModelError as exc:
            found, error = [], str(exc)
        today = self._today()
        found = [
            step
            for what in found
            if _dated_as_said(what, said, today)
            for step in _steps(what, today)
        ]
        own = [step for m in _INTENT.finditer(said) for step in _steps(m.group(0).strip(), today)]
        plan = " ".join(a["answer"] for a in entry.answers if a["stage"] in ACTION_STAGES)
        own += [step for step in _plan_steps(plan) if not any(_covered(step, o) for o in own)]
        if not found:  # fall back to the manager's own "I will ..." sentences and plan steps
            found = own
        else:  # a dated step of theirs the model's list left out (it may skip the main one)
            found += [
                step
                for step in own
                if not any(_covered(step, what) for what in found) and _when(step, said, today)
            ]
        made = now()
        dated = [(what, _when(what, said, today)) for what in found]
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
            if what
        ], error


def covers(answer: str, stage: Stage) -> bool:
    """Return True when an answer already says what a later stage would ask for."""
    if stage.key in ACTION_STAGES:  # a step with a date is the action plan already
        return any(due_date(m.group(0), dt.date.today()) for m in _INTENT.finditer(answer))
    pattern = _COVERS.get(stage.key)
    return bool(pattern and pattern.search(answer))


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']{4,}", text.lower())}


def _own_words(what: str, said: str) -> bool:
    """Return True when most of a commitment's words are the manager's own."""
    words = _content(what) - {"will", "going", "need", "plan"}
    return bool(words) and len(words & _content(said)) >= 0.6 * len(words)


def _dated_as_said(what: str, said: str, today: dt.date) -> bool:
    """Return False when a commitment names a date its sentence gives another step, or none.

    The model may join two steps ("I'll bring the overview ... by end of the month" where the
    manager said "Next Friday I'll bring the overview ... By end of the month I want us to agree").
    """
    when = due_date(what, today)
    if when is None:
        return True
    source = _source(what, said)
    parts = [source, *re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=I\b|I'|then\b)", source)]
    return when in {due_date(part, today) for part in parts}


def _covered(step: str, what: str) -> bool:
    """Return True when a commitment already says most of what a step of the manager's says."""
    words = _content(step) - {"will", "going", "need", "plan"}
    return bool(words) and len(words & _content(what)) >= 0.5 * len(words)


def _plan_steps(plan: str) -> list[str]:
    """Return the sentences of an action-stage answer that are steps written as imperatives."""
    steps = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", plan.strip()):
        if start := _PLAN_STEP.match(sentence):
            step = sentence[start.end() :].rstrip(" .!")
            steps.append(step[:1].upper() + step[1:])
    return [step for step in steps if len(step.split()) >= 3]


def _joins(text: str, today: dt.date) -> list[tuple[int, int]]:
    """Return (end of one step, start of the next) where a sentence joins a second "I'll" step.

    A join counts only between two "I'll"s with nothing but a date between the join and the
    second, so "I'll tell them, and they know I'll listen" and "By Friday, I'll ..." stay whole.
    """
    found: list[tuple[int, int]] = []
    for will in _WILL.finditer(text, 1):
        start = found[-1][1] if found else 0
        join = _JOIN.search(text, start, will.start())
        if (
            join
            and _WILL.search(text, start, join.start())  # what comes before is a step too
            and (not join["lead"].strip() or due_date(join["lead"], today))
        ):
            found.append((join.start(), join.start("lead")))
    return found


def _steps(what: str, today: dt.date) -> list[str]:
    """Split a commitment joining two steps ("..., and by next Friday I'll ...") into one each."""
    joins = _joins(what, today)
    starts = [0, *(start for _, start in joins)]
    ends = [*(end for end, _ in joins), len(what)]
    steps = [what[a:b].strip(" ,;") for a, b in zip(starts, ends, strict=True)]
    return [step[:1].upper() + step[1:] for step in steps if step]


def _when(step: str, said: str, today: dt.date) -> dt.date | None:
    """Return a step's due date from its words, else from its lead-in or the rest of its clause.

    "Tomorrow I'll tell them ..., and by next Friday I'll review ..." dates the first step
    tomorrow: the sentence's other date belongs to the other step.
    """
    if when := due_date(step, today):
        return when
    source = _source(step, said)
    at = source.lower().find(step[:20].lower())
    if at < 0:  # the model's own wording: the date of the manager's sentence
        return due_date(source, today)
    before = [start for _, start in _joins(source, today) if start <= at]
    lead = source[before[-1] if before else 0 : at]
    after = [end for end, _ in _joins(source, today) if end > at]
    return due_date(lead, today) or due_date(source[at : after[0] if after else None], today)


def _source(what: str, said: str) -> str:
    """Return the manager's sentence a commitment came from (most shared words)."""
    sentences = re.split(r"(?<=[.!?;])\s+|\n+", said)
    return max(sentences, key=lambda s: len(_content(s) & _content(what)), default="")


def _framework(name: str) -> Framework:
    try:
        return frameworks()[name]
    except KeyError:
        raise ValueError(
            f"no reflection framework {name!r}; choose from {', '.join(frameworks())}"
        ) from None
