import math

import pytest

from evals.metrics import hit_at, mean, ndcg_at, percentile, recall_at, reciprocal_rank_at

RANKED = ["a", "b", "c", "d", "e"]


def test_recall_and_hits():
    assert recall_at(RANKED, {"b", "z"}, 5) == 0.5
    assert recall_at(RANKED, {"e"}, 4) == 0.0
    assert recall_at(RANKED, set(), 5) == 0.0
    assert hit_at(RANKED, {"c"}, 3) == 1.0
    assert hit_at(RANKED, {"d"}, 3) == 0.0


def test_reciprocal_rank():
    assert reciprocal_rank_at(RANKED, {"c", "e"}, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank_at(RANKED, {"e"}, 4) == 0.0


def test_ndcg():
    assert ndcg_at(RANKED, {"a", "b"}, 10) == pytest.approx(1.0)
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))  # hit at rank 2 of 2 relevant
    assert ndcg_at(RANKED, {"b", "z"}, 10) == pytest.approx(expected)
    assert ndcg_at(RANKED, {"z"}, 10) == 0.0


def test_mean():
    assert mean([1.0, 0.0, 0.5]) == 0.5
    assert mean([]) == 0.0


def test_percentile_is_the_nearest_rank():
    hundred = [float(n) for n in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(hundred, 95) == 95.0
    assert percentile(hundred, 50) == 50.0
    assert percentile(hundred, 100) == 100.0
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) == 0.0


def test_every_eval_uses_the_one_percentile():
    import evals.bench
    import evals.load
    import evals.retrieval

    for module in (evals.bench, evals.load, evals.retrieval):
        assert module.percentile is percentile
