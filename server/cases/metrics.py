"""Case metrics per touchpoint and site, and the recovery rate. Pure functions over plain rows."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from statistics import median

from .sla import missed, within_sla


def hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 3600


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def case_metrics(cases: Iterable[dict], now: dt.datetime) -> dict:
    """Open cases, median hours to first action and to resolve, and the % of decided cases within SLA.

    A case is decided once it is resolved or has missed a deadline (it can no
    longer be within SLA); counting only resolved cases would hide the late ones.
    """
    cases = list(cases)
    open_cases = [c for c in cases if c["status"] != "resolved"]
    firsts = [hours(c["opened_at"], c["first_action_at"]) for c in cases if c["first_action_at"]]
    resolves = [hours(c["opened_at"], c["resolved_at"]) for c in cases if c["resolved_at"]]
    decided = [c for c in cases if c["status"] == "resolved"
               or missed(c["status"], c["first_action_at"], c["first_action_due"], c["resolve_due"], now)]
    within = [c for c in decided if c["status"] == "resolved"
              and within_sla(c["first_action_at"], c["first_action_due"], c["resolved_at"], c["resolve_due"])]
    return {"cases": len(cases), "open": len(open_cases),
            "median_first_action_hours": rounded(median(firsts)) if firsts else None,
            "median_resolve_hours": rounded(median(resolves)) if resolves else None,
            "within_sla_percent": rounded(100 * len(within) / len(decided)) if decided else None}


def recovery_rate(closed: Iterable[tuple[str, dt.datetime]], answers: Iterable[tuple[str, dt.datetime, str | None]]
                  ) -> dict:
    """Of customers whose case was closed and who answered again afterwards, the share no longer detractors.

    ``closed`` holds (customer, closed at); ``answers`` (customer, answered at,
    category). A customer's first answer after their last closed case decides.
    """
    last_closed: dict[str, dt.datetime] = {}
    for customer, at in closed:
        last_closed[customer] = max(at, last_closed.get(customer, at))
    first_after: dict[str, tuple[dt.datetime, str | None]] = {}
    for customer, at, category in answers:
        closed_at = last_closed.get(customer)
        if closed_at is not None and at > closed_at and (customer not in first_after or at < first_after[customer][0]):
            first_after[customer] = (at, category)
    recovered = sum(1 for _, category in first_after.values() if category != "detractor")
    return {"answered_again": len(first_after), "recovered": recovered,
            "rate_percent": rounded(100 * recovered / len(first_after)) if first_after else None}
