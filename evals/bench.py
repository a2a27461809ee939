"""Benchmarks: model latency, ingest throughput, search latency at scale, memory, cold start.

Every figure is a median (or percentile) over several runs, and every ratio is measured in the
same run as what it is compared with. `peercoach eval bench` / `make bench` writes BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.ask import Reply
from assistant.container import PeerCoach, build_app
from assistant.domain.chunks import Chunk, chunk_id
from assistant.domain.metadata import chunk_metadata
from assistant.domain.notes import Note
from assistant.domain.turns import Turn
from assistant.index.chroma_store import note_fingerprint
from assistant.people.groups import Group
from assistant.resources import demo_knowledge_dir
from assistant.settings import Settings
from evals.dev_corpus import DEV_DIR
from evals.metrics import percentile
from evals.retrieval import read_jsonl

KNOWLEDGE = demo_knowledge_dir()
QUERIES = DEV_DIR / "dev-queries.jsonl"
CORPUS = DEV_DIR / "dev-corpus.jsonl"
CONVERSATIONS = (
    (
        "My team keeps missing deadlines. What did others try?",
        "What did they do when stakeholders still pushed for a fixed date?",
    ),
    (
        "A senior engineer dismisses feedback from juniors. How did colleagues handle that?",
        "And how did they follow up after the first conversation?",
    ),
    (
        "How did others onboard a new manager who was promoted from the team?",
        "What went wrong for them in the first month?",
    ),
)


@dataclass
class Bench:
    """Every measured figure, with its target and verdict, in report order."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # what, value, target, ok
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, value: str, target: str = "", met: bool | None = None) -> None:
        """Record one figure."""
        verdict = "" if met is None else ("met" if met else "**not met**")
        self.rows.append((what, value, target, verdict))

    def markdown(self) -> str:
        """Return BENCHMARKS.md."""
        lines = [
            "# Benchmarks",
            "",
            f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M')} — {machine()}.",
            "Medians of several runs unless a percentile is named; ratios come from the same run.",
            "",
            "| figure | value | target | verdict |",
            "|---|---:|---|---|",
        ]
        lines += [f"| {w} | {v} | {t} | {ok} |" for w, v, t, ok in self.rows]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def machine() -> str:
    """Return a one-line description of this machine."""
    cores = len(os.sched_getaffinity(0))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.processor() or platform.machine()}, {cores} cores, {memory:.1f} GiB RAM"


# --- the model -----------------------------------------------------------------------------
def timed_stream(coach: PeerCoach, question: str, history: list[Turn]) -> dict[str, Any]:
    """Ask once; return seconds to the first visible text, to the end, and tokens per second."""
    started = time.monotonic()
    first = 0.0
    final: Reply | None = None
    for reply in coach.ask.stream(question, history, filters=coach.access.filters("bench")):
        if reply.text and not first:
            first = time.monotonic() - started
        final = reply
    total = time.monotonic() - started
    assert final is not None
    if final.model_error:
        raise RuntimeError(f"the model failed during the benchmark: {final.model_error}")
    tokens = _tokens(coach, final.text)
    generating = max(total - first, 1e-6)
    return {"first": first, "total": total, "tokens_per_s": tokens / generating, "text": final.text}


def _tokens(coach: PeerCoach, text: str) -> int:
    from assistant.tokens import TokenCounter

    return TokenCounter(coach.settings.tokenizer).count(text)


PREPARE_TURNS = (
    "Two senior agents keep escalating every tricky ticket to me instead of deciding.",
    "It started after we had one bad refund decision last quarter.",
    "I told them I trust them, but nothing changed.",
)


