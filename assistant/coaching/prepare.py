"""Prepare: clarify the challenge, pick a protocol, and leave with a saved case brief."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.coaching import brief as briefs
from assistant.coaching.calls import CoachModelError, ask_json, schema
from assistant.coaching.case import CaseState
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.clarify import Clarifier
from assistant.coaching.conversation import CoachTurn, as_messages, follow_up_text
from assistant.coaching.proposal import GroupSize, fitting, proposal_text
from assistant.coaching.protocols import Protocol, match_protocol, protocols
from assistant.coaching.sessions import Sessions, required
from assistant.compose.prompts import PromptLibrary
from assistant.memory.records import CaseBrief, CoachingSession
from assistant.memory.store import CoachStore, new_id, now
from assistant.models.chat import ChatModelHandle
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.peers_account import PeersAccountService
from assistant.texts import BRIEF_READY, BRIEF_SAVED
from assistant.tokens import TokenCounter

OnText = Callable[[str], None]  # hears a coach reply as it is written
BRIEF_NOTES = 3  # colleagues' notes cited in a brief
CLARIFY_TURNS = 3  # at most this many open questions before the coach proposes a protocol
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
        peers: PeersAccountService,
        history_tokens: int = 800,
        name_of: Callable[[str], str] = str,
        filters_for: Callable[[str], SearchFilters] = lambda user: SearchFilters(),
        checker: ReplyChecker | None = None,
        groups_of: Callable[[str], list[GroupSize]] = lambda user: [],
    ) -> None:
        self._filters_for = filters_for  # username → their retrieval allow-list
        self._store = store
        self._sessions = Sessions(store, "prepare", "ps")
        self._chat = chat
        self._prompts = prompts
        self._counter = counter
        self._peers = peers  # colleagues and notes on the case, each with a quoted sentence
        self._history_tokens = history_tokens
        self._name_of = name_of  # username → the name their notes carry
        self._checker = checker or ReplyChecker()
        self._groups_of = groups_of  # username → (group name, members) of their peer groups
        self._clarifier = Clarifier(chat, prompts.render("prepare_system"), self._checker)

    @property
    def checker(self) -> ReplyChecker:
        """Return the reply check every coach reply passes before it is shown."""
        return self._checker

    def start(self, user: str, opening: str, on_text: OnText | None = None) -> CoachTurn:
        """Open a session with what is on the manager's mind; returns the first question.

        `on_text` hears the coach's reply as it is written (clarifying turns only).
        """
        opening = required(opening)
        session = self._sessions.open(
            user,
            {"stage": "clarify", "case": CaseState().to_dict()},
            [{"role": "user", "text": opening}],
        )
        open_items = self._sessions.open_commitments(user)
        turn = self._clarify(session, on_text)
        turn.text = follow_up_text(open_items) + turn.text
        turn.follow_ups = open_items
        return turn

    def reply(
        self, user: str, session_id: str, message: str, on_text: OnText | None = None
    ) -> CoachTurn:
        """Take the manager's next message and move the session on."""
        session = self._sessions.get(user, session_id)
        message = required(message)
        stage = session.state["stage"]
        if stage == "done":
            return CoachTurn(session.id, BRIEF_SAVED, "done", True)
        session.messages.append({"role": "user", "text": message})
        if stage == "clarify":
            if wants_brief(message):
                return self._propose(session)
            return self._clarify(session, on_text)
        chosen = match_protocol(message)
        if chosen is None and not agrees(message):
            session.messages.append(
                {"role": "coach", "text": _protocol_menu(session.state["protocol"])}
            )
            self._sessions.save(session)
            return CoachTurn(session.id, session.messages[-1]["text"], "protocol")
        return self._brief(session, chosen or protocols()[session.state["protocol"]])

    def _clarify(self, session: CoachingSession, on_text: OnText | None = None) -> CoachTurn:
        """File the latest message in the case; ask about the next gap, or move on."""
        case = CaseState.from_dict(session.state.get("case"))
        message = session.messages[-1]["text"]
        case.update(message)
        gap = case.next_gap(CLARIFY_TURNS)
        if gap is None:
            session.state["case"] = case.to_dict()
            return self._propose(session)
        history = as_messages(session.messages, self._counter, self._history_tokens)
        made = self._clarifier.turn(case, history, message, self._said(session), gap, on_text)
        session.state["case"] = case.to_dict()
        return self._respond(session, made.text, "clarify", model_error=made.model_error)

    def _said(self, session: CoachingSession) -> str:
        """Return everything the manager said in the session, oldest first."""
        return "\n".join(m["text"] for m in session.messages if m["role"] == "user")

    def _propose(self, session: CoachingSession) -> CoachTurn:
        case = CaseState.from_dict(session.state.get("case"))
        groups = self._groups_of(session.user)
        choices = fitting(groups)
        menu = "\n".join(f"- {p.name}: {p.title}. Best for: {p.best_for}" for p in choices)
        prompt = self._prompts.render(
            "prepare_protocol", protocols=menu, conversation=self._said(session)[-2000:]
        )
        fmt = schema(
            "protocol", {"protocol": {"type": "string", "enum": [p.name for p in choices]}}
        )
        error = ""
        try:
            chosen = protocols()[ask_json(self._chat, prompt, fmt, max_tokens=30)["protocol"]]
        except CoachModelError as exc:
            fallback = [p for p in choices if p.name == "troika-consulting"] or choices
            chosen, error = fallback[0], str(exc)
        session.state.update(stage="protocol", protocol=chosen.name)
        text = proposal_text(case, chosen, groups, self._checker)
        return self._respond(session, text, "protocol", model_error=error)

    def _brief(self, session: CoachingSession, protocol: Protocol) -> CoachTurn:
        case = CaseState.from_dict(session.state.get("case"))
        said = self._said(session)
        opening = session.messages[0]["text"]
        data = briefs.fields(case, opening)
        framing, error = briefs.framing_question(
            self._chat, self._prompts, self._checker, case, said[-2000:]
        )
        query = f"{data['situation']} {framing}"
        filters = self._filters_for(session.user)
        account = self._peers.account(
            query, filters, exclude=self._name_of(session.user), colleagues=3
        )
        know_how = briefs.know_how_items(account.notes[:BRIEF_NOTES])
        peers = [
            {
                "name": c.name,
                "team": c.team,
                "why": c.why,
                "quote": c.quotes[0].text if c.quotes else "",
                "quote_section": c.quotes[0].section if c.quotes else "",
            }
            for c in account.colleagues
        ]
        brief = CaseBrief(
            new_id("cb"),
            session.user,
            session.id,
            protocol.name,
            data["situation"],
            framing,
            data["tried"],
            data["help_wanted"],
            know_how,
            peers,
            now(),
        )
        self._store.save(brief)
        session.state.update(stage="done", protocol=protocol.name, brief_id=brief.id)
        turn = self._respond(
            session,
            BRIEF_READY + "\n\n" + briefs.brief_markdown(brief),
            "done",
            model_error=error,
        )
        turn.done, turn.result = True, brief
        return turn

    def _respond(
        self, session: CoachingSession, text: str, stage: str, model_error: str = ""
    ) -> CoachTurn:
        session.messages.append({"role": "coach", "text": text})
        self._sessions.save(session)
        return CoachTurn(session.id, text, stage, model_error=model_error)

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
