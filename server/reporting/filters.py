"""The filters of the dashboard, the response list and the exports, as SQL conditions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Response
from ..timezones import UTC_NAME, day_start


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters; dates are whole days of the site's time zone, both ends included."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: str | None = None
    device: str | None = None
    channel: str | None = None  # web (the popup) or a survey link's label
    q: str | None = None
    time_zone: str = UTC_NAME


def day_end(day: dt.date, zone: str = UTC_NAME) -> dt.datetime | None:
    """The first instant after a local day; None after the last day a date can name, which ends no range."""
    if day == dt.date.max:  # date.max + 1 day overflows, and nothing is stored after it anyway
        return None
    return day_start(day + dt.timedelta(days=1), zone)


def date_conditions(survey_id: int, filters: Filters) -> list:
    """The survey and the date range: what the response rate is computed over."""
    conditions = [Response.survey_id == survey_id]
    if filters.date_from:
        conditions.append(Response.created_at >= day_start(filters.date_from, filters.time_zone))
    end = day_end(filters.date_to, filters.time_zone) if filters.date_to else None
    if end:
        conditions.append(Response.created_at < end)
    return conditions


def escape_like(text: str) -> str:
    """Make % and _ in a search term literal."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(survey_id: int, filters: Filters) -> list:
    """WHERE clauses for the filtered set; the (survey_id, created_at) index serves the first two."""
    out = date_conditions(survey_id, filters)
    if filters.category:
        out.append(Response.category == filters.category)
    if filters.device:
        out.append(Response.device == filters.device)
    if filters.channel:
        out.append(Response.channel == filters.channel)
    if filters.q:
        out.append(Response.comment.ilike(f"%{escape_like(filters.q)}%", escape="\\"))
    return out
