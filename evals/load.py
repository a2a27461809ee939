"""A bounded load test: N signed-in users at once through gradio_client, on loopback."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from assistant.container import PeerCoach
from assistant.memory.records import CoachingSession
from assistant.people.directory import User
from evals.metrics import percentile

QUESTIONS = (
    "How do I help a team that keeps missing deadlines?",
    "How do I give feedback to a senior engineer?",
    "What helps a new manager delegate?",
)


@dataclass
class LoadReport:
    """Requests served, errors, latency per endpoint, and what was lost or mixed up."""

    users: int
    rounds: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # confirmed messages missing afterwards
    mixed: list[str] = field(default_factory=list)  # a user's words in another's history
    seconds: float = 0.0

    @property
    def served(self) -> int:
        """Return how many requests completed."""
        return sum(len(v) for v in self.latencies.values())

    def markdown(self) -> str:
        """Return the report as a markdown table."""
        lines = [
            f"Load: {self.users} users × {self.rounds} rounds on loopback in {self.seconds:.0f} s "
            f"— {self.served} requests served, {len(self.errors)} errors, "
            f"{len(self.lost)} lost writes, {len(self.mixed)} cross-user mix-ups.",
            "",
            "| endpoint | requests | p50 s | p95 s | max s |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, values in sorted(self.latencies.items()):
            lines.append(
                f"| {name} | {len(values)} | {percentile(values, 50):.2f} | "
                f"{percentile(values, 95):.2f} | {max(values):.2f} |"
            )
        lines += [f"- error: {e}" for e in self.errors[:10]]
        return "\n".join(lines) + "\n"


def run_load(coach: PeerCoach, url: str, *, users: int = 6, rounds: int = 3) -> LoadReport:
    """Sign in `users` load-test accounts and run `rounds` of prepare, find and journal each."""
    from gradio_client import Client

    accounts = []
    for n in range(users):
        name = f"load{n:02d}"
        if coach.users.get(name) is None:
            coach.users.add(User(name, f"Load User {n}", "Load"), f"{name}-password")
        accounts.append(name)
    report = LoadReport(users, rounds)
    confirmed: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()

    def timed(client: Any, name: str, *args: Any) -> Any:
        started = time.monotonic()
        try:
            result = client.predict(*args, api_name=f"/{name}")
        except Exception as exc:  # counted and reported: the load test is about errors too
            with lock:
                report.errors.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
            return None
        with lock:
            report.latencies[name].append(time.monotonic() - started)
        return result

    def user(name: str) -> None:
        client = Client(url, auth=(name, f"{name}-password"), verbose=False)
        timed(client, "prepare_new")
        for r in range(rounds):
            words = f"{name}-round{r}: my team keeps missing deadlines"
            if timed(client, "prepare", words, []) is not None:
                with lock:
                    confirmed[name].append(words)
            timed(client, "find_peers", QUESTIONS[r % len(QUESTIONS)], [], [], [], "")
            timed(client, "journal")

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(name,)) for name in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.monotonic() - started
    for name in accounts:
        said = " ".join(
            m["text"]
            for s in coach.journal.sessions(name)
            if isinstance(s, CoachingSession)
            for m in s.messages
            if m["role"] == "user"
        )
        report.lost += [f"{name}: {w}" for w in confirmed[name] if w not in said]
        report.mixed += [
            f"{other} in {name}" for other in accounts if other != name and f"{other}-round" in said
        ]
    return report
