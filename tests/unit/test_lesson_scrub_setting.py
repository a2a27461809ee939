"""PII scrubbing of lesson drafts is on by default and can be switched off."""

from __future__ import annotations

import json

import pytest

from assistant.container import build_app
from assistant.memory.records import JournalEntry
from assistant.memory.store import new_id, now
from tests.conftest import make_settings

DRAFT = {
    "title": "Let the team own the estimate",
    "lesson": "I asked Marta Kowalski (marta@example.com) to estimate and the sprint held.",
    "tags": ["estimation"],
}


@pytest.mark.parametrize("scrub", [True, False])
def test_drafts_are_scrubbed_only_when_the_setting_says_so(tmp_path, scrub):
    coach = build_app(
        make_settings(tmp_path / "data", scrub_lessons=scrub, embedding_provider="fake")
    )
    said = [{"title": "What?", "answer": "Marta Kowalski, marta@example.com, estimated."}]
    entry = JournalEntry(new_id("je"), "ana", "", "gibbs", said)
    entry.created = now()
    coach.store.save(entry)
    coach.chat.get().enqueue(json.dumps(DRAFT))  # type: ignore[attr-defined]
    draft = coach.lessons.draft("ana", entry.id, consent=True)
    assert ("marta@example.com" in draft.text) is not scrub
    assert ("Marta Kowalski" in draft.text) is not scrub
