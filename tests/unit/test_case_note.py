"""Case notes and session runs in code: steps, titles, tags, names, the clock, shown as text."""

import datetime as dt

from assistant.coaching.capture import _tags
from assistant.coaching.case_note import (
    PARTS,
    CaseDraft,
    fallback_title,
    interview_steps,
    note_text,
    told,
)
from assistant.coaching.privacy import names_in, scrub
from assistant.coaching.protocols import protocols
from assistant.programme.session_run import SessionNote, SessionRun, protocol_steps
from assistant.programme.session_runner import SessionView
from ui.tabs.session_run import countdown, header

PAYLOAD = "Deadlines ![ ](/logout) <img src=x> [Reset](http://evil.example)"


def test_the_interview_follows_the_critical_decision_method_in_order():
    steps = interview_steps()
    assert [s.key for s in steps] == [
        "what_happened", "decisions", "noticed", "options", "did", "outcome", "again", "tell_peer",
    ]  # fmt: skip
    assert {s.part for s in steps} == set(PARTS)
    assert all(s.question.endswith("?") and s.question.count("?") == 1 for s in steps)


def test_the_note_is_the_managers_words_under_the_knowledge_base_headings():
    steps = interview_steps()
    text = note_text({"what_happened": "It slipped.", "tell_peer": "Ask early."}, steps)
    assert text == "## The situation\n\nIt slipped.\n\n## What I learned\n\nAsk early."
    assert fallback_title({"what_happened": "The launch slipped by a month and a"}, steps) == (
        "The launch slipped by a month"
    )
    assert CaseDraft.of({}, "cs-1").status == "interview"


def test_imperatives_are_not_reflected_and_names_are_found_in_runs():
    assert told("I asked him on a walk")
    assert told("Tobias went quiet")
    assert not told("Ask about the person first")
    found = names_in("Over six weeks Tobias Brenner went quiet. Then Priya left on Monday.")
    assert {"Tobias Brenner", "Priya"} <= found
    assert "Monday" not in found
    assert scrub("Then Tobias Brenner went quiet.", found) == "Then a colleague went quiet."


def test_tags_the_words_bear_out_come_first():
    assert _tags(["onboarding", "conflict"], ["conflict", "trust"]) == ["conflict", "trust"]
    assert _tags(["onboarding"], []) == ["onboarding"]  # the words match nothing: the model's


def test_protocol_steps_and_the_countdown_from_when_the_step_began():
    steps = protocol_steps(protocols()["consultancy-protocol"])
    assert [(s.title, s.minutes) for s in steps][:2] == [
        ("Presentation", 5), ("Clarifying questions", 5),
    ]  # fmt: skip
    begun = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    run = SessionRun("c", "2026-03-10 09:00", "consultancy-protocol", "a", "b", "c", step=0,
                     step_started=begun.isoformat())  # fmt: skip
    assert run.remaining(steps, begun + dt.timedelta(seconds=90)) == 210
    view = SessionView(run, steps, -75, ["a", "b", "c"], {"a": PAYLOAD}, False)
    assert countdown(view) == "**Step 1 of 6 · Presentation**: over by 1:15"


def test_user_text_in_the_session_header_is_shown_as_text():
    run = SessionRun(PAYLOAD, "2026-03-10 09:00", "grow", "a", "b", "c", note=SessionNote())
    shown = header(SessionView(run, [], 0, ["a"], {"a": PAYLOAD}, False))
    for live in ("![", "<img", "](http", "[Reset]"):
        assert live not in shown
