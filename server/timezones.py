"""A site's time zone (an IANA name): which local day a moment falls on, and where a local day starts.

Results, filters, trends and digests draw days and weeks in the site's zone, so a
marketer in Moscow sees an answer given at 01:00 their time on that day, not the
day before. Stored times stay UTC, and so do exports.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC_NAME = "UTC"


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows (the tzdata package backs the system's)."""
    return frozenset(available_timezones()) | {UTC_NAME}


@lru_cache(maxsize=512)
def zone(name: str) -> dt.tzinfo:
    """The tzinfo of a zone name; an unknown name (never stored: the schema refuses it) is UTC."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def day_start(day: dt.date, name: str = UTC_NAME) -> dt.datetime:
    """The first instant of a local day, in UTC (the first day a date can name starts at the first UTC instant)."""
    try:
        return dt.datetime.combine(day, dt.time.min, tzinfo=zone(name)).astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 east of UTC starts before the first instant a datetime can name
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def local_date(moment: dt.datetime, name: str = UTC_NAME) -> dt.date:
    """The local calendar day of an aware moment."""
    return moment.astimezone(zone(name)).date()


def local_day_text(stamp: str | None, name: str) -> str | None:
    """SQLite's tp_local_day(created_at, zone): the 'YYYY-MM-DD' local day of a stored UTC timestamp."""
    if stamp is None:
        return None
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return local_date(moment, name).isoformat()
