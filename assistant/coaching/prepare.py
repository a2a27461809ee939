"""Prepare: clarify the challenge, pick a protocol, and leave with a saved case brief."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import BaseMessage, SystemMessage

from assistant.coaching.calls import (
    OPEN_QUESTION,
    REFLECTION,
    SENTENCE,
    CoachModelError,
    ask_json,
    kind_question,
    schema,
)
from assistant.coaching.conversation import CoachTurn, as_messages, as_text, follow_up_text
from assistant.coaching.protocols import Protocol, match_protocol, protocols
from assistant.compose.prompts import PromptLibrary
from assistant.ingest.freshness import freshness
from assistant.memory.records import CaseBrief, CoachingSession, Commitment
from assistant.memory.store import CoachStore, new_id, now
from assistant.models.chat import ChatModelHandle
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.peers import PeerFinder
from assistant.retrieve.search import HybridSearch
from assistant.tokens import TokenCounter

OnText = Callable[[str], None]  # hears a coach reply as it is written
CLARIFY_TURNS = 3  # open questions before the coach proposes a protocol
READY_WORDS = ("ready", "brief", "that's it", "thats it", "enough", "done")
YES_WORDS = ("ok", "okay", "yes", "sure", "fine", "sounds good", "go", "agreed", "let's", "lets")


class PrepareService:
    """Runs a prepare session as a small state machine: clarify → protocol → brief."""

    def __init__(
        self,
        store: CoachStore,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        counter: TokenCounter,
        search: HybridSearch,
        peers: PeerFinder,
        history_tokens: int = 800,
        name_of: Callable[[str], str] = str,
        filters_for: Callable[[str], SearchFilters] = lambda user: SearchFilters(),
    ) -> None:
        self._filters_for = filters_for  # username → their retrieval allow-list
        self._store = store
        self._chat = chat
        self._prompts = prompts
        self._counter = counter
        self._search = search
        self._peers = peers
        self._history_tokens = history_tokens
        self._name_of = name_of  # username → the name their notes carry
        self._system = SystemMessage(prompts.render("prepare_system"))

    def start(self, user: str, opening: str, on_text: OnText | None = None) -> CoachTurn:
        """Open a session with what is on the manager's mind; returns the first question.

        `on_text` hears the coach's reply as it is written (clarifying turns only).
        """
        opening = _required(opening)
        session = CoachingSession(
            new_id("ps"),
            user,
            "prepare",
            {"stage": "clarify", "asked": 0},
            [{"role": "user", "text": opening}],
            now(),
            now(),
        )
        open_items = self._store.find(Commitment, user, status="open")
        turn = self._clarify(session, on_text)
        turn.text = follow_up_text(open_items) + turn.text
        turn.follow_ups = open_items
        return turn

    def reply(
        self, user: str, session_id: str, message: str, on_text: OnText | None = None
    ) -> CoachTurn:
        """Take the manager's next message and move the session on."""
        session = self._store.get(CoachingSession, user, session_id)
        message = _required(message)
        stage = session.state["stage"]
        if stage == "done":
            return CoachTurn(
                session.id,
                "This brief is saved. Start a new session to prepare another case.",
                "done",
                True,
            )
        session.messages.append({"role": "user", "text": message})
        if stage == "clarify":
            if session.state["asked"] < CLARIFY_TURNS and not wants_brief(message):
                return self._clarify(session, on_text)
            return self._propose(session)
        chosen = match_protocol(message)
        if chosen is None and not agrees(message):
            session.messages.append(
                {"role": "coach", "text": _protocol_menu(session.state["protocol"])}
            )
            self._save(session)
            return CoachTurn(session.id, session.messages[-1]["text"], "protocol")
        return self._brief(session, chosen or protocols()[session.state["protocol"]])

    def _clarify(self, session: CoachingSession, on_text: OnText | None = None) -> CoachTurn:
        messages: list[BaseMessage] = [
            self._system,
            *as_messages(session.messages, self._counter, self._history_tokens),
        ]
        fmt = schema(
            "clarify",
            {
                "reflection": {"type": "string", "pattern": REFLECTION},
                "question": {"type": "string", "pattern": OPEN_QUESTION},
            },
        )
        error = ""
        try:
            heard = None if on_text is None else _clarify_listener(on_text)
            data = ask_json(self._chat, messages, fmt, max_tokens=120, on_partial=heard)
            text = f"{data['reflection']} {kind_question(str(data['question']))}"
        except CoachModelError as exc:  # keep the conversation going without the model
            text, error = "What feels most important about this for you right now?", str(exc)
        session.state["asked"] += 1
        return self._respond(session, text, "clarify", model_error=error)

    def _propose(self, session: CoachingSession) -> CoachTurn:
        menu = "\n".join(
            f"- {p.name}: {p.title}, {p.minutes} min, {p.group_size} people. Best for: {p.best_for}"
            for p in protocols().values()
        )
        prompt = self._prompts.render(
            "prepare_protocol",
            protocols=menu,
            conversation=as_text(session.messages, self._counter, self._history_tokens),
        )
        fmt = schema(
            "protocol",
            {
                "protocol": {"type": "string", "enum": list(protocols())},
                "why": {"type": "string", "pattern": SENTENCE},
            },
        )
        error = ""
        try:
            data = ask_json(self._chat, prompt, fmt, max_tokens=120)
            chosen, why = protocols()[data["protocol"]], str(data["why"])
        except CoachModelError as exc:
            chosen, why, error = (
                protocols()["troika-consulting"],
                "It is quick and gives you many ideas.",
                str(exc),
            )
        session.state.update(stage="protocol", protocol=chosen.name)
        others = ", ".join(p.title for p in protocols().values() if p.name != chosen.name)
        text = (
            f"For this I suggest **{chosen.title}** "
            f"({chosen.minutes} min, {chosen.group_size} people). {why}\n\n"
            f"Say ok to use it, or choose another: {others}."
        )
        return self._respond(session, text, "protocol", model_error=error)

    def _brief(self, session: CoachingSession, protocol: Protocol) -> CoachTurn:
        prompt = self._prompts.render(
            "prepare_brief",
            conversation=as_text(session.messages, self._counter, self._history_tokens),
        )
        fmt = schema(
            "case_brief",
            {
                "situation": {"type": "string", "pattern": SENTENCE},
                "framing_question": {"type": "string", "pattern": OPEN_QUESTION},
                "tried": {"type": "string", "pattern": SENTENCE},
                "help_wanted": {"type": "string", "pattern": SENTENCE},
            },
        )
        error = ""
        try:
            data = ask_json(self._chat, prompt, fmt, max_tokens=400)
        except CoachModelError as exc:  # keep the manager's words: the brief is still useful
            error = str(exc)
            said = [m["text"] for m in session.messages if m["role"] == "user"]
            data = {
                "situation": said[0],
                "framing_question": "How can I move this forward?",
                "tried": " ".join(said[1:-1]) or "Not discussed yet.",
                "help_wanted": "Ideas from peers.",
            }
        query = f"{data['situation']} {data['framing_question']}"
        filters = self._filters_for(session.user)
        know_how = [
            {
                "number": n,
                "doc_id": m.doc_id,
                "title": m.metadata.get("title", ""),
                "author": m.metadata.get("author", ""),
                "date": m.metadata.get("date", ""),
                "review": freshness(m.metadata).label(),
                "excerpt": " ".join(m.text.split())[:300],
            }
            for n, m in enumerate(self._search.search(query, 3, filters), start=1)
        ]
        peers = [
            {"name": p.name, "team": p.team, "why": p.why}
            for p in self._peers.find(query, 3, filters, exclude=self._name_of(session.user))
        ]
        brief = CaseBrief(
            new_id("cb"),
            session.user,
            session.id,
            protocol.name,
            str(data["situation"]),
            str(data["framing_question"]),
            str(data["tried"]),
            str(data["help_wanted"]),
            know_how,
            peers,
            now(),
        )
        self._store.save(brief)
        session.state.update(stage="done", protocol=protocol.name, brief_id=brief.id)
        turn = self._respond(
            session,
            "Here is your case brief. It is saved; you can export it as markdown.\n\n"
            + brief_markdown(brief),
            "done",
            model_error=error,
        )
        turn.done, turn.result = True, brief
        return turn

    def _respond(
        self, session: CoachingSession, text: str, stage: str, model_error: str = ""
    ) -> CoachTurn:
        session.messages.append({"role": "coach", "text": text})
        self._save(session)
        return CoachTurn(session.id, text, stage, model_error=model_error)

    def _save(self, session: CoachingSession) -> None:
        session.updated = now()
        self._store.save(session)

    def brief(self, user: str, brief_id: str) -> CaseBrief:
        """Return one of the manager's case briefs."""
        return self._store.get(CaseBrief, user, brief_id)

    def share_brief(self, user: str, brief_id: str, share: bool = True) -> CaseBrief:
        """Let (or stop) one of the author's briefs count in the programme's learning view."""
        brief = self._store.get(CaseBrief, user, brief_id)
        brief.shared = "yes" if share else ""
        self._store.save(brief)
        return brief

    def briefs(self, user: str) -> list[CaseBrief]:
        """Return the manager's saved case briefs, newest first."""
        return self._store.find(CaseBrief, user)


