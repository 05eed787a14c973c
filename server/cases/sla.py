"""Deadlines of a case and whether it missed them. Pure functions over plain values.

A site's SLA is two durations: time to first action (a person's first status
change, note, assignment or reply) and time to resolve, both counted from the
moment the case opened (from the reopening, for the resolve deadline of a
reopened case).
"""
from __future__ import annotations

import datetime as dt

DEFAULT_FIRST_ACTION_HOURS = 24
DEFAULT_RESOLVE_HOURS = 72


def deadlines(opened_at: dt.datetime, first_action_hours: int, resolve_hours: int) -> tuple[dt.datetime, dt.datetime]:
    """(first action due, resolve due) of a case opened at ``opened_at``."""
    return (opened_at + dt.timedelta(hours=first_action_hours), opened_at + dt.timedelta(hours=resolve_hours))


def missed(status: str, first_action_at, first_action_due, resolve_due, now: dt.datetime) -> list[str]:
    """The deadlines an unresolved case has missed by ``now``: "first_action", "resolve" (empty when none)."""
    if status == "resolved":
        return []
    out = []
    if first_action_at is None and first_action_due <= now:
        out.append("first_action")
    if resolve_due <= now:
        out.append("resolve")
    return out


def within_sla(first_action_at, first_action_due, resolved_at, resolve_due) -> bool:
    """A resolved case met both deadlines (a case resolved without an earlier action counts its resolution)."""
    first = first_action_at or resolved_at
    return first is not None and first <= first_action_due and resolved_at is not None and resolved_at <= resolve_due