def bench_prepare(coach: PeerCoach, bench: Bench, say: Callable[[str], None]) -> None:
    """A prepare conversation: first visible words and the whole turn, first vs later turns."""
    firsts: list[float] = []
    laters: list[float] = []
    first_turns: list[float] = []
    later_turns: list[float] = []
    for run in range(3):
        user = f"bench-prepare-{run}"
        turn = None
        for n, message in enumerate(PREPARE_TURNS):
            heard: list[float] = []
            started = time.monotonic()

            def on_text(text: str, heard: list[float] = heard, started: float = started) -> None:
                if not heard:
                    heard.append(time.monotonic() - started)

            turn = (
                coach.prepare.start(user, message, on_text)
                if turn is None
                else coach.prepare.reply(user, turn.session_id, message, on_text)
            )
            took = time.monotonic() - started
            if turn.model_error:
                raise RuntimeError(f"the model failed during the benchmark: {turn.model_error}")
            shown = heard[0] if heard else took
            (firsts if n == 0 else laters).append(shown)
            (first_turns if n == 0 else later_turns).append(took)
        say(f"  prepare run {run}: first words {firsts[-1]:.1f}s, later {laters[-2:]}")
    warm = statistics.median(laters)
    bench.add(
        "prepare, first turn: first words shown / whole turn",
        f"{statistics.median(firsts):.1f} s / {statistics.median(first_turns):.1f} s",
    )
    bench.add("prepare, warm later turn: first words shown", f"{warm:.1f} s", "<= 2 s", warm <= 2)
    bench.add("prepare, warm later turn: whole turn", f"{statistics.median(later_turns):.1f} s")


def bench_model(settings: Settings, bench: Bench, say: Callable[[str], None]) -> PeerCoach:
    """Time to first token and tokens/s: a first turn and a warm follow-up, several times."""
    coach = build_app(settings)
    coach.ingest.ingest_path(KNOWLEDGE)
    started = time.monotonic()
    coach.ask.warm_up()
    bench.add(
        "model start-up and prefix warm-up (once per process)",
        f"{time.monotonic() - started:.1f} s",
    )
    firsts, follow_ups, speeds = [], [], []
    for opening, follow_up in CONVERSATIONS:
        one = timed_stream(coach, opening, [])
        history = [Turn("user", opening), Turn("assistant", str(one["text"]))]
        two = timed_stream(coach, follow_up, history)
        firsts.append(one["first"])
        follow_ups.append(two["first"])
        speeds += [one["tokens_per_s"], two["tokens_per_s"]]
        say(f"  model: first {one['first']:.1f}s, follow-up {two['first']:.1f}s")
    first, warm = statistics.median(firsts), statistics.median(follow_ups)
    bench.add("Find peers answer: first visible text, first question", f"{first:.1f} s")
    bench.add("Find peers answer: first visible text, warm follow-up", f"{warm:.1f} s")
    bench.add(
        "generation speed (tokens of the rendered answer / s)",
        f"{statistics.median(speeds):.1f} tok/s",
    )
    bench_prepare(coach, bench, say)
    bench_find_peers(coach, bench, say)
    return coach


FIND_PEERS_PROBLEMS = (
    "Two people on my team compete for the same promotion and stopped sharing information",
    "My team keeps missing deadlines",
    "One of my team leads is burning out but won't say so",
    "Stakeholders keep adding urgent requests to my team's backlog",
    "I was promoted and now manage my former peers",
)


def bench_find_peers(coach: PeerCoach, bench: Bench, say: Callable[[str], None]) -> None:
    """Find peers as the tab runs it: quotes shown first (no model), then the checked summary."""
    started = time.monotonic()
    sentences = coach.peers_account.warm_up()
    bench.add(
        f"Find peers: sentence vectors of the demo notes at start-up ({sentences} sentences, "
        "in the background)",
        f"{time.monotonic() - started:.1f} s",
    )
    filters = coach.access.filters("bench")
    quotes, complete, kept = [], [], 0
    for problem in FIND_PEERS_PROBLEMS:
        started = time.monotonic()
        account = coach.peers_account.account(problem, filters)
        quotes.append(time.monotonic() - started)
        if coach.synthesis is not None:
            kept += bool(coach.synthesis.summarise(account).text)
        complete.append(time.monotonic() - started)
        say(f"  find peers: quotes {quotes[-1]:.2f}s, complete {complete[-1]:.1f}s")
    first = statistics.median(quotes)
    bench.add("Find peers: first quote visible (warm)", f"{first:.2f} s", "<= 2 s", first <= 2)
    shown = (
        f"{kept}/{len(FIND_PEERS_PROBLEMS)} summaries kept"
        if coach.synthesis is not None
        else "summary off for this model, PEERCOACH_FIND_PEERS_SYNTHESIS=auto"
    )
    bench.add(
        "Find peers: first complete account, quotes + checked summary (warm)",
        f"{statistics.median(complete):.2f} s ({shown})",
    )


