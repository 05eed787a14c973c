"""The touchpoint map: every survey of a site under its journey stage, with score, trend and the weakest marked."""
from __future__ import annotations

import datetime as dt

from ..cases.metrics import case_metrics
from ..cases.queries import site_case_metrics
from ..models import JOURNEY_STAGES, Site
from .results import headlines


def trend_arrow(current: float | None, previous: float | None) -> str:
    """up, down or flat between two periods' headline values (already rounded as shown); none without both."""
    if current is None or previous is None:
        return "none"
    if current > previous:
        return "up"
    return "down" if current < previous else "flat"


def mark_weakest(cards: list[dict]) -> None:
    """Flag the lowest score among touchpoints measured with the same metric (only where there is a choice)."""
    by_metric: dict[str, list[dict]] = {}
    for card in cards:
        if card["metric"] and card["score"] is not None:
            by_metric.setdefault(card["metric"], []).append(card)
    for group in by_metric.values():
        if len(group) < 2:
            continue
        lowest = min(c["score"] for c in group)
        if any(c["score"] > lowest for c in group):
            for card in group:
                card["weakest"] = card["score"] == lowest


def site_channels(site: Site) -> list[str]:
    """The channels a site's answers can come through: the popup (web), each survey link's label, and kiosk."""
    links = [s.link for s in site.surveys if (s.link or {}).get("enabled")]
    return ["web", *sorted({link.get("channel") or "link" for link in links}), *(["kiosk"] if links else [])]


def touchpoint_map(site: Site, days: int, now: dt.datetime, channel: str | None = None) -> dict:
    """The nine journey stages in order, each with its surveys' score over the last ``days`` days (through one
    channel, or all), and the case metrics of the cases opened in those days (per touchpoint, for the site, and
    the recovery rate)."""
    surveys = list(site.surveys)
    boundary = now - dt.timedelta(days=days)
    cases = site_case_metrics(site.id, boundary, now)
    current = headlines(surveys, since=boundary, channel=channel)
    previous = headlines(surveys, since=boundary - dt.timedelta(days=days), until=boundary, channel=channel)
    cards = []
    for survey in surveys:
        now_head, before = current[survey.id], previous[survey.id]
        cards.append({"survey_id": survey.id, "name": survey.name, "touchpoint": survey.touchpoint or survey.name,
                      "stage": survey.journey_stage, "kind": survey.kind, "status": survey.status,
                      "metric": now_head["metric"], "score": now_head["value"], "previous_score": before["value"],
                      "responses": now_head["responses"], "trend": trend_arrow(now_head["value"], before["value"]),
                      "weakest": False, "cases": cases["touchpoints"].get(survey.touchpoint, case_metrics([], now))})
    mark_weakest(cards)
    return {"days": days, "channel": channel, "channels": site_channels(site),
            "cases": cases["site"], "recovery": cases["recovery"],
            "stages": [{"stage": stage, "touchpoints": [c for c in cards if c["stage"] == stage]}
                       for stage in JOURNEY_STAGES]}
