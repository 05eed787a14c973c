"""Does a survey show? The server's one home for that rule: what the config offers, and the rule tester.

The server decides what is the same for every visitor (status, schedule,
quota): offered() picks the surveys the config lists. The widget decides the
rest for its own visitor (device, URL, visitor, language, page views,
sampling, frequency: widget/src/targeting.js). The rule tester imagines a
visitor and runs both halves here, in the same order, so it can name the
first rule that stops a survey.

URL matching is the widget's, checked against the shared cases in
tests/fixtures/url_rules.json: case-sensitive; ``path`` is the URL's path (no
query, no fragment), ``url`` the whole URL; a regex is searched anywhere; an
invalid regex, an unknown match type or an unknown target never matches.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from ..ingest.store import response_counts
from ..models import Survey

MATCH_LABELS = {"exact": "is", "contains": "contains", "starts_with": "starts with", "ends_with": "ends with",
                "regex": "matches"}
# the page views the tester assumes: a new visitor is on their first, a returning one on a later visit
PAGE_VIEWS = {"new": 1, "returning": 2}
PATH_SAFE = "/:@!$&'()*+,;=-._~%"


@dataclass(frozen=True)
class Location:
    """What the widget reads from ``location``: the whole href and the pathname."""

    href: str
    path: str


@dataclass(frozen=True)
class Visit:
    """The visitor the tester imagines."""

    url: str
    device: str = "desktop"
    visitor: str = "new"
    language: str | None = None


def location_of(url: str) -> Location:
    """The URL as a browser's ``location`` shows it: host lower-cased, "/" for an empty path, path escaped."""
    parts = urlsplit(url.strip())
    path = quote(parts.path or "/", safe=PATH_SAFE)
    href = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment))
    return Location(href, path)


def regex_search(pattern: str, text: str) -> bool:
    """A JavaScript-like ``new RegExp(pattern).test(text)``: ASCII classes; an invalid pattern never matches."""
    try:
        return re.search(pattern, text, re.ASCII) is not None
    except (re.error, RecursionError, OverflowError):
        return False


MATCHERS = {
    "exact": lambda target, value: target == value,
    "contains": lambda target, value: value in target,
    "starts_with": lambda target, value: target.startswith(value),
    "ends_with": lambda target, value: target.endswith(value),
    "regex": lambda target, value: regex_search(value, target),
}


def match_rule(rule: dict, location: Location) -> bool:
    """One URL rule {match, value, target} against a location."""
    matcher = MATCHERS.get(rule.get("match"))
    target = {"path": location.path, "url": location.href}.get(rule.get("target", "path"))
    value = rule.get("value")
    if matcher is None or target is None or not isinstance(value, str):
        return False
    return matcher(target, value)


def describe_rule(rule: dict) -> str:
    """A rule in words: 'path starts with “/shop”'."""
    target = "URL" if rule.get("target") == "url" else "path"
    return f"{target} {MATCH_LABELS.get(rule.get('match'), rule.get('match'))} “{rule.get('value')}”"


def primary_language(tag: str | None) -> str:
    """'pt-BR' → 'pt'."""
    return re.split(r"[-_]", tag or "")[0].lower()


def when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def server_stopper(survey: Survey, now: dt.datetime, responses: int) -> tuple[str, str] | None:
    """The first rule the server decides for everyone alike that stops the survey: schedule, quota, then link only
    (last, so that a link page can tell a link-only survey that is closed from one that is open)."""
    if survey.schedule_start and now < survey.schedule_start:
        return "schedule", f"Its schedule starts on {when(survey.schedule_start)}."
    if survey.schedule_end and now >= survey.schedule_end:
        return "schedule", f"Its schedule ended on {when(survey.schedule_end)}."
    if survey.quota is not None and responses >= survey.quota:
        return "quota", f"It has reached its quota of {survey.quota} responses."
    if (survey.trigger or {}).get("type") == "link_only":
        return "link_only", "It is answered only through its link, never on the website."
    return None