# --- ingest --------------------------------------------------------------------------------
def bench_ingest(settings: Settings, bench: Bench, say: Callable[[str], None], copies: int = 2):
    """Ingest throughput in chunks/s against the raw embedder's throughput on the same texts."""
    records = read_jsonl(CORPUS, ["id", "text", "author"])
    notes = [
        Note(
            f"bench/{n}/{r['id']}",
            str(r.get("title") or r["id"]),
            f"{r['text']}\n(copy {n})",
            str(r["author"]),
            team=str(r.get("team", "")),
        )
        for n in range(copies)
        for r in records
    ]
    coach = build_app(settings.model_copy(update={"data_dir": settings.data_dir / "ingest"}))
    chunks = [c for note in notes for c in coach.ingest.chunker.split(note)]
    texts = [f"{note.title}\n{c.text}" for note in notes for c in coach.ingest.chunker.split(note)]
    ratios, pipeline_rates, raw_rates = [], [], []
    for attempt in range(3):
        started = time.monotonic()
        coach.index.embeddings.embed_documents(texts)
        raw = len(texts) / (time.monotonic() - started)
        fresh = build_app(
            settings.model_copy(update={"data_dir": settings.data_dir / f"ingest-{attempt}"})
        )
        started = time.monotonic()
        fresh.ingest.ingest_notes(notes)
        rate = len(chunks) / (time.monotonic() - started)
        ratios.append(rate / raw)
        pipeline_rates.append(rate)
        raw_rates.append(raw)
        say(f"  ingest: {rate:.0f} chunks/s vs embedder {raw:.0f}/s")
    started = time.monotonic()
    unchanged = fresh.ingest.ingest_notes(notes)
    rerun = time.monotonic() - started
    ratio = statistics.median(ratios)
    bench.add(
        f"ingest throughput ({len(chunks)} chunks)",
        f"{statistics.median(pipeline_rates):.0f} chunks/s",
    )
    bench.add("raw embedder on the same texts", f"{statistics.median(raw_rates):.0f} chunks/s")
    bench.add("ingest / raw embedder", f"{ratio:.0%}", ">= 80%", ratio >= 0.8)
    bench.add(
        "re-ingest of unchanged notes (nothing re-embedded)",
        f"{rerun:.1f} s ({sum(r.unchanged for r in unchanged)} of {len(notes)} unchanged)",
    )


