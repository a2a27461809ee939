"""Running a group session: timed steps that survive a reload, roles, an approved note."""

import datetime as dt

import pytest

from assistant.memory.records import CaseBrief
from assistant.memory.store import NotFoundError
from assistant.people.groups import Group, GroupError, GroupSession
from assistant.programme.session_run import SessionNote, SessionRuns
from assistant.programme.session_runner import SessionRunner

pytestmark = pytest.mark.integration
WHEN = "2026-03-10 09:00"
QUESTION = "How do I tell a zeppelin-hangar lead that his night shift keeps skipping the checklist?"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(demo_app):
    demo_app.groups.save(
        Group("circle-1", ("amara", "kwame", "lukas"), protocol="troika-consulting",
              schedule=(GroupSession(WHEN), GroupSession("2026-03-24 09:00")))
    )  # fmt: skip
    return demo_app


def runner(app, clock):
    """A runner on the app's data, as a fresh process (or a reloaded page) would build it."""
    runs = SessionRuns(app.settings.data_dir / "session-runs.json")
    publish = lambda note: app.ingest.ingest_notes([note])  # noqa: E731
    return SessionRunner(
        app.groups, runs, app.store, publish, name_of=app.users.name_of, clock=clock
    )


def found(app, user, query=QUESTION):
    return [m.doc_id for m in app.search.search(query, 5, app.access.filters(user))]


def test_every_step_runs_with_a_countdown_that_survives_a_reload(app, clock):
    view = runner(app, clock).open("kwame", "circle-1")
    assert view.run.when == WHEN
    assert [s.minutes for s in view.steps] == [2, 2, 2, 4, 1, 18, 1]
    assert (view.run.presenter, view.run.facilitator, view.run.timekeeper) == (
        "amara", "kwame", "lukas",
    )  # fmt: skip
    for index, step in enumerate(view.steps):
        view = runner(app, clock).advance("lukas", "circle-1")
        assert view.run.step == index
        assert view.remaining == step.minutes * 60
        clock.now += dt.timedelta(seconds=30)
        reloaded = runner(app, clock).open("amara", "circle-1")  # a reload mid-step
        assert reloaded.run.step == index
        assert reloaded.remaining == step.minutes * 60 - 30
    done = runner(app, clock).advance("kwame", "circle-1")
    assert done.run.step == len(view.steps)
    assert done.remaining == 0
    with pytest.raises(GroupError, match="every step is done"):
        runner(app, clock).advance("kwame", "circle-1")


def test_only_members_open_and_the_group_changes_its_rotation(app, clock):
    sessions = runner(app, clock)
    with pytest.raises(GroupError, match="not a member"):
        sessions.open("hannah", "circle-1")
    with pytest.raises(GroupError, match="exactly once"):
        sessions.set_rotation("kwame", "circle-1", ["kwame", "lukas"])
    sessions.open("kwame", "circle-1")
    sessions.set_rotation("kwame", "circle-1", ["lukas", "amara", "kwame"])
    view = sessions.open("amara", "circle-1")
    assert (view.run.presenter, view.run.facilitator, view.run.timekeeper) == (
        "lukas", "amara", "kwame",
    )  # fmt: skip


def test_the_note_reaches_the_group_only_once_the_presenter_approves(app, clock):
    sessions = runner(app, clock)
    sessions.open("kwame", "circle-1")  # amara presents, kwame facilitates
    brief = CaseBrief("cb-1", "amara", "ps-1", "troika-consulting", "The night shift skips it.",
                      QUESTION, "Reminders.", "Ideas.")  # fmt: skip
    app.store.save(brief)
    with pytest.raises(GroupError, match="only the presenter"):
        sessions.share_brief("kwame", "circle-1", "cb-1")
    assert sessions.open("lukas", "circle-1").run.brief == {}  # not shared yet
    sessions.share_brief("amara", "circle-1", "cb-1")
    assert sessions.open("lukas", "circle-1").run.brief["framing_question"] == QUESTION

    draft = SessionNote(QUESTION, "Ask the lead to run the checklist with them once.",
                        "Walk the night shift with the lead on Thursday.")  # fmt: skip
    with pytest.raises(GroupError, match="facilitator drafts"):
        sessions.draft_note("lukas", "circle-1", draft)
    with pytest.raises(GroupError, match="not drafted"):
        sessions.approve_note("amara", "circle-1", draft)
    sessions.draft_note("kwame", "circle-1", draft)
    assert sessions.open("amara", "circle-1").run.note == draft  # the presenter reads it
    assert sessions.open("lukas", "circle-1").run.note == SessionNote()  # others do not
    for user in ("amara", "kwame", "lukas", "hannah"):
        assert not any(d.startswith("sessions/") for d in found(app, user))  # not yet
    with pytest.raises(GroupError, match="only the presenter approves"):
        sessions.approve_note("kwame", "circle-1", draft)

    trimmed = SessionNote(QUESTION, "", draft.next_step)  # the presenter removes the options
    view = sessions.approve_note("amara", "circle-1", trimmed)
    assert view.run.status == "approved"
    for member in ("amara", "kwame", "lukas"):
        assert view.run.doc_id in found(app, member)
    assert view.run.doc_id not in found(app, "hannah")  # not a member (nor an owner)
    hit = app.search.search(QUESTION, 1, app.access.filters("kwame"))[0]
    assert hit.metadata["type"] == "session-note"
    assert hit.metadata["author"] == app.users.name_of("amara")
    assert hit.metadata["date"] == "2026-03-10"
    assert "run the checklist with them once" not in hit.text
    peers = app.peers_account.account(QUESTION, app.access.filters("lukas"))
    assert app.users.name_of("amara") in [c.name for c in peers.colleagues]
    group = app.groups.get("circle-1")
    assert [s.status for s in group.schedule] == ["held", "planned"]
    mine = app.journal.commitments("amara")
    assert [c.what for c in mine] == [draft.next_step]
    assert app.journal.commitments("kwame") == []
    assert app.journal.commitments("lukas") == []
    with pytest.raises(NotFoundError):
        sessions.share_brief("kwame", "circle-1", "")  # the next session is not open yet
    nxt = sessions.open("kwame", "circle-1")
    assert nxt.run.when == "2026-03-24 09:00"
    assert nxt.run.presenter == "kwame"  # the rotation moves on after a held session
