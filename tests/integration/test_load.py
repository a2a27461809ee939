"""Load on loopback: several signed-in users at once, nothing lost and nobody's words mixed up."""

from __future__ import annotations

import pytest

from evals.load import run_load
from evals.metrics import percentile
from tests.apps import demo_coach_at, served

pytestmark = pytest.mark.integration


def test_eight_users_at_once_are_all_served(demo_data_template, tmp_path):
    coach = demo_coach_at(demo_data_template, tmp_path / "data")
    with served(coach) as demo:
        report = run_load(coach, demo.local_url, users=8, rounds=2)
    assert report.errors == []
    assert report.served == 8 * (1 + 2 * 3)
    assert report.lost == []
    assert report.mixed == []
    assert percentile(report.latencies["journal"], 95) < 30
    assert "| find_peers | 16 |" in report.markdown()


def test_percentile_is_nearest_rank():
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile([float(n) for n in range(1, 101)], 95) == 95.0
    assert percentile([], 95) == 0.0
