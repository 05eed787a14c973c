"""Dashboard numbers aggregated in SQL (GROUP BY, never row by row), on SQLite and PostgreSQL alike.

Every query groups by the main score, so each group comes back as a small
score → count distribution and the formulas of metrics.py turn it into the
headline number: one definition for the dashboard, the map and the exports.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, literal, literal_column, select

from ..catalog.scoring import SCALES, category, thresholds
from ..database import db
from ..models import EventCount, Response, Survey
from ..timezones import UTC_NAME
from . import metrics
from .exports import response_record, response_rows
from .filters import Filters, conditions, date_conditions

BREAKDOWNS = {"device": Response.device, "locale": Response.locale, "trigger": Response.trigger,
              "channel": Response.channel}
TOP_PAGES = 20
MAX_CHOICE_QUESTIONS = 3


def dialect() -> str:
    return db.session.get_bind().dialect.name


# date_bin (PostgreSQL 14+) is several times cheaper per row than date_trunc with a time zone: UTC sites use it.
PG_DAY = "date_bin('1 day', responses.created_at, TIMESTAMPTZ '2000-01-03 00:00:00+00')"


def day_of(zone: str = UTC_NAME):
    """The local day a response's time falls on in the site's zone (timezones.py).

    PostgreSQL: a timestamp at that day's start (UTC: date_bin; another zone: the
    local time's date_trunc, which follows daylight saving). SQLite: 'YYYY-MM-DD',
    by strftime for UTC and by the tp_local_day function (database.py) otherwise.
    """
    if dialect() == "postgresql":
        if zone == UTC_NAME:
            return literal_column(PG_DAY)
        return func.date_trunc("day", func.timezone(zone, Response.created_at))
    if zone == UTC_NAME:
        return func.strftime("%Y-%m-%d", Response.created_at)
    return func.tp_local_day(Response.created_at, zone)


def as_date(value) -> dt.date:
    """A day_of() value as a date (a UTC instant, a local wall-clock time, or SQLite's text)."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(dt.UTC).date()


def bucket_start(day: dt.date, bucket: str) -> dt.date:
    """The first day of the day, ISO week (Monday) or month that ``day`` is in."""
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def grouped(where: list, *dimensions) -> dict[tuple, dict[float | None, int]]:
    """{dimension values: {score: count}} for the responses matching ``where`` (a None score = no score)."""
    stmt = select(*dimensions, Response.score, func.count()).where(*where).group_by(*dimensions, Response.score)
    out: dict[tuple, dict[float | None, int]] = defaultdict(dict)
    for row in db.session.execute(stmt):
        *dims, score, count = row
        out[tuple(dims)][score] = count
    return out


def merge(into: dict[float | None, int], counts: dict[float | None, int]) -> dict[float | None, int]:
    """Add one score → count mapping into another."""
    for score, n in counts.items():
        into[score] = into.get(score, 0) + n
    return into


def daily(where: list, zone: str = UTC_NAME) -> dict[dt.date, dict[float | None, int]]:
    """{local day: {score: count}}: one scan that the headline, distribution and trend are all folded from."""
    out: dict[dt.date, dict[float | None, int]] = defaultdict(dict)
    for (day,), counts in grouped(where, day_of(zone).label("day")).items():
        merge(out[as_date(day)], counts)
    return out


def scored(counts: dict[float | None, int]) -> dict[float, int]:
    """Only the answers that carry a main score."""
    return {s: n for s, n in counts.items() if s is not None}


def headline(survey: Survey, counts: dict[float | None, int]) -> dict:
    """The main number of a survey from its score distribution (metrics.py), with its counts.

    NPS counts use the fixed NPS bands (they are the formula); the other kinds count
    promoters, passives and detractors with the survey's own thresholds.
    """
    distribution = scored(counts)
    out = {"metric": survey.kind if survey.kind in SCALES else None, "value": None, "answered": sum(distribution.values()),
           "responses": sum(counts.values())}
    if survey.kind == "nps":
        promoters, _ = metrics.distribution_counts(distribution, 9, 10)
        passives, _ = metrics.distribution_counts(distribution, 7, 8)
        detractors, _ = metrics.distribution_counts(distribution, 0, 6)
        out.update(value=metrics.nps(distribution), promoters=promoters, passives=passives, detractors=detractors)
        return out
    if survey.kind == "csat":
        csat = metrics.csat(distribution)
        out.update(value=csat["csat_percent"], mean=csat["mean"], problem=csat["problem"])
    elif survey.kind == "ces":
        ces = metrics.ces(distribution)
        out.update(value=ces["mean"], agree_percent=ces["agree_percent"])
    elif survey.kind == "cli":
        # each response's score is the mean of its three items, so the mean of the means is the CLI
        out["value"] = metrics.mean(distribution)
    bands = thresholds(survey.kind, survey.outcomes)
    if bands:
        tally = {"promoter": 0, "passive": 0, "detractor": 0}
        for score, n in distribution.items():
            tally[category(score, *bands)] += n
        out.update(promoters=tally["promoter"], passives=tally["passive"], detractors=tally["detractor"])
    return out


def distribution_rows(survey: Survey, counts: dict[float | None, int]) -> list[dict]:
    """Every point of the scale with its count and category (CLI means are rounded to the nearest point)."""
    if survey.kind not in SCALES:
        return []
    low, high = SCALES[survey.kind]
    out = {point: 0 for point in range(low, high + 1)}
    for score, n in scored(counts).items():
        out[int(score + 0.5)] += n
    bands = thresholds(survey.kind, survey.outcomes)
    return [{"score": point, "count": n, "category": category(point, *bands)} for point, n in out.items()]


def trend(survey: Survey, days: dict[dt.date, dict[float | None, int]], bucket: str) -> list[dict]:
    """The headline value and the response count per day, week or month, oldest first."""
    buckets: dict[dt.date, dict[float | None, int]] = defaultdict(dict)
    for day, counts in days.items():
        merge(buckets[bucket_start(day, bucket)], counts)
    return [{"bucket": start.isoformat(), "score": headline(survey, counts)["value"], "count": sum(counts.values())}
            for start, counts in sorted(buckets.items())]


def breakdown_rows(survey: Survey, groups: dict[str, dict[float | None, int]]) -> list[dict]:
    """The headline value and the counts of each group, largest group first."""
    rows = [{"value": value or "", "count": sum(counts.values()), "answered": sum(scored(counts).values()),
             "score": headline(survey, counts)["value"]}
            for value, counts in groups.items()]
    return sorted(rows, key=lambda r: (-r["count"], r["value"]))


def breakdown(survey: Survey, where: list, column) -> list[dict]:
    """The breakdown by one column."""
    return breakdown_rows(survey, {key[0]: counts for key, counts in grouped(where, column).items()})


def small_breakdowns(survey: Survey, where: list) -> dict[str, list[dict]]:
    """Device, locale, trigger and channel from one scan: their combinations are few, so they are folded in Python."""
    folded: dict[str, dict[str, dict[float | None, int]]] = {name: defaultdict(dict) for name in BREAKDOWNS}
    for key, counts in grouped(where, *BREAKDOWNS.values()).items():
        for name, value in zip(BREAKDOWNS, key, strict=True):
            merge(folded[name][value], counts)
    return {name: breakdown_rows(survey, groups) for name, groups in folded.items()}


def page_breakdown(survey: Survey, where: list) -> list[dict]:
    """The breakdown by page path, limited to the busiest TOP_PAGES pages."""
    top = (select(Response.page_path).where(*where).group_by(Response.page_path)
           .order_by(func.count().desc(), Response.page_path).limit(TOP_PAGES))
    paths = list(db.session.scalars(top))
    if not paths:
        return []
    return breakdown(survey, [*where, Response.page_path.in_(paths)], Response.page_path)


def choice_counts(survey: Survey, where: list) -> list[dict]:
    """Answer counts of the survey's single-choice questions (what custom surveys are about)."""
    out = []
    for question in [q for q in survey.questions if q["type"] == "single"][:MAX_CHOICE_QUESTIONS]:
        answer = Response.answers[question["id"]].as_string()
        rows = db.session.execute(select(answer, func.count()).where(*where, answer.is_not(None)).group_by(answer))
        counts = dict(rows.all())
        out.append({"question": question["id"],
                    "options": [{"option": o, "count": counts.get(o, 0)} for o in question["options"]]})
    return out


def response_rate(survey: Survey, filters: Filters) -> dict:
    """The popup's responses per display over the date range. Other filters cannot apply (displays carry no
    details), and answers through a survey link are left out: a link page counts no displays."""
    responses = db.session.scalar(select(func.count()).select_from(Response)
                                  .where(*date_conditions(survey.id, filters), Response.channel == "web"))
    day_filters = [EventCount.survey_id == survey.id]
    if filters.date_from:
        day_filters.append(EventCount.day >= filters.date_from)
    if filters.date_to:
        day_filters.append(EventCount.day <= filters.date_to)
    rows = db.session.execute(select(EventCount.type, func.coalesce(func.sum(EventCount.count), literal(0)))
                              .where(*day_filters).group_by(EventCount.type))
    events = {etype: int(total) for etype, total in rows}
    displays = events.get("display", 0)
    return {"responses": responses, "displays": displays, "dismissals": events.get("dismiss", 0),
            "rate": metrics.response_rate(responses, displays)}


def survey_summary(survey: Survey, filters: Filters, bucket: str = "day") -> dict:
    """The dashboard's summary: headline, distribution, trend and response rate, folded from one daily scan."""
    where = conditions(survey.id, filters)
    days = daily(where, filters.time_zone)
    counts: dict[float | None, int] = {}
    for day_counts in days.values():
        merge(counts, day_counts)
    return {
        "headline": headline(survey, counts),
        "distribution": distribution_rows(survey, counts),
        "choices": choice_counts(survey, where),
        "trend": trend(survey, days, bucket),
        "response_rate": response_rate(survey, filters),
    }


def survey_breakdowns(survey: Survey, filters: Filters) -> dict[str, list[dict]]:
    """The score and counts by page (the busiest TOP_PAGES), device, locale, trigger and channel."""
    where = conditions(survey.id, filters)
    return {"page": page_breakdown(survey, where), **small_breakdowns(survey, where)}


def headlines(surveys: list[Survey], since: dt.datetime | None = None, until: dt.datetime | None = None,
              channel: str | None = None) -> dict[int, dict]:
    """The headline of several surveys at once (one GROUP BY), optionally over [since, until) and one channel."""
    if not surveys:
        return {}
    where = [Response.survey_id.in_([s.id for s in surveys])]
    if since:
        where.append(Response.created_at >= since)
    if until:
        where.append(Response.created_at < until)
    if channel:
        where.append(Response.channel == channel)
    groups = grouped(where, Response.survey_id)
    return {s.id: headline(s, groups.get((s.id,), {})) for s in surveys}


def response_page(survey_id: int, filters: Filters, page: int, per_page: int) -> dict:
    """One page of the filtered responses, newest first, each with its recovery answer."""
    where = conditions(survey_id, filters)
    total = db.session.scalar(select(func.count()).select_from(Response).where(*where))
    rows = db.session.execute(response_rows(*where).limit(per_page).offset((page - 1) * per_page))
    return {"items": [response_record(row) for row in rows], "page": page, "per_page": per_page,
            "total": total, "pages": max(1, -(-total // per_page))}
