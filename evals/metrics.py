"""Ranking metrics with binary relevance (per-query scores, `mean` aggregates) and percentiles."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return the share of relevant items found in the top k."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def reciprocal_rank_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return 1/rank of the first relevant item in the top k, or 0."""
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return normalised discounted cumulative gain at k."""
    gain = sum(1.0 / math.log2(r + 1) for r, i in enumerate(ranked[:k], start=1) if i in relevant)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(k, len(relevant)) + 1))
    return gain / ideal if ideal else 0.0


def hit_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return 1 if any relevant item is in the top k, else 0."""
    return 1.0 if set(ranked[:k]) & relevant else 0.0


def mean(values: Iterable[float]) -> float:
    """Return the arithmetic mean (0 for no values)."""
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile by nearest rank over the sorted values (0.0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]