# --- search at scale -----------------------------------------------------------------------
def bench_search(
    settings: Settings,
    bench: Bench,
    say: Callable[[str], None],
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000),
) -> PeerCoach | None:
    """Search latency p50/p95 with access control on, dense and hybrid, as the index grows."""
    coach = build_app(settings.model_copy(update={"data_dir": settings.data_dir / "search"}))
    coach.groups.save(Group("platform-leads", ("bench",)))
    coach.groups.save(Group("sales-leads", ("someone-else",)))
    records = read_jsonl(CORPUS, ["id", "text", "author"])
    base_notes = [
        Note(
            f"kb/{r['id']}",
            str(r.get("title") or r["id"]),
            str(r["text"]),
            str(r["author"]),
            team=str(r.get("team", "")),
        )
        for r in records
    ]
    base = [c for note in base_notes for c in coach.ingest.chunker.split(note)]
    vectors = np.asarray(
        coach.index.embeddings.embed_documents([c.text for c in base]), dtype=np.float32
    )
    queries = [str(q["text"]) for q in read_jsonl(QUERIES, ["id", "text"])]
    filters = coach.access.filters("bench")
    embed_times, query_vectors = [], []
    for q in queries:
        started = time.monotonic()
        query_vectors.append(coach.index.embeddings.embed_query(q))
        embed_times.append((time.monotonic() - started) * 1000)
    bench.add(
        "query embedding (MiniLM int8, CPU) p50 / p95, not included below",
        f"{percentile(embed_times, 50):.0f} / {percentile(embed_times, 95):.0f} ms",
    )
    rng = random.Random(7)
    noise = np.random.default_rng(7)
    words = " ".join(c.text for c in base).split()
    written = 0
    last = None
    for size in sizes:
        batch_ids, batch_vecs, batch_docs, batch_meta = [], [], [], []
        while written < size:
            i = written % len(base)
            scope = rng.random()
            visibility, group, owner = (
                ("org", "", "")
                if scope < 0.8
                else ("group", rng.choice(["platform-leads", "sales-leads"]), "")
                if scope < 0.9
                else ("private", "", rng.choice(["bench", "someone-else"]))
            )
            note = Note(
                f"synthetic/{written}",
                base_notes[0].title,
                base[i].text,
                "Synthetic",
                team=rng.choice(["Sales", "Platform", "Ops"]),
                visibility=visibility,
                group=group,
                owner=owner,
                date="2026-01-01",
            )
            text = " ".join(rng.sample(words, 60))
            chunk = Chunk(chunk_id(note.doc_id, 0, text), note.doc_id, 0, text)
            vector = vectors[i] + np.asarray(noise.normal(0, 0.02, vectors.shape[1]), np.float32)
            batch_ids.append(chunk.chunk_id)
            batch_vecs.append((vector / np.linalg.norm(vector)).tolist())
            batch_docs.append(text)
            batch_meta.append(chunk_metadata(note, chunk, note_fingerprint(note)))
            written += 1
            if len(batch_ids) >= 5000 or written == size:
                coach.index.upsert_vectors(batch_ids, batch_vecs, batch_docs, batch_meta)
                batch_ids, batch_vecs, batch_docs, batch_meta = [], [], [], []
        coach.search.search("warm the keyword index", 10, filters)  # builds BM25 once
        for method in ("dense", "hybrid"):
            latencies = []
            for q, v in list(zip(queries, query_vectors, strict=True)) * 2:
                started = time.monotonic()
                coach.search.search(q, 10, filters, method, vector=v)
                latencies.append((time.monotonic() - started) * 1000)
            p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
            target = "p95 < 50 ms" if size == sizes[-1] else ""
            met = p95 < 50 if target else None
            bench.add(
                f"search p50 / p95, {size:,} chunks, {method}, access control on",
                f"{p50:.0f} / {p95:.0f} ms",
                target,
                met,
            )
            say(f"  search {size} {method}: p50 {p50:.0f} ms p95 {p95:.0f} ms")
        last = coach
    note = Note("kb/new-after-bench.md", "A new note", "Written while the app runs.", "Bench")
    coach.ingest.ingest_notes([note])
    started = time.monotonic()
    coach.search.search(queries[0], 10, filters)
    first = time.monotonic() - started
    coach.search.settle()
    bench.add(
        f"first search after a write at {sizes[-1]:,} chunks / until keyword search sees it",
        f"{first * 1000:.0f} ms / {time.monotonic() - started:.1f} s (rebuilt in the background)",
    )
    return last


MEMORY_PROBE = """
import sys
from pathlib import Path
from assistant.container import build_app
from assistant.settings import Settings
coach = build_app(Settings(data_dir=Path(sys.argv[1])))
allowed = coach.access.filters("bench")
coach.search.search("warm the keyword index", 10, allowed)
final = list(coach.ask.stream("My team keeps missing deadlines", filters=allowed))[-1]
# VmHWM is this process's own high-water mark (ru_maxrss would include the parent's at fork)
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(coach.index.count(), int(status) / 2**20, final.model_error or "ok")
"""


