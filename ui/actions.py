"""What each button does: a thin call into the coach's services on behalf of the signed-in user."""

from __future__ import annotations

import logging
import queue
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.coaching.brief import brief_markdown as brief_export
from assistant.coaching.conversation import CoachTurn
from assistant.coaching.lessons import ConsentRequiredError
from assistant.container import PeerCoach
from assistant.ingest.library import NotYoursError
from assistant.memory.records import CaseBrief, CoachingSession, JournalEntry
from assistant.memory.store import NotFoundError
from ui import render

log = logging.getLogger(__name__)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Chat = list[dict[str, Any]]


def signed_in(request: gr.Request | None) -> str:
    """Return the signed-in username (from the login or the trusted proxy header)."""
    username = getattr(request, "username", None) if request is not None else None
    if not username:
        raise gr.Error("Please sign in first.")
    return str(username)


class Actions:
    """Every event handler of the app; each acts for the user who sent the request."""

    def __init__(self, coach: PeerCoach) -> None:
        self.coach = coach

    # --- header ---------------------------------------------------------------------------
    def whoami(self, request: gr.Request) -> str:
        """Return who is signed in, for the header."""
        user = signed_in(request)
        return f"Signed in as **{self.coach.users.name_of(user)}** ({user})"

    def status(self) -> str:
        """Return the model and knowledge status line."""
        return render.status_line(self.coach.chat, self.coach.index.count())

    # --- prepare --------------------------------------------------------------------------
    def prepare_restore(self, request: gr.Request) -> tuple[Chat, str, str, Any]:
        """Return the manager's latest prepare session, as it was left."""
        user = signed_in(request)
        session = self._latest(user, "prepare")
        if session is None:
            return [], "", "", gr.DownloadButton(visible=False)
        brief = self._brief_of(user, session)
        return (render.chat_messages(session.messages), session.id, *self._brief_outputs(brief))

    def prepare_new(self, request: gr.Request) -> tuple[Chat, str, str, Any]:
        """Clear the screen for a new prepare session (the old one stays in the journal)."""
        signed_in(request)
        return [], "", "", gr.DownloadButton(visible=False)

    def prepare_send(
        self, message: str, session_id: str, chat: Chat, request: gr.Request
    ) -> Iterator[tuple[str, Chat, str, str, Any]]:
        """Send the manager's message; show it at once, then the coach's reply."""
        user = signed_in(request)
        message = (message or "").strip()
        if not message:
            raise gr.Error("Type what is on your mind first.")
        shown = [*chat, {"role": "user", "content": message}]
        yield (
            "",
            [*shown, {"role": "assistant", "content": render.THINKING}],
            session_id,
            gr.skip(),
            gr.skip(),
        )

        def call(on_text: Callable[[str], None]) -> CoachTurn:
            if session_id:
                return self.coach.prepare.reply(user, session_id, message, on_text)
            return self.coach.prepare.start(user, message, on_text)

        turn = None
        for item in _live(call):
            if isinstance(item, str):  # the coach's words as they are written
                live = [*shown, {"role": "assistant", "content": item}]
                yield gr.skip(), live, session_id, gr.skip(), gr.skip()
            else:
                turn = item
        if turn is None:  # keep the manager's words in the box to send again
            yield message, chat, session_id, gr.skip(), gr.skip()
            return
        shown.append({"role": "assistant", "content": render.turn_markdown(turn)})
        brief = turn.result if isinstance(turn.result, CaseBrief) else None
        if brief is None:
            yield "", shown, turn.session_id, gr.skip(), gr.skip()
        else:
            yield "", shown, turn.session_id, *self._brief_outputs(brief)

    def brief_share(self, session_id: str, request: gr.Request) -> str:
        """Let the session's case brief count in the programme owner's themes (aggregates only)."""
        user = signed_in(request)
        try:  # only the session on screen: never a brief the manager cannot see right now
            session = (
                self.coach.store.get(CoachingSession, user, session_id) if session_id else None
            )
        except NotFoundError:
            session = None
        brief = self._brief_of(user, session) if session else None
        if brief is None:
            raise gr.Error("Finish a case brief first.")
        self.coach.prepare.share_brief(user, brief.id)
        return (
            "Counted: its themes join the programme's learning view, which shows only themes "
            f"{self.coach.settings.programme_min_people} or more people share. Your text and "
            "name are never shown."
        )

    def _brief_outputs(self, brief: CaseBrief | None) -> tuple[str, Any]:
        if brief is None:
            return "", gr.DownloadButton(visible=False)
        return render.brief_markdown(brief), gr.DownloadButton(
            value=export_file(brief_export(brief), f"case-brief-{brief.created[:10]}"),
            visible=True,
        )

    def _brief_of(self, user: str, session: CoachingSession) -> CaseBrief | None:
        brief_id = session.state.get("brief_id")
        if not brief_id:
            return None
        try:
            return self.coach.prepare.brief(user, str(brief_id))
        except NotFoundError:  # deleted since
            return None

    # --- reflect --------------------------------------------------------------------------
    def reflect_restore(self, request: gr.Request) -> tuple[Chat, str, str, Any]:
        """Return the manager's latest reflection, as it was left."""
        user = signed_in(request)
        session = self._latest(user, "reflect")
        if session is None:
            return [], "", "", gr.Group(visible=False)
        entry_id = str(session.state.get("entry_id", ""))
        return (
            render.chat_messages(session.messages),
            session.id,
            entry_id,
            gr.Group(visible=bool(entry_id)),
        )

    def reflect_start(self, framework: str, request: gr.Request) -> tuple[Chat, str, str, Any]:
        """Open a new reflection with the chosen framework's first question."""
        user = signed_in(request)
        turn = _guarded(lambda: self.coach.reflect.start(user, framework))
        if turn is None:
            return [], "", "", gr.Group(visible=False)
        chat = [{"role": "assistant", "content": render.turn_markdown(turn)}]
        return chat, turn.session_id, "", gr.Group(visible=False)

    def reflect_send(
        self, message: str, session_id: str, chat: Chat, framework: str, request: gr.Request
    ) -> Iterator[tuple[str, Chat, str, str, Any]]:
        """Record the manager's answer; the last stage saves the journal entry."""
        user = signed_in(request)
        message = (message or "").strip()
        if not message:
            raise gr.Error("Write your answer first.")
        if not session_id:  # typing straight away answers the first question of a new reflection
            chat, session_id, _, _ = self.reflect_start(framework, request)
        shown = [*chat, {"role": "user", "content": message}]
        pending = [*shown, {"role": "assistant", "content": render.THINKING}]
        yield "", pending, session_id, gr.skip(), gr.skip()
        turn = None
        for item in _live(
            lambda on_text: self.coach.reflect.reply(user, session_id, message, on_text)
        ):
            if isinstance(item, str):
                live = [*shown, {"role": "assistant", "content": item}]
                yield gr.skip(), live, session_id, gr.skip(), gr.skip()
            else:
                turn = item
        if turn is None:
            yield message, chat, session_id, gr.skip(), gr.skip()
            return
        shown.append({"role": "assistant", "content": render.turn_markdown(turn)})
        if isinstance(turn.result, JournalEntry):
            yield "", shown, session_id, turn.result.id, gr.Group(visible=True)
        else:
            yield "", shown, session_id, gr.skip(), gr.skip()

    def lesson_draft(
        self, entry_id: str, consent: bool, request: gr.Request
    ) -> tuple[str, str, str, Any]:
        """Draft a lesson from the entry, only with consent, for the author to edit."""
        user = signed_in(request)
        if not entry_id:
            raise gr.Error("Finish a reflection first.")
        if not consent:
            raise gr.Error("Tick the box to agree before a lesson is drafted.")
        try:
            lesson = self.coach.lessons.draft(user, entry_id, consent=consent)
        except (ConsentRequiredError, NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        except Exception as exc:  # the model failing must not lose the entry
            log.exception("lesson draft failed")
            raise gr.Error(f"The lesson could not be drafted now ({exc}). Try again.") from exc
        return lesson.id, lesson.title, lesson.text, gr.Group(visible=True)

    def lesson_share(
        self, lesson_id: str, title: str, text: str, share_to: str | None, request: gr.Request
    ) -> str:
        """Share the edited lesson with the organisation or one of the author's groups."""
        user = signed_in(request)
        if not lesson_id:
            raise gr.Error("Draft a lesson first.")
        visibility, group = parse_share_to(share_to or "org")
        try:
            lesson = self.coach.lessons.approve(
                user, lesson_id, title=title, text=text, visibility=visibility, group=group
            )
        except (NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        audience = f"the group {group}" if group else "the organisation"
        return f"Shared with {audience}: **{lesson.title}**, attributed to you."

    def share_choices(self, request: gr.Request) -> tuple[Any, Any]:
        """Return who the manager may share with: lessons (org, groups), uploads (+ only me)."""
        user = signed_in(request)
        groups = [(f"My group: {g}", f"group:{g}") for g in self.coach.access.groups_of(user)]
        org = [("The organisation", "org")]
        lessons = gr.Dropdown(choices=org + groups, value="org")
        return lessons, self.upload_choices(request)

    def upload_choices(self, request: gr.Request) -> Any:
        """Return where an upload may go (the current choice is kept): only me, groups, org."""
        user = signed_in(request)
        groups = [(f"My group: {g}", f"group:{g}") for g in self.coach.access.groups_of(user)]
        return gr.Dropdown(choices=[("Only me", "private"), *groups, ("The organisation", "org")])

    def lesson_discard(self, lesson_id: str, request: gr.Request) -> tuple[str, str, str, str]:
        """Throw the draft away."""
        user = signed_in(request)
        if lesson_id:
            _guarded(lambda: self.coach.lessons.discard(user, lesson_id))
        return "", "", "", "Draft discarded. Nothing was shared."

    # --- find peers -----------------------------------------------------------------------
    def facets(self, request: gr.Request) -> tuple[Any, Any]:
        """Return the team and tag choices for the search filters."""
        user = signed_in(request)
        teams, tags = self.coach.search.facets(self.coach.access.filters(user))
        return gr.Dropdown(choices=teams), gr.Dropdown(choices=tags)

    def find(
        self,
        question: str,
        teams: list[str] | None,
        tags: list[str] | None,
        types: list[str] | None,
        since: str,
        request: gr.Request,
    ) -> Iterator[tuple[str, str, str]]:
        """Find colleagues and notes on a problem, then stream a cited summary of what they know."""
        user = signed_in(request)
        question = (question or "").strip()
        if not question:
            raise gr.Error("Describe the problem you want help with.")
        since = (since or "").strip()
        if since and not DATE.match(since):
            raise gr.Error("Write the date as YYYY-MM-DD, or leave it empty.")
        filters = self.coach.access.filters(
            user,
            teams=tuple(teams or ()),
            tags=tuple(tags or ()),
            types=tuple(types or ()),
            since=since,
        )
        me = self.coach.users.name_of(user)
        peers = self.coach.peers.find(question, 5, filters, exclude=me)
        notes = self.coach.search.search(question, 8, filters)
        peers_md, notes_md = render.peers_markdown(peers), render.notes_markdown(notes)
        yield render.THINKING, peers_md, notes_md
        for reply in self.coach.ask.stream(question, filters=filters):
            yield render.reply_markdown(reply), peers_md, notes_md

    # --- my journal -----------------------------------------------------------------------
    def journal(self, request: gr.Request) -> tuple[Any, Any, list[list[str]], Any, str]:
        """Return the manager's entries, commitments, briefs and lessons."""
        user = signed_in(request)
        entries = [(render.entry_label(e), e.id) for e in self.coach.journal.entries(user)]
        commitments = self.coach.journal.commitments(user)
        briefs = [(render.brief_label(b), b.id) for b in self.coach.prepare.briefs(user)]
        return (
            gr.Dropdown(choices=entries, value=None),
            gr.Dropdown(
                choices=[(c.what[:90], c.id) for c in commitments if c.status == "open"],
                value=None,
            ),
            render.commitment_rows(commitments),
            gr.Dropdown(choices=briefs, value=None),
            render.lessons_markdown(self.coach.journal.lessons(user)),
        )

    def journal_open(self, entry_id: str | None, request: gr.Request) -> str:
        """Return one of the manager's entries to read."""
        user = signed_in(request)
        if not entry_id:
            return ""
        try:
            return render.entry_view(self.coach.journal.entry(user, entry_id))
        except NotFoundError as exc:
            raise gr.Error("That entry is not in your journal.") from exc

    def journal_delete(
        self, entry_id: str | None, confirm: bool, request: gr.Request
    ) -> tuple[Any, Any, list[list[str]], Any, str, str, bool]:
        """Delete an entry with its commitments and unshared drafts, once confirmed."""
        user = signed_in(request)
        if not entry_id:
            raise gr.Error("Choose an entry first.")
        if not confirm:
            raise gr.Error("Tick 'Yes, delete it' to confirm.")
        try:
            self.coach.journal.delete(user, entry_id)
        except NotFoundError as exc:
            raise gr.Error("That entry is not in your journal.") from exc
        return (*self.journal(request), "Entry deleted.", False)

    def commitment_mark(
        self, commitment_id: str | None, status: str, request: gr.Request
    ) -> tuple[Any, Any, list[list[str]], Any, str]:
        """Mark an open commitment done or dropped."""
        user = signed_in(request)
        if not commitment_id:
            raise gr.Error("Choose a commitment first.")
        try:
            self.coach.journal.mark(user, commitment_id, status)
        except (NotFoundError, ValueError) as exc:
            raise gr.Error(str(exc)) from exc
        return self.journal(request)

    def brief_open(self, brief_id: str | None, request: gr.Request) -> tuple[str, Any]:
        """Return one of the manager's case briefs, with its export."""
        user = signed_in(request)
        if not brief_id:
            return "", gr.DownloadButton(visible=False)
        try:
            return self._brief_outputs(self.coach.prepare.brief(user, brief_id))
        except NotFoundError as exc:
            raise gr.Error("That brief is not yours.") from exc

    def export_mine(self, request: gr.Request) -> Any:
        """Return a zip of everything the manager has in Peer Coach, to download."""
        user = signed_in(request)
        folder = Path(tempfile.mkdtemp(prefix="peercoach-export-"))
        path = self.coach.userdata.export(user, folder / f"{user}-peercoach-export.zip")
        return gr.DownloadButton(value=str(path), visible=True)

    # --- knowledge ------------------------------------------------------------------------
    def knowledge(self, request: gr.Request) -> tuple[list[list[Any]], Any]:
        """Return the notes the manager owns."""
        user = signed_in(request)
        notes = self.coach.library.mine(user)
        choices = [(f"{n['title']} ({n['source_id']})", str(n["doc_id"])) for n in notes]
        return render.owned_rows(notes), gr.Dropdown(choices=choices, value=None)

    def upload(
        self,
        files: list[str] | None,
        share_to: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008  # how Gradio injects progress
    ) -> tuple[str, list[list[Any]], Any]:
        """Ingest uploaded files as the manager's notes; report each file's outcome."""
        user = signed_in(request)
        if not files:
            raise gr.Error("Choose one or more files first.")
        me = self.coach.users.get(user)
        paths = [Path(f) for f in files]
        visibility, group = parse_share_to(share_to or "org")

        def report(fraction: float, name: str) -> None:
            progress(fraction, desc=f"Indexing {name}" if name else "Done")

        try:
            result = self.coach.library.upload(
                user,
                me.name if me else user,
                paths,
                team=me.team if me else "",
                visibility=visibility,
                group=group,
                on_progress=report,
            )
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        lines = [f"**{result.summary()}**", ""]
        for outcome in result.files:
            detail = outcome.reason or f"{outcome.notes} notes, {outcome.chunks} chunks"
            if outcome.neutralised:
                detail += f"; {outcome.neutralised} passages addressed to the AI were removed"
            lines.append(f"- `{outcome.path.name}`: {outcome.status} — {detail}")
            lines += [f"  - skipped record: {p}" for p in outcome.problems]
        return ("\n".join(lines), *self.knowledge(request))

    def forget(self, doc_id: str | None, request: gr.Request) -> tuple[str, list[list[Any]], Any]:
        """Forget one of the manager's own notes."""
        user = signed_in(request)
        if not doc_id:
            raise gr.Error("Choose one of your notes first.")
        try:
            removed = self.coach.library.forget(user, doc_id)
        except NotYoursError as exc:
            raise gr.Error(str(exc)) from exc
        return (f"Forgotten ({removed} chunks removed).", *self.knowledge(request))

    def verify_mine(
        self, doc_id: str | None, request: gr.Request
    ) -> tuple[str, list[list[Any]], Any]:
        """Mark one of the manager's own notes as checked today (citations then say verified)."""
        user = signed_in(request)
        if not doc_id:
            raise gr.Error("Choose one of your notes first.")
        if doc_id not in {str(n["doc_id"]) for n in self.coach.library.mine(user)}:
            raise gr.Error("That note is not yours to verify.")
        dates = self.coach.programme.verify(user, doc_id)
        return (
            f"Verified today; due for review again by {dates['review_by']}.",
            *self.knowledge(request),
        )

    # --- helpers --------------------------------------------------------------------------
    def _latest(self, user: str, kind: str) -> CoachingSession | None:
        return next((s for s in self.coach.journal.sessions(user) if s.kind == kind), None)


def parse_share_to(value: str) -> tuple[str, str]:
    """Return (visibility, group) from a share choice: `org`, `private` or `group:<name>`."""
    if value.startswith("group:"):
        return "group", value.removeprefix("group:")
    if value in ("org", "private"):
        return value, ""
    raise gr.Error(f"Share with the organisation, one of your groups or only you (not {value!r}).")


def _live(call: Callable[[Callable[[str], None]], CoachTurn]) -> Iterator[str | CoachTurn | None]:
    """Run a coach call in a worker; yield its text as it is written, then the turn.

    The last item is the turn, or None when the call failed (the failure is shown the same way
    `_guarded` shows it, from the request's own thread).
    """
    heard: queue.Queue[str] = queue.Queue()
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(call(heard.put))
        except BaseException as exc:  # handed back to the request's thread below
            outcome.append(exc)

    worker = threading.Thread(target=work, name="coach-turn", daemon=True)
    worker.start()
    while worker.is_alive() or not heard.empty():
        latest = None
        try:
            latest = heard.get(timeout=0.1)
            while not heard.empty():  # only the newest text matters
                latest = heard.get_nowait()
        except queue.Empty:
            continue
        yield latest
    result = outcome[0] if outcome else None
    if isinstance(result, BaseException):
        failure = result
        yield _guarded(lambda: _raise(failure))
    else:
        yield result


def _raise(exc: BaseException) -> Any:
    raise exc


def _guarded(call: Callable[[], Any]) -> Any:
    """Run a service call; show a clear message (and return None) when it fails."""
    try:
        return call()
    except NotFoundError:
        gr.Warning("That session is no longer there. Start a new one.")
    except ValueError as exc:
        gr.Warning(str(exc))
    except Exception as exc:  # never an error page: say what happened, keep what was typed
        log.exception("coach call failed")
        gr.Warning(f"Something went wrong ({type(exc).__name__}). Your message is kept; try again.")
    return None


def export_file(text: str, stem: str) -> str:
    """Write an export to a fresh private folder and return its path for a download button."""
    folder = Path(tempfile.mkdtemp(prefix="peercoach-export-"))
    path = folder / f"{stem or 'export'}.md"
    path.write_text(text, encoding="utf-8")
    return str(path)
