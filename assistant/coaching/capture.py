"""Capture a case: the coach interviews a manager, then drafts a case note only they can see."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from assistant.coaching.calls import CoachModelError, ask_json, schema
from assistant.coaching.case_note import (
    CaseDraft,
    Step,
    given_back_before,
    interview_steps,
    note_text,
    told,
)
from assistant.coaching.case_note import fallback_title as title_from
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.conversation import CoachTurn
from assistant.coaching.listening import MAX_WORDS, candidates, compose, weight
from assistant.coaching.privacy import names_in, scrub
from assistant.coaching.sessions import Sessions, required
from assistant.coaching.voice import mentions_you, trim_clause
from assistant.compose.prompts import PromptLibrary
from assistant.domain.notes import VISIBILITIES, Note
from assistant.memory.records import CoachingSession
from assistant.memory.store import CoachStore, NotFoundError, now
from assistant.models.chat import ChatModelHandle
from assistant.texts import NO_REFLECTION

KIND = "capture"
OPENING = (
    "Let's capture a challenge you handled, so other managers can learn from it. "
    "I will ask one question at a time. Your answers stay private; at the end I draft a case "
    "note from your words, and nothing is shared until you edit and approve it."
)
DRAFTED = (
    "Thank you. I drafted a case note from your words, with other people's names and contact "
    "details taken out. Edit it, choose who may see it, and approve it: until then only you "
    "can see it and search does not find it."
)
MAX_PARTS = 6  # clauses the model chooses from


class CaptureService:
    """Interviews a manager about a case, drafts a note, and indexes it once they approve."""

    def __init__(
        self,
        store: CoachStore,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        publish: Callable[[Note], object],
        *,
        checker: ReplyChecker | None = None,
        known_names: Callable[[], Iterable[str]] = tuple,
        name_of: Callable[[str], str] = str,
        groups_of: Callable[[str], Iterable[str]] = lambda user: (),
        vocabulary: Callable[[], Iterable[str]] = tuple,
        tags_in: Callable[[str], Iterable[str]] = lambda text: (),
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sessions = Sessions(store, KIND, "cs")
        self._store = store
        self._chat = chat
        self._prompts = prompts
        self._publish = publish  # indexes an approved note (the ingest service)
        self._checker = checker or ReplyChecker()
        self._known_names = known_names
        self._name_of = name_of
        self._groups_of = groups_of
        self._vocabulary = vocabulary  # the knowledge base's tags a note may carry
        self._tags_in = tags_in  # the vocabulary's tags a text talks about (the fallback)
        self._today = today
        self.steps: tuple[Step, ...] = interview_steps()

    def vocabulary(self) -> list[str]:
        """Return the tags a case note may carry."""
        return sorted(set(self._vocabulary()))

    def start(self, user: str) -> CoachTurn:
        """Open an interview; returns its first question."""
        session = self._sessions.open(user, {"step": 0, "answers": {}})
        first = self.steps[0]
        text = f"{OPENING}\n\n{first.question}"
        session.messages.append({"role": "coach", "text": text})
        self._sessions.save(session)
        return CoachTurn(session.id, text, first.key)

    def reply(
        self,
        user: str,
        session_id: str,
        message: str,
        on_text: Callable[[str], None] | None = None,
    ) -> CoachTurn:
        """Record the answer; reflect it back and ask the next question, or draft the note."""
        session = self._session(user, session_id)
        message = required(message)
        index = int(session.state["step"])
        if index >= len(self.steps):
            draft = CaseDraft.of(session.state, session.id)
            return CoachTurn(session.id, DRAFTED, "done", True, result=draft)
        step = self.steps[index]
        session.messages.append({"role": "user", "text": message, "stage": step.key})
        session.state["answers"][step.key] = message
        session.state["step"] = index + 1
        self._sessions.save(session)  # the manager's words are saved before any model call
        reflected, error = self._reflect(session, message)
        if on_text is not None:
            on_text(reflected)
        if index + 1 >= len(self.steps):
            draft = self._draft(session)
            text = f"{reflected}\n\n{DRAFTED}"
            session.messages.append({"role": "coach", "text": text})
            self._sessions.save(session)
            return CoachTurn(session.id, text, "done", True, result=draft, model_error=error)
        following = self.steps[index + 1]
        text = f"{reflected}\n\n{following.question}"
        session.messages.append({"role": "coach", "text": text})
        self._sessions.save(session)
        return CoachTurn(session.id, text, following.key, model_error=error)

    def resume(self, user: str, session_id: str) -> CoachTurn:
        """Return where one of the manager's interviews was left: the coach's last words."""
        session = self._session(user, session_id)
        index = int(session.state["step"])
        last = next((m["text"] for m in reversed(session.messages) if m["role"] == "coach"), "")
        if index >= len(self.steps):
            draft = CaseDraft.of(session.state, session.id)
            return CoachTurn(session.id, last or DRAFTED, "done", True, result=draft)
        return CoachTurn(session.id, last or self.steps[index].question, self.steps[index].key)

    def finish(self, user: str, session_id: str) -> CaseDraft:
        """Draft the note now from the answers so far (the manager may stop the interview early)."""
        session = self._session(user, session_id)
        if not session.state.get("answers"):
            raise ValueError("answer at least the first question before drafting a note")
        draft = CaseDraft.of(session.state, session.id)
        if draft.status != "interview":
            return draft
        session.state["step"] = len(self.steps)
        draft = self._draft(session)
        session.messages.append({"role": "coach", "text": DRAFTED})
        self._sessions.save(session)
        return draft

    def draft(self, user: str, session_id: str) -> CaseDraft:
        """Return the draft of one of the manager's own interviews."""
        return CaseDraft.of(self._session(user, session_id).state, session_id)

    def interviews(self, user: str) -> list[CoachingSession]:
        """Return the manager's interviews, newest first (drafts, approved ones, unfinished)."""
        return [s for s in self._store.find(CoachingSession, user) if s.kind == KIND]

    def latest(self, user: str) -> CoachingSession | None:
        """Return the manager's newest interview, to resume after a reload (None if none)."""
        return next(iter(self.interviews(user)), None)

    def edit(
        self, user: str, session_id: str, *, title: str, text: str, tags: Iterable[str] = ()
    ) -> CaseDraft:
        """Keep the author's edits to a draft (nothing is shared)."""
        session = self._session(user, session_id)
        draft = CaseDraft.of(session.state, session.id)
        if draft.status != "draft":
            raise ValueError("only a draft that is not yet approved can be edited")
        draft.title, draft.text = " ".join(title.split()), text.strip()
        draft.tags = self._known_tags(tags) or draft.tags
        if not draft.title or not draft.text:
            raise ValueError("a case note needs a title and text")
        return self._keep(session, draft)

    def approve(
        self,
        user: str,
        session_id: str,
        *,
        title: str,
        text: str,
        tags: Iterable[str] = (),
        visibility: str,
        group: str = "",
    ) -> CaseDraft:
        """Save the author's wording; index it for only them, one of their groups, or everyone."""
        if visibility not in VISIBILITIES:
            raise ValueError(f"choose who sees it: {', '.join(VISIBILITIES)}")
        if visibility == "group" and group not in set(self._groups_of(user)):
            raise ValueError(f"you are not a member of the group {group!r}")
        draft = self.edit(user, session_id, title=title, text=text, tags=tags)
        draft.visibility, draft.group = visibility, group if visibility == "group" else ""
        draft.doc_id = f"cases/{user}/{session_id}"
        self._publish(
            Note(
                doc_id=draft.doc_id,
                title=draft.title,
                text=f"# {draft.title}\n\n{draft.text}",
                author=self._name_of(user),
                date=self._today().isoformat(),
                tags=tuple(draft.tags),
                type="case",
                visibility=visibility,
                group=draft.group,
                source=f"captured case {session_id}",
                source_id=draft.doc_id,
                owner=user,
            )
        )
        draft.status = "approved"
        return self._keep(self._session(user, session_id), draft)

    def delete(self, user: str, session_id: str) -> None:
        """Delete an interview and its draft (an approved note is withdrawn with `forget`)."""
        self._session(user, session_id)
        self._store.delete(CoachingSession, user, session_id)

    def _session(self, user: str, session_id: str) -> CoachingSession:
        """Return one of the user's own interviews (NotFoundError for anyone else's)."""
        session = self._sessions.get(user, session_id)
        if session.kind != KIND:
            raise NotFoundError(session_id)
        return session

    def _keep(self, session: CoachingSession, draft: CaseDraft) -> CaseDraft:
        draft.updated = now()
        session.state["draft"] = {k: v for k, v in vars(draft).items() if k != "session_id"}
        self._sessions.save(session)
        return draft

    def _reflect(self, session: CoachingSession, answer: str) -> tuple[str, str]:
        """Return a checked reflection of the answer: the model picks the clause, code words it."""
        given_back = list(session.state.get("given_back", []))
        parts = [c for c in candidates(answer) if not mentions_you(c) and told(c)]
        parts = sorted(parts, key=weight, reverse=True)
        error = ""
        if len(parts) > 1:
            shown = parts[:MAX_PARTS]
            listed = "\n".join(f"{n}. {p}" for n, p in enumerate(shown, 1))
            pick = {"type": "integer", "enum": list(range(1, len(shown) + 1))}
            prompt = self._prompts.render("capture_pick", answer=answer, parts=listed)
            try:
                chosen = shown[
                    int(
                        ask_json(self._chat, prompt, schema("pick", {"pick": pick}), max_tokens=20)[
                            "pick"
                        ]
                    )
                    - 1
                ]
                parts = [chosen, *[p for p in parts if p != chosen]]
            except CoachModelError as exc:
                error = str(exc)
        turn = int(session.state["step"]) - 1
        lowercase = set(re.findall(r"\b[a-z][a-z']+\b", answer))
        step = self.steps[min(int(session.state["step"]) - 1, len(self.steps) - 1)]
        reflected = step.thanks or NO_REFLECTION
        for clause in parts:
            if any(given_back_before(clause, old) for old in given_back):
                continue
            if len(clause.split()) > MAX_WORDS and len(trim_clause(clause, MAX_WORDS).split()) < 8:
                continue  # cutting it to fit would leave a fragment
            text = compose(clause, turn, lowercase)
            if not self._checker.defects(text, answer):
                reflected = text
                break
        session.state["given_back"] = [*given_back, reflected]
        return reflected, error

    def _draft(self, session: CoachingSession) -> CaseDraft:
        """Build the draft from the manager's words; the model only titles and tags it."""
        answers = {k: str(v) for k, v in session.state["answers"].items()}
        said = "\n".join(answers.values())
        title, tags = self._title_and_tags(said)
        names = {session.user, self._name_of(session.user), *self._known_names(), *names_in(said)}
        draft = CaseDraft(
            session.id,
            title=scrub(title or title_from(answers, self.steps), names, guess_names=False),
            text=scrub(note_text(answers, self.steps), names),
            tags=_tags(tags, self._known_tags(self._tags_in(said))),
            status="draft",
        )
        return self._keep(session, draft)

    def _title_and_tags(self, said: str) -> tuple[str, list[str]]:
        """Return the model's title and tags for the case ('' and [] when it cannot say)."""
        vocabulary = sorted(set(self._vocabulary()))
        tag = {"type": "string", "enum": vocabulary} if vocabulary else {"type": "string"}
        fmt = schema(
            "case_note",
            {
                "title": {"type": "string", "pattern": r"^[A-Z][^\"\\\n]{4,89}$"},
                "tags": {"type": "array", "maxItems": 3, "items": tag},
            },
        )
        prompt = self._prompts.render("capture_note", answers=said, tags=", ".join(vocabulary))
        try:
            data = ask_json(self._chat, prompt, fmt, max_tokens=80)
        except CoachModelError:
            return "", []
        title = " ".join(str(data["title"]).split()).strip(" .")
        if self._checker.defects(title + ".", said) or len(title.split()) > 14:
            title = ""  # a broken or rambling title: the manager's first sentence instead
        return title, self._known_tags(data["tags"])[:3]

    def _known_tags(self, tags: Iterable[str]) -> list[str]:
        """Return the tags that are in the vocabulary, in order, each once."""
        vocabulary = set(self._vocabulary())
        return [t for t in dict.fromkeys(str(t).strip() for t in tags) if t in vocabulary]


def _tags(chosen: list[str], matched: list[str]) -> list[str]:
    """Return up to three tags: the model's that the words bear out, then the words' own.

    A small model tags loosely ("onboarding" for a sales dispute); its choice counts when the
    manager's words also match the tag, or when the words match none.
    """
    confirmed = [t for t in chosen if t in matched] + [t for t in matched if t not in chosen]
    return (confirmed or chosen)[:3]
