"""Demo activity for `make run`: briefs, private journal entries and commitments of demo users."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.memory.records import CaseBrief, Commitment, JournalEntry
from assistant.memory.store import CoachStore, NotFoundError, now
from assistant.resources import demo_knowledge_dir

DEMO_ACTIVITY = demo_knowledge_dir() / "demo-activity.json"
STAGES = ("what", "so_what", "now_what")
TITLES = ("What?", "So what?", "Now what?")


def seed_demo_activity(store: CoachStore, path: Path = DEMO_ACTIVITY) -> int:
    """Add the demo activity that is missing (fixed ids, so a re-run adds nothing); return added."""
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for n, raw in enumerate(data["briefs"], start=1):
        brief = CaseBrief(
            f"cb-demo-{n:02d}",
            raw["user"],
            "",
            raw["protocol"],
            raw["situation"],
            raw["framing_question"],
            raw["tried"],
            raw["help_wanted"],
            created=now(),
            shared="yes" if raw["shared"] else "",
        )
        added += _add(store, brief)
    for n, raw in enumerate(data["journal"], start=1):
        entry = JournalEntry(
            f"je-demo-{n:02d}",
            raw["user"],
            "",
            "what-so-what-now-what",
            [
                {"stage": s, "title": t, "question": t, "answer": a}
                for s, t, a in zip(STAGES, TITLES, raw["answers"], strict=True)
            ],
            created=now(),
        )
        added += _add(store, entry)
        for m, what in enumerate(raw["commitments"], start=1):
            commitment = Commitment(
                f"cm-demo-{n:02d}-{m}", raw["user"], entry.id, what, created=now(), updated=now()
            )
            added += _add(store, commitment)
    return added


def _add(store: CoachStore, record: CaseBrief | JournalEntry | Commitment) -> int:
    try:
        store.get(type(record), record.user, record.id)
        return 0
    except NotFoundError:
        store.save(record)
        return 1
