"""A slow or hung model: every call ends by the timeout, with an answer; the message is kept."""

from __future__ import annotations

import time

import pytest

from assistant.container import build_app
from assistant.domain.notes import Note
from assistant.memory.records import CoachingSession
from tests.conftest import make_settings


@pytest.fixture
def slow_coach(tmp_path):
    coach = build_app(make_settings(tmp_path / "data", llm_timeout=1.0, embedding_provider="fake"))
    note = Note("kb/d.md", "Deadlines", "We missed deadlines and sliced the work.", "Bo")
    coach.ingest.ingest_notes([note])
    return coach


@pytest.mark.parametrize("pause", [1.5, 30.0])  # long gaps between words; hung before the first
def test_an_answer_arrives_by_the_timeout_with_sources(slow_coach, pause):
    slow_coach.chat.get().pause = pause
    started = time.monotonic()
    final = list(slow_coach.ask.stream("We keep missing deadlines, what helps?"))[-1]
    assert time.monotonic() - started < 3
    assert final.done
    assert "quiet for 1 s" in final.model_error
    assert [s.doc_id for s in final.sources] == ["kb/d.md"]
    assert "model is unavailable" in final.text
    assert slow_coach.chat.status == "unavailable"


def test_a_prepare_turn_ends_by_the_timeout_and_keeps_the_message(slow_coach):
    slow_coach.chat.get().pause = 30.0
    started = time.monotonic()
    turn = slow_coach.prepare.start("ana", "My team keeps missing deadlines.")
    assert time.monotonic() - started < 3.5  # one attempt, bounded
    assert "within 1 s" in turn.model_error
    assert turn.text.endswith("?")
    session = slow_coach.store.get(CoachingSession, "ana", turn.session_id)
    assert session.messages[0]["text"] == "My team keeps missing deadlines."


def test_a_model_that_keeps_talking_is_not_cut_off(slow_coach):
    slow_coach.chat.get().pause = 0.15  # ~20 words, 3 s in all: longer than the timeout
    final = list(slow_coach.ask.stream("We keep missing deadlines, what helps?"))[-1]
    assert final.model_error == ""
    assert final.cited
