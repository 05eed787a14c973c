"""Scales, thresholds, the main score and its category: the rules the widget's scoring.js follows too.

Both are held to the cases in tests/fixtures/scoring.json, which pytest and
node --test read. Promoters are at or above promoter_min, detractors at or
below detractor_max, everyone else passive; a survey that does not set a
threshold takes its kind's default. The CLI's main score is the unrounded
mean of its three items, so a category is never decided on a rounded number.
"""
from __future__ import annotations

# inclusive (low, high) of each scored question type
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "cli": (0, 10)}
# default (promoter_min, detractor_max) per survey kind
DEFAULT_THRESHOLDS: dict[str, tuple[int, int]] = {"nps": (9, 6), "csat": (5, 2), "ces": (6, 3), "cli": (9, 6)}
CLI_ITEMS = ("recommend", "buy_again", "try_other")
SCORED_TYPES = frozenset(SCALES)
CATEGORIES = ("promoter", "passive", "detractor")


def thresholds(kind: str, outcomes: dict | None) -> tuple[float, float] | None:
    """(promoter_min, detractor_max) of a scored survey, its kind's defaults filling gaps; None for custom ones."""
    if kind not in DEFAULT_THRESHOLDS:
        return None
    outcomes = outcomes or {}
    promoter_min, detractor_max = outcomes.get("promoter_min"), outcomes.get("detractor_max")
    defaults = DEFAULT_THRESHOLDS[kind]
    return (defaults[0] if promoter_min is None else promoter_min,
            defaults[1] if detractor_max is None else detractor_max)


def category(score: float | None, promoter_min: float, detractor_max: float) -> str | None:
    """Promoter, passive or detractor for a main score; None when there is no score."""
    if score is None:
        return None
    if score >= promoter_min:
        return "promoter"
    if score <= detractor_max:
        return "detractor"
    return "passive"


def cli_score(items: dict[str, int]) -> float:
    """The CLI main score: the mean of its three 0–10 items, unrounded (means of means stay exact too)."""
    return sum(items[name] for name in CLI_ITEMS) / len(CLI_ITEMS)


def main_score(kind: str, first_question_id: str, answers: dict) -> float | None:
    """The survey's main score from validated answers, or None if not (yet) given."""
    if kind not in SCALES or first_question_id not in answers:
        return None
    value = answers[first_question_id]
    return cli_score(value) if kind == "cli" else float(value)


def score_and_category(kind: str, outcomes: dict | None, first_question_id: str,
                       answers: dict) -> tuple[float | None, str | None]:
    """The main score and its category under the survey's thresholds."""
    score = main_score(kind, first_question_id, answers)
    bands = thresholds(kind, outcomes)
    return score, category(score, *bands) if bands else None
