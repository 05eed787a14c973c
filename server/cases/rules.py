"""A site's case rule: which answers open a case. Pure functions over plain values."""
from __future__ import annotations

# every detractor, plus CSAT at most 2 and CES at most 3 whatever the survey's own thresholds say
DEFAULT_RULE = {"detractors": True, "csat_max": 2, "ces_max": 3}


def rule_of(stored: dict | None) -> dict:
    """A stored rule with the defaults filling what it does not say."""
    return {**DEFAULT_RULE, **(stored or {})}


def matches(rule: dict, kind: str, score: float | None, category: str | None) -> bool:
    """True when an answer (its survey kind, main score and category) opens a case under ``rule``."""
    rule = rule_of(rule)
    if rule["detractors"] and category == "detractor":
        return True
    limit = {"csat": rule["csat_max"], "ces": rule["ces_max"]}.get(kind)
    return limit is not None and score is not None and score <= limit
