"""Retrieval evaluation: index a corpus afresh, run queries, score docs and experts."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.container import PeerCoach, build_app
from assistant.retrieve.peers import DEFAULT_VOTE, VOTES, rank_peers
from assistant.settings import Settings
from evals.metrics import hit_at, mean, ndcg_at, percentile, recall_at, reciprocal_rank_at

METHODS = ("hybrid", "dense", "bm25")
# With --compare, the peer voting models too: "hybrid/combmax" = hybrid search, CombMAX voting.
VOTE_METHODS = tuple(f"hybrid/{vote}" for vote in VOTES if vote != DEFAULT_VOTE)
COMPARED = METHODS + VOTE_METHODS
METRICS = [
    "recall@5",
    "recall@10",
    "ndcg@10",
    "mrr@10",
    "expert_mrr@10",
    "expert_hit@3",
    "prolific@1",  # the top colleague is not relevant but among the most prolific writers
]
RUN_DEPTH = 20


class EvalDataError(ValueError):
    """An eval input file is malformed; the message names the file and line."""


@dataclass
class MethodResult:
    """Scores of one retrieval method over every query."""

    method: str
    metrics: dict[str, float]
    per_query: dict[str, dict[str, float]]
    runs: list[dict[str, Any]]
    query_seconds: list[float] = field(default_factory=list)


@dataclass
class RetrievalReport:
    """The outcome of one eval run: corpus size, timings and each method's scores."""

    records: int
    queries: int
    index_seconds: float
    results: dict[str, MethodResult]

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain data (for --json)."""
        return {
            "records": self.records,
            "queries": self.queries,
            "index_seconds": round(self.index_seconds, 2),
            "methods": {
                name: {
                    **{k: round(v, 4) for k, v in r.metrics.items()},
                    "query_ms_p50": round(1000 * statistics.median(r.query_seconds), 1),
                    "query_ms_p95": round(1000 * percentile(r.query_seconds, 95), 1),
                }
                for name, r in self.results.items()
            },
        }


def read_jsonl(path: Path, required: Sequence[str]) -> list[dict[str, Any]]:
    """Return the objects of a JSONL file, checking each has the required fields."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        missing = [f for f in required if not isinstance(row, dict) or f not in row]
        if missing:
            raise EvalDataError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def evaluate_retrieval(
    corpus: Path,
    queries: Path,
    qrels: Path,
    *,
    methods: Sequence[str] = ("hybrid",),
    settings: Settings | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> RetrievalReport:
    """Index the corpus in a temporary workspace and score every method on the queries."""
    records = read_jsonl(corpus, ["id", "text", "author"])
    query_rows = read_jsonl(queries, ["id", "text"])
    judged = read_jsonl(qrels, ["query_id", "doc_id"])
    relevant: dict[str, set[str]] = defaultdict(set)
    for row in judged:
        relevant[str(row["query_id"])].add(str(row["doc_id"]))
    author_of = {str(r["id"]): str(r["author"]) for r in records}
    with tempfile.TemporaryDirectory(prefix="peercoach-eval-") as tmp:
        workspace = Path(tmp)
        app = _workspace_app(workspace, settings)
        started = time.perf_counter()
        _ingest_as_org_notes(app, records, workspace / "corpus.jsonl")
        app.search.search("warm up the keyword index", 1)
        index_seconds = time.perf_counter() - started
        if on_progress:
            on_progress(f"indexed {len(records)} records in {index_seconds:.1f}s")
        results = {}
        prolific = _most_prolific(records)
        for method in methods:
            results[method] = _run_method(app, method, query_rows, relevant, author_of, prolific)
            if on_progress:
                on_progress(f"{method}: {results[method].metrics}")
    return RetrievalReport(len(records), len(query_rows), index_seconds, results)


def _workspace_app(workspace: Path, settings: Settings | None) -> PeerCoach:
    base = settings or Settings()
    overrides = {"data_dir": workspace / "data", "llm_provider": "fake", "chroma_mode": "embedded"}
    return build_app(base.model_copy(update=overrides))


def _ingest_as_org_notes(app: PeerCoach, records: list[dict[str, Any]], target: Path) -> None:
    lines = [json.dumps({**r, "visibility": "org", "group": ""}) for r in records]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = app.ingest.ingest_path(target).files[0]
    if outcome.status == "skipped" or outcome.problems:
        problems = outcome.reason or "; ".join(outcome.problems[:5])
        raise EvalDataError(f"corpus records could not be ingested: {problems}")


def _run_method(
    app: PeerCoach,
    method: str,
    queries: list[dict[str, Any]],
    relevant: dict[str, set[str]],
    author_of: dict[str, str],
    prolific: set[str],
) -> MethodResult:
    per_query: dict[str, dict[str, float]] = {}
    runs = []
    seconds = []
    search, _, vote = method.partition("/")
    for query in queries:
        qid, text = str(query["id"]), str(query["text"])
        started = time.perf_counter()
        matches = app.search.search(text, RUN_DEPTH, method=search)  # type: ignore[arg-type]
        pool = app.search.search(text, app.peers.depth, method=search)  # type: ignore[arg-type]
        peers = rank_peers(pool, RUN_DEPTH, vote=vote or app.peers.vote)
        seconds.append(time.perf_counter() - started)
        docs = [str(m.metadata.get("external_id") or m.doc_id) for m in matches]
        experts = [p.name for p in peers]
        runs.append({"query_id": qid, "docs": docs, "experts": experts})
        if qid not in relevant:
            continue
        rel = relevant[qid]
        rel_experts = {author_of[d] for d in rel if d in author_of}
        per_query[qid] = {
            "recall@5": recall_at(docs, rel, 5),
            "recall@10": recall_at(docs, rel, 10),
            "ndcg@10": ndcg_at(docs, rel, 10),
            "mrr@10": reciprocal_rank_at(docs, rel, 10),
            "expert_mrr@10": reciprocal_rank_at(experts, rel_experts, 10),
            "expert_hit@3": hit_at(experts, rel_experts, 3),
            "prolific@1": float(
                bool(experts) and experts[0] not in rel_experts and experts[0] in prolific
            ),
        }
    metrics = {n: mean(q[n] for q in per_query.values()) for n in METRICS}
    return MethodResult(method, metrics, per_query, runs, seconds)


def format_report(report: RetrievalReport) -> str:
    """Return the report as a markdown table, one row per method."""
    names = METRICS
    lines = [
        f"{report.records} records, {report.queries} queries; indexing {report.index_seconds:.1f}s",
        "",
        "| method | " + " | ".join(names) + " | query p50 ms | query p95 ms |",
        "|---|" + "---|" * (len(names) + 2),
    ]
    for name, result in report.results.items():
        cells = [f"{result.metrics[n]:.3f}" for n in names]
        p50 = 1000 * statistics.median(result.query_seconds)
        p95 = 1000 * percentile(result.query_seconds, 95)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {p50:.0f} | {p95:.0f} |")
    return "\n".join(lines)


def _most_prolific(records: list[dict[str, Any]]) -> set[str]:
    """Return the authors in the top quarter by number of notes written."""
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[str(record["author"])] += 1
    ranked = sorted(counts, key=lambda a: -counts[a])
    return set(ranked[: max(1, len(ranked) // 4)])


def write_run_file(result: MethodResult, path: Path) -> None:
    """Write one JSON line per query: {query_id, docs, experts} (top 20 of each)."""
    path.write_text("".join(json.dumps(r) + "\n" for r in result.runs), encoding="utf-8")
