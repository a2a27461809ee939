"""One clarify turn: a reflection built from the manager's words, then one fresh open question."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.coaching.calls import CoachModelError, ask_json, schema
from assistant.coaching.case import CaseState, bank_questions
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.listening import reflection
from assistant.coaching.voice import second_person
from assistant.models.chat import ChatModelHandle
from assistant.texts import NO_REFLECTION

log = logging.getLogger(__name__)
TOPIC = r"^[A-Za-z][A-Za-z0-9' -]{2,48}$"


@dataclass
class Clarified:
    """What a clarify turn shows, and why the model could not help (if it could not)."""

    text: str
    model_error: str = ""


class Clarifier:
    """Builds each clarify turn: code reflects, asks our question and checks both."""

    def __init__(
        self,
        chat: ChatModelHandle,
        system: str,
        checker: ReplyChecker,
    ) -> None:
        self._chat = chat
        self._system = SystemMessage(system)
        self._checker = checker

    def turn(
        self,
        case: CaseState,
        history: list[BaseMessage],
        message: str,
        manager_text: str,
        gap: str,
        on_text: Callable[[str], None] | None = None,
    ) -> Clarified:
        """Return the reflection of `message` and one question about `gap`, both checked."""
        reflected = reflection(message, self._checker, len(case.asked), case.given_back)
        if reflected:
            case.given_back.append(reflected)
        else:
            reflected = NO_REFLECTION
        if on_text is not None:
            on_text(reflected)  # shown at once; the question follows when it is whole and checked
        error = "" if case.topic_asked else self._find_topic(case, history, manager_text)
        question = self._from_bank(case, manager_text, gap, reflected)
        case.asked.append({"gap": gap, "question": question})
        if on_text is not None:
            on_text(f"{reflected} {question}")
        return Clarified(f"{reflected} {question}", error)

    def _find_topic(self, case: CaseState, history: list[BaseMessage], manager_text: str) -> str:
        """Ask the model once for a few of the manager's words naming the case; '' or why not."""
        case.topic_asked = True
        *before, last = history
        note = "(Coach's note: give the topic only.)"
        messages = [self._system, *before, HumanMessage(f"{last.text}\n\n{note}")]
        fmt = schema("topic", {"topic": {"type": "string", "pattern": TOPIC}})
        try:
            topic = str(ask_json(self._chat, messages, fmt, max_tokens=24)["topic"])
        except CoachModelError as exc:
            return str(exc)
        case.topic = _own_words(topic, manager_text)
        return ""

    def _from_bank(self, case: CaseState, manager_text: str, gap: str, reflected: str) -> str:
        """Return our first question for the gap that passes the check (a plain one at worst)."""
        topic = second_person(case.topic) if case.topic else ""
        earlier = case.questions()
        options = bank_questions(gap, topic)
        for question in options:
            if not self._checker.defects(f"{reflected} {question}", manager_text, earlier):
                return question
        return options[-1]


def _own_words(topic: str, manager_text: str) -> str:
    """Return the topic when its words are the manager's own (lowercased), else ''."""
    words = topic.lower().split()
    said = set(re.findall(r"[a-z0-9']+", manager_text.lower()))
    if not 2 <= len(words) <= 6 or words[-1] in _GLUE or words[0] not in _DETERMINERS:
        return ""  # "the Q1 migration", "my two leads": a phrase every question template takes
    content = [w for w in words if w not in _GLUE]
    if not content or not all(w in said for w in content):
        return ""
    first, *rest = topic.split()
    return " ".join([first.lower() if first.lower() in _GLUE else first, *rest])


_GLUE = {"the", "a", "an", "of", "my", "our", "to", "and", "for", "with", "in", "on", "his", "her"}
_DETERMINERS = {"the", "my", "our", "their", "his", "her", "this", "these", "those", "two", "three"}
