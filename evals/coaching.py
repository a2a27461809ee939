"""Coaching evaluation: the coach's first reply to each opener, against a one-line baseline."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.coaching.checks import RULES
from assistant.container import PeerCoach, build_app
from assistant.settings import Settings
from evals.coaching_metrics import ReplyMetrics, measure, reply_checker, summarise
from evals.retrieval import read_jsonl

MODES = ("prepare", "reflect", "capture")


@dataclass
class CoachingRun:
    """Replies and behaviour metrics of one system (our coach or the baseline)."""

    name: str
    replies: list[dict[str, Any]]
    metrics: list[ReplyMetrics]

    def summary(self) -> dict[str, float]:
        """Return the aggregate behaviour."""
        return summarise(self.metrics, [r["seconds"] for r in self.replies])


def evaluate_coaching(
    scenarios: Path,
    *,
    mode: str = "prepare",
    baseline: bool = True,
    settings: Settings | None = None,
    on_reply: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, CoachingRun]:
    """Run the coach (and the baseline) on every scenario's opening text."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    rows = read_jsonl(scenarios, ["id", "text"])
    with tempfile.TemporaryDirectory(prefix="peercoach-coach-eval-") as tmp:
        base = settings or Settings()
        app = build_app(base.model_copy(update={"data_dir": Path(tmp) / "data"}))
        systems: dict[str, Callable[[str, str], str]] = {"coach": _coach(app, mode)}
        if baseline:
            systems["baseline"] = _baseline(app)
        runs = {name: CoachingRun(name, [], []) for name in systems}
        checker = reply_checker(app)
        for row in rows:
            for name, reply_to in systems.items():
                started = time.perf_counter()
                reply = reply_to(str(row["id"]), str(row["text"]))
                record = {
                    "id": row["id"],
                    "text": row["text"],
                    "reply": reply,
                    "seconds": round(time.perf_counter() - started, 2),
                }
                runs[name].replies.append(record)
                runs[name].metrics.append(measure(str(row["text"]), reply, checker))
                if on_reply:
                    on_reply(name, record)
    return runs


def _coach(app: PeerCoach, mode: str) -> Callable[[str, str], str]:
    def prepare(scenario_id: str, text: str) -> str:
        return app.prepare.start(f"eval-{scenario_id}", text).text

    def reflect(scenario_id: str, text: str) -> str:
        user = f"eval-{scenario_id}"
        return app.reflect.reply(user, app.reflect.start(user).session_id, text).text

    def capture(scenario_id: str, text: str) -> str:
        user = f"eval-{scenario_id}"
        return app.capture.reply(user, app.capture.start(user).session_id, text).text

    return {"prepare": prepare, "reflect": reflect, "capture": capture}[mode]


def _baseline(app: PeerCoach) -> Callable[[str, str], str]:
    system = SystemMessage(app.prompts.render("baseline_coach"))

    def reply(_: str, text: str) -> str:
        return app.chat.get().invoke([system, HumanMessage(text)]).text

    return reply


def format_summary(runs: dict[str, CoachingRun]) -> str:
    """Return a markdown table comparing the systems."""
    columns = [
        "clean",
        "one_question",
        "questions_per_reply",
        "open_share",
        "advice_share",
        "own_words",
        "words",
        "seconds",
    ]
    lines = ["| system | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for name, run in runs.items():
        summary = run.summary()
        lines.append(f"| {name} | " + " | ".join(f"{summary[c]:.2f}" for c in columns) + " |")
    lines += ["", "Defects (share of replies):", ""]
    lines += ["| system | " + " | ".join(RULES) + " |", "|---|" + "---|" * len(RULES)]
    for name, run in runs.items():
        summary = run.summary()
        lines.append(f"| {name} | " + " | ".join(f"{summary[r]:.2f}" for r in RULES) + " |")
    return "\n".join(lines)


def write_replies(run: CoachingRun, path: Path) -> None:
    """Write one JSON line per scenario: {id, text, reply, seconds}."""
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run.replies), encoding="utf-8"
    )
