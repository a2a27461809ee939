"""Storage under stress: one writer per data dir, real crashes, backup round trip, user deletion."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from assistant.container import build_app
from assistant.memory.records import Commitment, JournalEntry
from assistant.memory.store import new_id, now
from assistant.people.directory import User
from assistant.people.groups import Group, GroupSession
from assistant.storage.backup import BackupError, backup, restore
from assistant.storage.lock import DataDirBusyError, hold_data_dir, release_data_dir
from tests.conftest import KNOWLEDGE, REPO, make_settings

pytestmark = pytest.mark.integration
CANARY = "CANARY-UMA-4471"


def child(code: str, data_dir: Path) -> subprocess.Popen[str]:
    """Start a Python process that builds the app on `data_dir` and runs `code`."""
    prelude = textwrap.dedent(f"""
        import sys, time
        from tests.conftest import make_settings
        from assistant.container import build_app
        coach = build_app(make_settings({str(data_dir)!r}))
        print("ready", flush=True)
    """)
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def wait_for(process: subprocess.Popen[str], line: str, timeout: float = 120) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        text = process.stdout.readline().strip()
        if not text and process.poll() is not None:
            raise AssertionError(f"child ended: {process.stderr.read() if process.stderr else ''}")
        seen.append(text)
        if text == line:
            return seen
    raise AssertionError(f"no {line!r} within {timeout}s; saw {seen[-5:]}")


def test_a_second_writer_process_is_refused_until_the_first_dies(tmp_path):
    data = tmp_path / "data"
    first = child("time.sleep(600)", data)
    try:
        wait_for(first, "ready")
        with pytest.raises(DataDirBusyError, match=f"pid {first.pid}"):
            hold_data_dir(data)
        cli = subprocess.run(
            [str(Path(sys.executable).with_name("peercoach")), "ingest", str(KNOWLEDGE)],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "PEERCOACH_DATA_DIR": str(data), "PEERCOACH_LLM_PROVIDER": "fake"},
        )
        assert cli.returncode == 1
        assert "in use by pid" in cli.stderr
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    hold_data_dir(data)  # the OS released the lock with the killed process
    release_data_dir(data)


def test_journal_entries_confirmed_before_a_kill_are_all_there(tmp_path):
    data = tmp_path / "data"
    writer = child(
        """
        from assistant.memory.records import JournalEntry
        from assistant.memory.store import new_id, now
        i = 0
        while True:
            answer = [{"stage": "what", "title": "What?", "question": "", "answer": "x" * 5000}]
            entry = JournalEntry(new_id("je"), "ana", "", "gibbs", answer, now())
            coach.store.save(entry)
            print("saved", entry.id, flush=True)
        """,
        data,
    )
    wait_for(writer, "ready")
    confirmed: list[str] = []
    assert writer.stdout is not None
    while len(confirmed) < 40:
        confirmed.append(writer.stdout.readline().split()[1])
    writer.send_signal(signal.SIGKILL)  # mid-write, most likely
    writer.wait()
    release_data_dir(data)
    with sqlite3.connect(data / "coach.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {e.id for e in build_app(make_settings(data)).journal.entries("ana")}
    assert set(confirmed) <= stored


def test_an_ingest_killed_midway_keeps_confirmed_files_and_a_rerun_completes(tmp_path):
    data = tmp_path / "data"
    worker = child(
        f"""
        from pathlib import Path
        coach.ingest.ingest_path(
            Path({str(KNOWLEDGE)!r}), on_file=lambda o: print("file", o.source_id, flush=True)
        )
        print("finished", flush=True)
        """,
        data,
    )
    wait_for(worker, "ready")
    assert worker.stdout is not None
    confirmed = [worker.stdout.readline().split()[1] for _ in range(3)]
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    coach = build_app(make_settings(data))
    for source in confirmed:
        assert coach.index.doc_ids_of_source(source), source
    report = coach.ingest.ingest_path(KNOWLEDGE)
    assert not report.skipped
    clean = build_app(make_settings(tmp_path / "clean"))
    clean.ingest.ingest_path(KNOWLEDGE)
    assert coach.index.count() == clean.index.count()  # one copy of every chunk, no more


def seeded(data: Path):
    coach = build_app(make_settings(data))
    coach.ingest.ingest_path(KNOWLEDGE)
    coach.users.add(User("ana", "Ana Lima", "Ops"), "ana-password-1")
    coach.groups.save(Group("leads", ("ana",)))
    entry = JournalEntry(new_id("je"), "ana", "", "gibbs", [{"answer": "kept"}], now())
    coach.store.save(entry)
    return coach, entry


def test_backup_and_restore_round_trip(tmp_path):
    coach, entry = seeded(tmp_path / "data")
    question = "How do I help a team that keeps missing deadlines?"
    before = [m.doc_id for m in coach.search.search(question, 5)]
    coach.groups.save(Group("leads", ("ana",), schedule=(GroupSession("2030-03-10 09:00"),)))
    coach.sessions.advance("ana", coach.sessions.open("ana", "leads").run.group)
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(coach.settings, archive)
    assert set(manifest["includes"]) == {"memory", "users", "groups", "index", "session runs"}

    restored_dir = tmp_path / "restored"
    restore(archive, restored_dir)
    again = build_app(make_settings(restored_dir))
    assert [m.doc_id for m in again.search.search(question, 5)] == before
    assert again.index.count() == coach.index.count()
    assert [e.id for e in again.journal.entries("ana")] == [entry.id]
    assert again.users.check("ana", "ana-password-1")
    assert again.access.groups_of("ana") == ["leads"]
    assert again.sessions.current("ana").run.step == 0  # the session being run

    with pytest.raises(BackupError, match="already holds data"):
        restore(archive, restored_dir)
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(KNOWLEDGE, arcname="data")
    with pytest.raises(BackupError, match="not a Peer Coach backup"):
        restore(bogus, tmp_path / "empty")


def test_restore_with_force_keeps_the_old_data_aside(tmp_path):
    coach, _ = seeded(tmp_path / "data")
    archive = tmp_path / "b.tar.gz"
    backup(coach.settings, archive)
    target = tmp_path / "other"
    other = build_app(make_settings(target))
    other.store.save(JournalEntry(new_id("je"), "zoe", "", "gibbs", [], now()))
    release_data_dir(target)
    manifest = restore(archive, target, force=True)
    aside = Path(manifest["kept_aside"])
    assert (aside / "coach.sqlite3").exists()
    assert build_app(make_settings(target)).journal.entries("zoe") == []


def test_export_then_delete_user_leaves_nothing_of_them_in_any_store(tmp_path):
    data = tmp_path / "data"
    coach, _ = seeded(data)
    coach.users.add(User("uma", "Uma Patel", "Finance"), "uma-password-1")
    coach.groups.add_members("leads", "uma")
    note = tmp_path / "uma-note.md"
    note.write_text(f"# Budget fights\nI ended budget fights with a shared sheet. {CANARY}\n")
    coach.library.upload("uma", "Uma Patel", [note], visibility="private")
    entry = JournalEntry(new_id("je"), "uma", "", "gibbs", [{"answer": CANARY}], now())
    coach.store.save(entry)
    coach.store.save(Commitment(new_id("cm"), "uma", entry.id, f"Call {CANARY}"))
    from assistant.memory.records import Lesson

    lesson = Lesson(new_id("ls"), "uma", entry.id, "Shared sheets", f"Share the sheet. {CANARY}")
    coach.store.save(lesson)
    coach.lessons.approve("uma", lesson.id)
    assert len(coach.userdata.notes("uma")) == 2

    archive = coach.userdata.export("uma", tmp_path / "uma.zip")
    with zipfile.ZipFile(archive) as zipped:
        assert CANARY in zipped.read("journal.json").decode()
        assert CANARY in zipped.read("commitments.json").decode()
        assert CANARY in zipped.read("lessons.json").decode()
        notes = [json.loads(line) for line in zipped.read("notes.jsonl").decode().splitlines()]
        assert {n["type"] for n in notes} == {"case", "lesson"}
        assert "hash" not in zipped.read("profile.json").decode()

    done = coach.userdata.delete("uma")
    assert done.sign_in_removed
    assert done.groups_left == 1
    assert not any(coach.store.records_of("uma").values())
    assert coach.index.collection.get(where={"owner": "uma"})["ids"] == []
    assert all(CANARY not in text for _, text, _ in coach.index.chunks())
    assert coach.users.get("uma") is None
    assert "uma" not in coach.groups.get("leads").members
    leftovers = [
        str(path.relative_to(data))
        for path in data.rglob("*")
        if path.is_file() and CANARY.encode() in path.read_bytes()
    ]
    assert leftovers == []
    # others are untouched
    assert coach.journal.entries("ana")
    assert coach.users.get("ana") is not None


def test_export_and_delete_user_cover_the_group_sessions_they_ran(tmp_path):
    from assistant.memory.records import CaseBrief
    from assistant.programme.session_run import SessionNote

    data = tmp_path / "data"
    coach, _ = seeded(data)
    when = (GroupSession("2030-03-10 09:00"),)
    coach.groups.save(Group("circle-u", ("uma", "ana", "bo"), schedule=when))
    coach.groups.save(Group("circle-v", ("ana", "uma", "cy"), schedule=when))
    brief = CaseBrief(new_id("cb"), "uma", "", "troika", f"Budget {CANARY}", "How?", "-", "-")
    coach.store.save(brief)
    coach.sessions.set_rotation("uma", "circle-u", ["uma", "ana", "bo"])
    coach.sessions.set_rotation("ana", "circle-v", ["ana", "uma", "cy"])
    mine = coach.sessions.open("uma", "circle-u").run
    assert mine.presenter == "uma"
    coach.sessions.share_brief("uma", "circle-u", brief.id)
    coach.sessions.draft_note("ana", "circle-u", SessionNote(f"Ask {CANARY}", "a, b", "c"))
    theirs = coach.sessions.open("ana", "circle-v").run
    assert theirs.facilitator == "uma"

    archive = coach.userdata.export("uma", tmp_path / "uma.zip")
    with zipfile.ZipFile(archive) as zipped:
        runs = json.loads(zipped.read("session-runs.json"))
    assert {(r["group"], r["presenter"]) for r in runs["runs"]} == {
        ("circle-u", "uma"), ("circle-v", "ana"),
    }  # fmt: skip
    assert CANARY in json.dumps(runs)
    assert set(runs["rotations"]) == {"circle-u", "circle-v"}

    coach.userdata.delete("uma")
    assert coach.sessions.current("ana") is not None  # ana's own session is still open
    left = json.loads(coach.settings.session_runs_path.read_text())
    assert [r["group"] for r in left["runs"].values()] == ["circle-v"]  # uma's case is gone
    [other] = left["runs"].values()
    assert (other["presenter"], other["facilitator"], other["timekeeper"]) == ("ana", "", "cy")
    assert all("uma" not in order for order in left["rotations"].values())
    assert not [p for p in data.rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()]
    assert b'"uma"' not in coach.settings.session_runs_path.read_bytes()
