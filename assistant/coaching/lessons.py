"""Lessons: with the author's consent, a journal entry becomes a shareable, attributed note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from assistant.coaching.calls import SENTENCE, ask_json, schema
from assistant.coaching.privacy import scrub
from assistant.compose.prompts import PromptLibrary
from assistant.domain.notes import VISIBILITIES, Note
from assistant.ingest.notes import parse_tags
from assistant.ingest.pipeline import IngestService
from assistant.memory.records import JournalEntry, Lesson
from assistant.memory.store import CoachStore, new_id, now
from assistant.models.chat import ChatModelHandle


class ConsentRequiredError(PermissionError):
    """A lesson is drafted from a private entry only when its author says yes."""


class LessonService:
    """Drafts a lesson from an entry, lets the author edit it, and shares it once approved."""

    def __init__(
        self,
        store: CoachStore,
        chat: ChatModelHandle,
        prompts: PromptLibrary,
        ingest: IngestService,
        known_names: Callable[[], Iterable[str]] = tuple,
        name_of: Callable[[str], str] = str,
        groups_of: Callable[[str], Iterable[str]] = lambda user: (),
        scrub_pii: bool = True,
    ) -> None:
        self._scrub_pii = scrub_pii  # names, emails and phone numbers out of drafts
        self._groups_of = groups_of  # username → the groups they may share a lesson with
        self._store = store
        self._chat = chat
        self._prompts = prompts
        self._ingest = ingest
        self._known_names = known_names
        self._name_of = name_of  # username → the name the lesson is attributed to

    def draft(self, user: str, entry_id: str, *, consent: bool) -> Lesson:
        """Return a draft lesson (scrubbed of names and contact details) for the author to edit."""
        if not consent:
            raise ConsentRequiredError("a lesson is drafted only with the author's consent")
        entry = self._store.get(JournalEntry, user, entry_id)
        answers = "\n".join(f"{a['title']} {a['answer']}" for a in entry.answers)
        fmt = schema(
            "lesson",
            {
                "title": {"type": "string", "pattern": r'^[^"\\\n]{5,90}$'},
                "lesson": {"type": "string", "pattern": SENTENCE.replace("400", "900")},
                "tags": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": {"type": "string", "pattern": "^[a-z][a-z-]{2,30}$"},
                },
            },
        )
        data = ask_json(
            self._chat, self._prompts.render("lesson_draft", answers=answers), fmt, max_tokens=400
        )
        title, text = str(data["title"]), str(data["lesson"])
        if self._scrub_pii:
            names = [user, self._name_of(user), *self._known_names()]
            title, text = scrub(title, names, guess_names=False), scrub(text, names)
        lesson = Lesson(
            new_id("ls"),
            user,
            entry.id,
            title,
            text,
            list(parse_tags(data["tags"])),
            created=now(),
            updated=now(),
        )
        self._store.save(lesson)
        return lesson

    def approve(
        self,
        user: str,
        lesson_id: str,
        *,
        title: str | None = None,
        text: str | None = None,
        visibility: str = "org",
        group: str = "",
    ) -> Lesson:
        """Save the author's final wording and ingest it as a note attributed to them."""
        lesson = self._store.get(Lesson, user, lesson_id)
        if visibility not in VISIBILITIES or visibility == "private":
            raise ValueError("a lesson is shared with the org or with a group")
        if visibility == "group" and not group:
            raise ValueError("name the group to share the lesson with")
        if visibility == "group" and group not in set(self._groups_of(user)):
            raise ValueError(f"you are not a member of the group {group!r}")
        lesson.title = (title or lesson.title).strip()
        lesson.text = (text or lesson.text).strip()
        if not lesson.title or not lesson.text:
            raise ValueError("a lesson needs a title and text")
        lesson.visibility, lesson.group = visibility, group
        lesson.doc_id = f"lessons/{user}/{lesson.id}"
        note = Note(
            doc_id=lesson.doc_id,
            title=lesson.title,
            text=lesson.text,
            author=self._name_of(user),
            date=dt.date.today().isoformat(),
            tags=tuple(lesson.tags),
            type="lesson",
            visibility=visibility,
            group=group,
            source=f"lesson {lesson.id}",
            source_id=lesson.doc_id,
            owner=user,
        )
        self._ingest.ingest_notes([note])
        lesson.status, lesson.updated = "approved", now()
        self._store.save(lesson)
        return lesson

    def discard(self, user: str, lesson_id: str) -> None:
        """Throw a draft away (an approved lesson is withdrawn with `peercoach forget`)."""
        lesson = self._store.get(Lesson, user, lesson_id)
        lesson.status, lesson.updated = "discarded", now()
        self._store.save(lesson)

    def lessons(self, user: str) -> list[Lesson]:
        """Return the author's lessons, newest first."""
        return self._store.find(Lesson, user)
