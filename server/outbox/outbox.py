"""Writing events into the outbox inside the caller's transaction (a Session or a Connection)."""
from __future__ import annotations

from sqlalchemy import exists, insert, or_, select

from ..database import db
from ..models import AlertRule, OutboxEvent, Site, WebhookEndpoint


def add_events(executor, rows: list[dict]) -> None:
    """Insert outbox rows (events.outbox_row output) with the caller's session or connection; commits nothing."""
    if rows:
        executor.execute(insert(OutboxEvent.__table__), rows)


def site_listens():
    """A SQL condition on ``Site``: something consumes the site's events, the one condition for writing them.

    Every consumer of events adds its own term here: an enabled webhook endpoint, an enabled alert rule, or
    the site's case rule (the worker opens cases from the events, server/cases/opening.py).
    """
    return or_(exists().where(WebhookEndpoint.site_id == Site.id, WebhookEndpoint.enabled.is_(True)),
               exists().where(AlertRule.site_id == Site.id, AlertRule.enabled.is_(True)),
               Site.cases_enabled.is_(True))


def site_has_listeners(site_id: int) -> bool:
    """True when the site's events are written (``site_listens`` for one site)."""
    return bool(db.session.scalar(select(site_listens()).select_from(Site).where(Site.id == site_id)))
