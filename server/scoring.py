"""Scales, thresholds and the category of a main score (DESIGN §5 "Outcomes", §7)."""
from __future__ import annotations

# inclusive (low, high) of each scored question type
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "cli": (0, 10)}
# default (promoter_min, detractor_max) per survey kind
DEFAULT_THRESHOLDS: dict[str, tuple[int, int]] = {"nps": (9, 6), "csat": (5, 2), "ces": (6, 3), "cli": (9, 6)}
CLI_ITEMS = ("recommend", "buy_again", "try_other")
SCORED_TYPES = frozenset(SCALES)
CATEGORIES = ("promoter", "passive", "detractor")


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
    """The CLI main score: the mean of its three 0–10 items (unrounded, so means of means stay exact)."""
    return sum(items[name] for name in CLI_ITEMS) / len(CLI_ITEMS)


def main_score(kind: str, first_question_id: str, answers: dict) -> float | None:
    """The survey's main score from validated answers, or None if not (yet) given."""
    if kind not in SCALES or first_question_id not in answers:
        return None
    value = answers[first_question_id]
    return cli_score(value) if kind == "cli" else float(value)