def _clarify_listener(on_text: OnText) -> Callable[[dict[str, Any]], None]:
    """Pass the reflection and question on as they are written (the question checked at the end)."""

    def heard(partial: dict[str, Any]) -> None:
        text = str(partial.get("reflection", ""))
        if partial.get("question"):
            text += " " + str(partial["question"])
        if text.strip():
            on_text(text)

    return heard


def brief_markdown(brief: CaseBrief) -> str:
    """Return a case brief as markdown, with numbered citations and suggested peers."""
    protocol = protocols().get(brief.protocol)
    lines = [
        f"# Case brief: {brief.framing_question}",
        "",
        f"**Protocol:** {protocol.title} ({protocol.minutes} min)"
        if protocol
        else f"**Protocol:** {brief.protocol}",
        "",
        "## Situation",
        brief.situation,
        "",
        "## Framing question for the peers",
        brief.framing_question,
        "",
        "## What I have tried",
        brief.tried,
        "",
        "## Help I want",
        brief.help_wanted,
        "",
        "## Colleagues' know-how",
    ]
    lines += [
        f"- [{k['number']}] {k['title']} — {k['author']} ({k['date']}), `{k['doc_id']}`"
        for k in brief.know_how
    ] or ["- Nothing captured on this yet."]
    lines += ["", "## Peers to invite"]
    lines += [f"- **{p['name']}** ({p['team']}): {p['why']}" for p in brief.peers] or [
        "- No suggestion yet."
    ]
    return "\n".join(lines) + "\n"


def wants_brief(message: str) -> bool:
    """Return True when a short reply asks to move on ('ready', 'that's it', 'brief please')."""
    words = re.findall(r"[a-z']+", message.lower())
    return len(words) <= 6 and any(
        w in words or " " in w and w in " ".join(words) for w in READY_WORDS
    )


def agrees(message: str) -> bool:
    """Return True when a short reply says yes (and does not say no or not)."""
    text = message.lower()
    words = set(re.findall(r"[a-z']+", text))
    if words & {"no", "not", "nope", "don't", "dont", "rather", "instead"}:
        return False
    return any(phrase in words or (" " in phrase and phrase in text) for phrase in YES_WORDS)


def _protocol_menu(current: str) -> str:
    names: Sequence[str] = [p.title for p in protocols().values()]
    return f"Shall we use {protocols()[current].title}? Say ok, or name one of: {', '.join(names)}."


def _required(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValueError("the message is empty")
    return text
