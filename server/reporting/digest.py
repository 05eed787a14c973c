"""What a site's digest reports for a period: score and trend per touchpoint, new detractor comments, cases.

The same headline numbers and trend arrows as the touchpoint map (results.py,
touchpoints.py), over the digest's period against the period before it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..cases.overdue import overdue_condition
from ..database import db
from ..models import Case, Response, Site, Survey, User
from ..timezones import UTC_NAME, day_start, local_date
from .results import headlines
from .touchpoints import trend_arrow

COMMENTS = 10  # the newest detractor comments a digest lists; it counts the rest


def digest_period(frequency: str, now: dt.datetime, zone: str = UTC_NAME) -> tuple[dt.datetime, dt.datetime]:
    """The last whole period before ``now`` in the site's zone: yesterday, or last week from Monday to Sunday, as
    the UTC instants of its local midnights (a day across a daylight-saving change is 23 or 25 hours)."""
    today = local_date(now, zone)
    first = today - dt.timedelta(days=1) if frequency == "daily" else today - dt.timedelta(days=today.weekday() + 7)
    last = today if frequency == "daily" else today - dt.timedelta(days=today.weekday())
    return day_start(first, zone), day_start(last, zone)


def period_label(frequency: str, start: dt.datetime, end: dt.datetime, zone: str = UTC_NAME) -> str:
    """"2026-12-02", or "2026-11-23 to 2026-11-29": the period's local days."""
    first, after = local_date(start, zone), local_date(end, zone)
    if frequency == "daily":
        return first.isoformat()
    return f"{first.isoformat()} to {(after - dt.timedelta(days=1)).isoformat()}"


OVERDUE_LISTED = 5


def open_or_overdue_cases(site: Site, now: dt.datetime) -> dict | None:
    """The digest's cases section ({"title", "lines"}): how many are open and overdue, and the oldest overdue ones;
    None (no heading at all) for a site with cases off and none left open."""
    unresolved = (Case.site_id == site.id, Case.status != "resolved")
    open_count = db.session.scalar(select(func.count()).select_from(Case).where(*unresolved))
    if not open_count and not site.cases_enabled:
        return None
    overdue = db.session.execute(select(Case.id, Case.touchpoint, Case.opened_at, User.email)
                                 .outerjoin(User, User.id == Case.owner_id)
                                 .where(*unresolved, overdue_condition(now))
                                 .order_by(Case.opened_at)).all()
    lines = [f"{open_count} open, {len(overdue)} overdue"]
    lines += [f"Case #{case_id} · {touchpoint or 'no touchpoint'} · {email or 'unassigned'} · opened "
              f"{opened.date().isoformat()}" for case_id, touchpoint, opened, email in overdue[:OVERDUE_LISTED]]
    if len(overdue) > OVERDUE_LISTED:
        lines.append(f"and {len(overdue) - OVERDUE_LISTED} more overdue in the Inbox")
    return {"title": "Cases", "lines": lines}


def detractor_comments(surveys: list[Survey], start: dt.datetime, end: dt.datetime) -> tuple[list[dict], int]:
    """The newest detractor comments of the period (at most COMMENTS), and how many more there are."""
    if not surveys:
        return [], 0
    names = {s.id: s.touchpoint or s.name for s in surveys}
    where = [Response.survey_id.in_(names), Response.category == "detractor", Response.comment.is_not(None),
             Response.comment != "", Response.created_at >= start, Response.created_at < end]
    total = db.session.scalar(select(func.count()).select_from(Response).where(*where))
    rows = db.session.execute(select(Response.survey_id, Response.score, Response.comment, Response.page_url)
                              .where(*where).order_by(Response.created_at.desc()).limit(COMMENTS)).all()
    return ([{"touchpoint": names[row.survey_id], "score": row.score, "comment": row.comment,
              "page_url": row.page_url} for row in rows], max(0, total - len(rows)))


def site_digest(site: Site, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict:
    """Everything the digest e-mail shows for [start, end), the trend against the period just before."""
    surveys = list(site.surveys)
    current = headlines(surveys, since=start, until=end)
    previous = headlines(surveys, since=start - (end - start), until=start)
    touchpoints = [{"touchpoint": s.touchpoint or s.name, "metric": current[s.id]["metric"],
                    "score": current[s.id]["value"], "previous_score": previous[s.id]["value"],
                    "trend": trend_arrow(current[s.id]["value"], previous[s.id]["value"]),
                    "responses": current[s.id]["responses"]} for s in surveys]
    comments, more = detractor_comments(surveys, start, end)
    return {"touchpoints": touchpoints, "detractor_comments": comments, "more_comments": more,
            "cases": open_or_overdue_cases(site, now)}
