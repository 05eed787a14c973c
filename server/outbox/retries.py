"""When a failed delivery is tried again: the Standard Webhooks schedule with jitter, and Retry-After."""
from __future__ import annotations

import datetime as dt
import email.utils
import random

# seconds before attempt n+1 after attempt n failed: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h,
# 24 h (about 3 days in all); after the last one the delivery gives up
SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
MAX_ATTEMPTS = len(SCHEDULE)  # attempt n+1 waits SCHEDULE[n]; after the tenth failure it gives up
JITTER = 0.1  # up to 10 % later, never earlier: spreads a burst of retries to one receiver
MAX_RETRY_AFTER = 86400  # a receiver may slow us down, but not park a delivery for longer than the longest step


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def next_attempt(attempts: int, now: dt.datetime, retry_after: float | None = None) -> dt.datetime | None:
    """When to try again after ``attempts`` failed attempts, or None to give up.

    The later of the schedule (with jitter) and what Retry-After asked for.
    """
    if attempts >= MAX_ATTEMPTS:
        return None
    delay = SCHEDULE[attempts] * (1 + random.uniform(0, JITTER))
    return now + dt.timedelta(seconds=max(delay, retry_after or 0.0))
