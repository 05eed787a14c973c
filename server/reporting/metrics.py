"""Survey metrics, each defined once:

- NPS = round(100 × (promoters − detractors) / answered): promoters 9–10,
  passives 7–8, detractors 0–6; −100…100.
- CSAT % = 100 × (answers of 4 or 5) / answered, and the mean; a mean below 3 flags a problem.
- CES = the mean of 1–7 answers, and the % agreeing (5–7).
- CLI = the mean of the three 0–10 items (recommend, buy again, try other products).
- Response rate = responses / displays.

Every function takes plain numbers so that the API, the dashboard and the exports
share one definition. ``None`` means "no answers": a score of zero would be a lie.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def _round_half_away(value: float) -> int:
    """Round .5 away from zero (Python's round() would send 12.5 to 12)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def nps_from_counts(promoters: int, passives: int, detractors: int) -> int | None:
    """NPS = round(100 × (promoters − detractors) / answered), −100…100."""
    answered = promoters + passives + detractors
    if answered == 0:
        return None
    return _round_half_away(100 * (promoters - detractors) / answered)


def distribution_counts(distribution: Mapping[int, int], low: int, high: int) -> tuple[int, int]:
    """(answers within [low, high], all answers) of a score → count mapping."""
    inside = sum(n for score, n in distribution.items() if low <= score <= high)
    return inside, sum(distribution.values())


def nps(distribution: Mapping[int, int]) -> int | None:
    """NPS of a 0–10 score → count mapping: promoters 9–10, passives 7–8, detractors 0–6."""
    promoters, _ = distribution_counts(distribution, 9, 10)
    passives, _ = distribution_counts(distribution, 7, 8)
    detractors, _ = distribution_counts(distribution, 0, 6)
    return nps_from_counts(promoters, passives, detractors)


def mean(distribution: Mapping[float, int]) -> float | None:
    """Mean of a score → count mapping, to two decimals; None without answers."""
    total = sum(distribution.values())
    if total == 0:
        return None
    return round(sum(score * n for score, n in distribution.items()) / total, 2)


def percent(part: int, whole: int) -> float | None:
    """100 × part / whole to one decimal; None when whole is zero."""
    if whole == 0:
        return None
    return round(100 * part / whole, 1)


def csat(distribution: Mapping[int, int]) -> dict:
    """CSAT % = 100 × answers of 4 or 5 / answered, with the mean; a mean below 3 flags a problem."""
    satisfied, answered = distribution_counts(distribution, 4, 5)
    avg = mean(distribution)
    return {"csat_percent": percent(satisfied, answered), "mean": avg,
            "problem": avg is not None and avg < 3, "answered": answered}


def ces(distribution: Mapping[int, int]) -> dict:
    """CES = the mean of 1–7 answers, and the % agreeing (5–7)."""
    agreeing, answered = distribution_counts(distribution, 5, 7)
    return {"mean": mean(distribution), "agree_percent": percent(agreeing, answered), "answered": answered}


def cli(items: Iterable[tuple[int, int, int]]) -> float | None:
    """CLI = the mean of the three 0–10 items (recommend, buy again, try other products)."""
    values = [v for triple in items for v in triple]
    if not values:
        return None
    return round(sum(values) / len(values), 2)


def response_rate(responses: int, displays: int) -> float | None:
    """Response rate = responses / displays, as a percentage; None with no displays."""
    return percent(responses, displays)