def bench_memory(search_coach: PeerCoach | None, bench: Bench) -> None:
    """Peak RSS of a fresh app process serving the largest index with the local model."""
    from assistant.storage.lock import release_data_dir

    if search_coach is None:
        return
    data_dir = search_coach.settings.data_dir
    release_data_dir(data_dir)  # this process is done writing; the probe takes the data dir
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    chunks, peak, status = done.stdout.split(maxsplit=2)
    if status.strip() != "ok":
        raise RuntimeError(f"the model failed during the memory probe: {status}")
    bench.add(
        f"peak RSS of the app: {int(chunks):,} chunks, keyword index, local model, one answer",
        f"{float(peak):.2f} GiB",
        "< 4 GiB",
        float(peak) < 4,
    )


# --- cold start ----------------------------------------------------------------------------
def bench_cold_start(bench: Bench, say: Callable[[str], None]) -> None:
    """`peercoach ui` on an installed data dir until the page loads, then the first answer."""
    import httpx
    from gradio_client import Client

    from assistant.people.directory import DEMO_USERS
    from ui.app import free_port

    with tempfile.TemporaryDirectory(prefix="peercoach-cold-") as folder:
        env = {**os.environ, "PEERCOACH_DATA_DIR": str(Path(folder) / "data")}
        peercoach = str(Path(sys.executable).with_name("peercoach"))
        subprocess.run(
            [peercoach, "ingest", str(KNOWLEDGE)], env=env, check=True, capture_output=True
        )
        subprocess.run([peercoach, "users", "seed-demo"], env=env, check=True, capture_output=True)
        port = free_port("127.0.0.1")
        started = time.monotonic()
        server = subprocess.Popen(
            [peercoach, "ui", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            while True:
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() - started > 300:
                    raise RuntimeError("the app did not come up within 300 s")
                time.sleep(0.2)
            page = time.monotonic() - started
            demo = DEMO_USERS[0]
            client = Client(url, auth=(demo.user.username, demo.password), verbose=False)
            asked = time.monotonic()
            client.predict(
                "My team keeps missing deadlines", [], [], [], "", api_name="/find_peers"
            )
            answer = time.monotonic() - asked
        finally:
            server.terminate()
            server.wait(timeout=60)
    bench.add(
        "cold start: `peercoach ui` (after setup) until the sign-in page loads", f"{page:.1f} s"
    )
    bench.add("cold start: first complete answer after the page loads", f"{answer:.1f} s")
    say(f"  cold start: page {page:.1f}s, first answer {answer:.1f}s")


def run_bench(
    settings: Settings | None = None,
    *,
    say: Callable[[str], None] = print,
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000),
    model: bool = True,
    cold_start: bool = True,
) -> Bench:
    """Run every benchmark in a temporary data dir and return the report."""
    bench = Bench()
    with tempfile.TemporaryDirectory(prefix="peercoach-bench-") as folder:
        base = (settings or Settings()).model_copy(update={"data_dir": Path(folder) / "data"})
        say("ingest throughput")
        bench_ingest(base, bench, say)
        say("search latency")
        search_coach = bench_search(base, bench, say, sizes)
        if model:
            say("model latency")
            bench_model(base.model_copy(update={"data_dir": Path(folder) / "model"}), bench, say)
            bench_memory(search_coach, bench)
        if cold_start:
            say("cold start")
            bench_cold_start(bench, say)
    bench.notes.append(
        "Search figures use synthetic chunks: real MiniLM vectors of the dev corpus with small "
        "noise and random text from it, 80% org, 10% in two groups, 10% private; the reader "
        "belongs to one group. Search times start from the query's vector (its embedding is "
        "timed on its own)."
    )
    return bench
