"""The scoring rules, held to tests/fixtures/scoring.json, which the widget's tests read too."""
import json
from pathlib import Path

import pytest

from server.catalog.scoring import CLI_ITEMS, DEFAULT_THRESHOLDS, SCALES, category, main_score, thresholds

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "scoring.json").read_text())


def test_the_fixture_holds_the_scales_thresholds_and_cli_items():
    assert {kind: list(scale) for kind, scale in SCALES.items()} == FIXTURE["scales"]
    assert {kind: list(pair) for kind, pair in DEFAULT_THRESHOLDS.items()} == FIXTURE["default_thresholds"]
    assert list(CLI_ITEMS) == FIXTURE["cli_items"]


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=lambda c: f"{c['kind']}-{json.dumps(c['answer'])}")
def test_each_case_scores_and_categorises_as_the_fixture_says(case):
    score = main_score(case["kind"], "score", {"score": case["answer"]})
    bands = thresholds(case["kind"], case["outcomes"])
    assert score == pytest.approx(case["score"]) if case["score"] is not None else score is None
    assert (category(score, *bands) if bands else None) == case["category"]


def test_the_cli_case_that_the_widget_once_rounded_is_in_the_fixture():
    assert any(c["kind"] == "cli" and c["outcomes"].get("promoter_min") == 8.7 and c["category"] == "passive"
               for c in FIXTURE["cases"])