def offered(surveys: list[Survey], now: dt.datetime, response_counts: dict[int, int]) -> list[Survey]:
    """The surveys the config lists: active, and stopped by no server-side rule."""
    return [s for s in surveys
            if s.status == "active" and server_stopper(s, now, response_counts.get(s.id, 0)) is None]


def stopper(survey: Survey, visit: Visit, now: dt.datetime, responses: int) -> tuple[str, str] | None:
    """The first rule that stops the survey for this visit, as (rule, message); None when all pass.

    Order: schedule, quota, device, URL include/exclude, visitor, language, page views, sampling at 0 %.
    """
    stop = server_stopper(survey, now, responses)
    if stop:
        return stop
    audience = survey.audience or {}
    devices = audience.get("devices") or ["desktop", "tablet", "mobile"]
    if visit.device not in devices:
        return "device", f"It is not shown on {visit.device} (only on {', '.join(devices)})."
    location = location_of(visit.url)
    include, exclude = audience.get("include") or [], audience.get("exclude") or []
    if include and not any(match_rule(r, location) for r in include):
        listed = "; ".join(describe_rule(r) for r in include)
        return "url_include", f"The page matches none of its include rules ({listed})."
    for rule in exclude:
        if match_rule(rule, location):
            return "url_exclude", f"The page is excluded by the rule {describe_rule(rule)}."
    wanted = audience.get("visitor", "all")
    if wanted != "all" and wanted != visit.visitor:
        return "visitor", f"It is only for {wanted} visitors."
    languages = audience.get("languages") or []
    if languages and visit.language and primary_language(visit.language) not in languages:
        return "language", f"It is only for visitors whose language is {', '.join(languages)}."
    needed, seen = audience.get("min_page_views", 0), PAGE_VIEWS[visit.visitor]
    if needed > seen:
        return "page_views", (f"It waits for page view {needed}; the tester assumes a {visit.visitor} visitor "
                              f"is on page view {seen}.")
    if audience.get("sample_percent", 100) <= 0:
        return "sampling", "Its sampling is 0 %: no visitor is picked."
    return None


def notes(survey: Survey, visit: Visit) -> list[str]:
    """What else decides, beyond the rules: status, sampling, an unchecked language."""
    audience = survey.audience or {}
    out = []
    if survey.status == "draft":
        out.append("Draft: it would show like this once you publish it.")
    elif survey.status == "paused":
        out.append("Paused: it would show like this once you resume it.")
    sample = audience.get("sample_percent", 100)
    if 0 < sample < 100:
        out.append(f"Shown to {sample:g} % of matching visitors (the same visitors every time).")
    if audience.get("languages") and not visit.language:
        out.append(f"Only for languages {', '.join(audience['languages'])}: pick a language to check it.")
    return out


def verdict(survey: Survey, visit: Visit, now: dt.datetime, responses: int) -> dict:
    """One survey's answer in the rule tester; status is reported apart so drafts can be tested."""
    stop = stopper(survey, visit, now, responses)
    return {"survey_id": survey.id, "name": survey.name, "touchpoint": survey.touchpoint, "status": survey.status,
            "trigger": (survey.trigger or {}).get("type"),
            "would_show": stop is None, "live": stop is None and survey.status == "active",
            "stopped_by": {"rule": stop[0], "message": stop[1]} if stop else None,
            "notes": notes(survey, visit), "sample_percent": (survey.audience or {}).get("sample_percent", 100)}


def rule_test(surveys: list[Survey], visit: Visit, now: dt.datetime) -> list[dict]:
    """Every survey's verdict for an imagined visit (status reported apart, so drafts can be tested)."""
    counts = response_counts([s.id for s in surveys if s.quota is not None])
    return [verdict(s, visit, now, counts.get(s.id, 0)) for s in surveys]
