"""Multi-turn coaching evaluation: scripted manager follow-ups, scored turn by turn."""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.container import PeerCoach, build_app
from assistant.settings import Settings
from evals.coaching_metrics import content_words, measure, reply_checker
from evals.retrieval import read_jsonl

CLOSING = ("ready", "ok")  # what the manager says after the follow-ups, in prepare


def evaluate_turns(
    scenarios: Path,
    *,
    mode: str = "prepare",
    settings: Settings | None = None,
    on_turn: Callable[[str, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Play each scenario's opening and follow-ups; return every turn with its scores."""
    if mode not in ("prepare", "reflect", "capture"):
        raise ValueError("mode must be prepare, reflect or capture")
    rows = read_jsonl(scenarios, ["id", "opening", "followups"])
    with tempfile.TemporaryDirectory(prefix="peercoach-turns-eval-") as tmp:
        base = settings or Settings()
        app = build_app(base.model_copy(update={"data_dir": Path(tmp) / "data"}))
        play = {"prepare": _prepare, "reflect": _reflect, "capture": _capture}[mode]
        results = []
        for row in rows:
            messages = [str(row["opening"]), *[str(f) for f in row["followups"]]]
            turns, result = play(app, f"eval-{row['id']}", messages)
            scored = score_turns(app, turns)
            for turn in scored:
                if on_turn:
                    on_turn(str(row["id"]), turn)
            results.append({"id": row["id"], "turns": scored, "result": result})
    return results


def _prepare(app: PeerCoach, user: str, messages: list[str]) -> tuple[list[dict], dict]:
    turns: list[dict[str, Any]] = []
    session = ""
    for message in [*messages, *CLOSING]:
        started = time.perf_counter()
        if session:
            turn = app.prepare.reply(user, session, message)
        else:
            turn = app.prepare.start(user, message)
        session = turn.session_id
        seconds = round(time.perf_counter() - started, 2)
        turns.append(
            {"message": message, "reply": turn.text, "stage": turn.stage, "seconds": seconds}
        )
        if turn.done:
            brief = turn.result
            return turns, {
                "protocol": brief.protocol,
                "situation": brief.situation,
                "tried": brief.tried,
                "help_wanted": brief.help_wanted,
                "framing_question": brief.framing_question,
                "third_person": bool(re.search(r"\bthe manager\b", str(vars(brief)), re.I)),
            }
    return turns, {}


def _reflect(app: PeerCoach, user: str, messages: list[str]) -> tuple[list[dict], dict]:
    session = app.reflect.start(user).session_id
    turns: list[dict[str, Any]] = []
    for message in messages:
        started = time.perf_counter()
        turn = app.reflect.reply(user, session, message)
        seconds = round(time.perf_counter() - started, 2)
        stage = "reflect" if not turn.done else "done"
        turns.append({"message": message, "reply": turn.text, "stage": stage, "seconds": seconds})
        if turn.done:
            found = app.journal.commitments(user)
            return turns, {"commitments": [{"what": c.what, "by_when": c.by_when} for c in found]}
    return turns, {}


def _capture(app: PeerCoach, user: str, messages: list[str]) -> tuple[list[dict], dict]:
    """Play a case interview; every coach turn (reflection and next question) is scored whole."""
    session = app.capture.start(user).session_id
    turns: list[dict[str, Any]] = []
    for message in messages:
        started = time.perf_counter()
        turn = app.capture.reply(user, session, message)
        seconds = round(time.perf_counter() - started, 2)
        turns.append(
            {"message": message, "reply": turn.text, "stage": "capture", "seconds": seconds}
        )
    draft = app.capture.finish(user, session)
    return turns, {"title": draft.title, "tags": draft.tags, "text": draft.text}


def score_turns(app: PeerCoach, turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the turns with clean, fresh and reflects-the-latest-message scores on coach turns."""
    checker = reply_checker(app)
    asked: list[str] = []
    said: list[str] = []
    for turn in turns:
        latest = turn["message"]
        if turn["stage"] in ("clarify", "reflect", "capture"):
            reply = (
                turn["reply"].split("\n\n**")[0] if turn["stage"] == "reflect" else turn["reply"]
            )
            metrics = measure("\n".join([*said, latest]), reply, checker, asked)
            questions = re.findall(r"[^.!?\n]*\?", reply)
            first = re.split(r"(?<=[.!])\s+", reply.strip())[0]
            earlier = content_words(" ".join(said))
            shared = content_words(first) & content_words(latest)
            turn.update(
                clean=metrics.clean,
                defects=list(metrics.defects),
                fresh=turn["stage"] == "reflect"
                or not (
                    questions
                    and checker.repeats(questions[-1].strip(), asked, "\n".join([*said, latest]))
                ),
                reflects=len(shared) >= 2 and bool(shared - earlier),
                questions=len(questions) if turn["stage"] != "reflect" else 1,
            )
            asked += [q.strip() for q in questions]
        said.append(latest)
    return turns


def summarise_turns(results: list[dict[str, Any]]) -> dict[str, float]:
    """Return the shares of coach turns that are clean, fresh, reflect the latest message."""
    turns = [t for r in results for t in r["turns"] if "clean" in t]
    n = len(turns) or 1
    good = [t for t in turns if t["clean"] and t["fresh"] and t["reflects"]]
    return {
        "turns": len(turns),
        "clean": sum(t["clean"] for t in turns) / n,
        "fresh": sum(t["fresh"] for t in turns) / n,
        "reflects_latest": sum(t["reflects"] for t in turns) / n,
        "all_three": len(good) / n,
        "one_question": sum(t["questions"] == 1 for t in turns) / n,
        "advice": sum("advice" in t["defects"] for t in turns) / n,
        "seconds": sum(t["seconds"] for t in turns) / n,
    }


def format_turns(results: list[dict[str, Any]]) -> str:
    """Return a markdown table of the multi-turn scores."""
    summary = summarise_turns(results)
    columns = list(summary)
    return "\n".join(
        [
            "| " + " | ".join(columns) + " |",
            "|" + "---|" * len(columns),
            "| " + " | ".join(f"{summary[c]:.2f}" for c in columns) + " |",
        ]
    )
