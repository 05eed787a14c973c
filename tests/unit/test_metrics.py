"""The metrics module against hand-computed values, including the edge cases."""
import pytest

from server.reporting import metrics


def test_nps_counts_and_rounding():
    assert metrics.nps_from_counts(5, 3, 2) == 30
    assert metrics.nps_from_counts(1, 0, 7) == -75
    # 100 × (1 − 0) / 8 = 12.5 → 13 (half away from zero), and −12.5 → −13
    assert metrics.nps_from_counts(1, 7, 0) == 13
    assert metrics.nps_from_counts(0, 7, 1) == -13
    # 100 × 2 / 3 = 66.67 → 67
    assert metrics.nps_from_counts(2, 1, 0) == 67


def test_nps_edge_cases():
    assert metrics.nps_from_counts(0, 0, 0) is None, "no answers is no score, not zero"
    assert metrics.nps_from_counts(0, 12, 0) == 0, "all passives"
    assert metrics.nps_from_counts(4, 0, 0) == 100
    assert metrics.nps_from_counts(0, 0, 9) == -100


def test_nps_from_a_distribution_uses_the_fixed_bands():
    distribution = {10: 3, 9: 1, 8: 2, 7: 1, 6: 1, 0: 2}
    # promoters 4, passives 3, detractors 3 → 100 × 1/10 = 10
    assert metrics.nps(distribution) == 10
    assert metrics.nps({}) is None


def test_csat():
    result = metrics.csat({5: 3, 4: 2, 3: 1, 1: 2})
    assert result["csat_percent"] == 62.5  # 5 of 8
    assert result["mean"] == 3.5  # (15 + 8 + 3 + 2) / 8
    assert result["problem"] is False
    assert metrics.csat({5: 1, 4: 1, 1: 1})["mean"] == 3.33  # 10 / 3, two decimals
    low = metrics.csat({1: 2, 2: 1, 4: 1})
    assert low["mean"] == 2.0 and low["problem"] is True and low["csat_percent"] == 25.0
    assert metrics.csat({}) == {"csat_percent": None, "mean": None, "problem": False, "answered": 0}


def test_ces():
    result = metrics.ces({7: 2, 5: 1, 4: 1, 1: 1})
    assert result["mean"] == 4.8  # 24 / 5
    assert result["agree_percent"] == 60.0
    assert metrics.ces({})["mean"] is None


def test_cli_is_the_mean_of_the_three_items():
    assert metrics.cli([(9, 10, 8), (5, 6, 7)]) == 7.5
    assert metrics.cli([]) is None
    # the mean of per-response CLI scores (what the database stores) equals the item mean
    from server.catalog.scoring import CLI_ITEMS, cli_score
    per_response = [cli_score(dict(zip(CLI_ITEMS, t, strict=True))) for t in [(9, 10, 8), (5, 6, 7)]]
    assert metrics.mean({s: 1 for s in per_response}) == 7.5


def test_response_rate():
    assert metrics.response_rate(25, 100) == 25.0
    assert metrics.response_rate(1, 3) == 33.3
    assert metrics.response_rate(0, 0) is None
    assert metrics.response_rate(5, 0) is None


@pytest.mark.parametrize("score,expected", [(9, "promoter"), (8.9, "passive"), (6, "detractor"), (None, None)])
def test_category(score, expected):
    from server.catalog.scoring import category
    assert category(score, 9, 6) == expected
