import math

import pytest

from evals.metrics import hit_at, mean, ndcg_at, recall_at, reciprocal_rank_at

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
