"""Quote evaluation: do Find peers' quotes say what colleagues tried and what happened?"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.quotes import KNOW_HOW
from assistant.settings import Settings
from evals.metrics import mean
from evals.retrieval import _ingest_as_org_notes, _workspace_app, read_jsonl

# A quote that opens on a pronoun or a connective leans on the sentence before it.
_LEANS = re.compile(
    r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|Then|So|But|And)\b"
)
METRICS = ("relevant_note", "know_how", "situation", "leans", "quotes_per_colleague")
SPLITS = ("all", "tune", "held-out")  # tune: odd-numbered queries; held-out: the even ones
COLLEAGUES = 3


@dataclass
class QuoteResult:
    """Scores of one way of picking quotes over the queries, and every quote for reading."""

    name: str
    metrics: dict[str, float]
    shown: list[dict[str, Any]] = field(default_factory=list)


def in_split(query_id: str, split: str) -> bool:
    """Return whether a query ('q07') belongs to the split: odd numbers tune, even are held out."""
    if split == "all":
        return True
    number = int(re.sub(r"\D", "", query_id) or 0)
    return (number % 2 == 1) == (split == "tune")


def evaluate_quotes(
    corpus: Path,
    queries: Path,
    qrels: Path,
    *,
    split: str = "all",
    settings: Settings | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> dict[str, QuoteResult]:
    """Index the corpus afresh; score quotes picked by relevance alone and by section, one run.

    Per quote: from a note judged relevant to the query; from a section that says what was
    tried, what happened or what was learned ('know_how', of quotes whose note has headings);
    from the note's account of the situation; opening on a word that leans on the sentence before.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    records = read_jsonl(corpus, ["id", "text", "author"])
    rows = [q for q in read_jsonl(queries, ["id", "text"]) if in_split(str(q["id"]), split)]
    relevant: dict[str, set[str]] = defaultdict(set)
    for row in read_jsonl(qrels, ["query_id", "doc_id"]):
        relevant[str(row["query_id"])].add(str(row["doc_id"]))
    results = {}
    with tempfile.TemporaryDirectory(prefix="peercoach-quotes-") as tmp:
        app = _workspace_app(Path(tmp), settings)
        _ingest_as_org_notes(app, records, Path(tmp) / "corpus.jsonl")
        picker = app.peers_account._picker
        for name, by_section in (
            ("relevance only (before)", False),
            ("by section (the app)", True),
        ):
            picker.by_section = by_section
            results[name] = _score(app, name, rows, relevant)
            if on_progress:
                on_progress(f"{name}: {results[name].metrics}")
    return results


def _score(
    app: Any, name: str, queries: Sequence[dict[str, Any]], relevant: dict[str, set[str]]
) -> QuoteResult:
    per_quote: dict[str, list[float]] = defaultdict(list)
    counts: list[float] = []
    shown = []
    for query in queries:
        qid, text = str(query["id"]), str(query["text"])
        account = app.peers_account.account(text, SearchFilters(), colleagues=COLLEAGUES)
        pool = app.search.search(text, app.peers.depth)
        external = {m.doc_id: str(m.metadata.get("external_id") or m.doc_id) for m in pool}
        for colleague in account.colleagues:
            counts.append(len(colleague.quotes))
            for quote in colleague.quotes:
                section = quote.section
                doc = external.get(quote.note.doc_id, quote.note.doc_id)
                per_quote["relevant_note"].append(float(doc in relevant.get(qid, set())))
                if section:
                    per_quote["know_how"].append(float(section in KNOW_HOW))
                per_quote["situation"].append(float(section == "situation"))
                per_quote["leans"].append(float(bool(_LEANS.match(quote.text))))
                shown.append(
                    {
                        "query": qid,
                        "colleague": colleague.name,
                        "section": section,
                        "quote": quote.text,
                    }
                )
    metrics = {m: mean(per_quote[m]) if per_quote[m] else 0.0 for m in METRICS[:-1]}
    metrics["quotes_per_colleague"] = mean(counts) if counts else 0.0
    return QuoteResult(name, metrics, shown)


def format_quotes(results: dict[str, QuoteResult], split: str) -> str:
    """Return the results as a markdown table, one row per way of picking."""
    lines = [
        f"queries: {split}; top {COLLEAGUES} colleagues each",
        "",
        "| quotes picked by | " + " | ".join(METRICS) + " |",
        "|---|" + "---|" * len(METRICS),
    ]
    for name, result in results.items():
        cells = [f"{result.metrics[m]:.2f}" for m in METRICS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
