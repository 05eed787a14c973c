"""Writing events into the outbox inside the caller's transaction (a Session or a Connection)."""
from __future__ import annotations

from sqlalchemy import exists, insert, select

from ..database import db
from ..models import OutboxEvent, WebhookEndpoint


def add_events(executor, rows: list[dict]) -> None:
    """Insert outbox rows (events.outbox_row output) with the caller's session or connection; commits nothing."""
    if rows:
        executor.execute(insert(OutboxEvent.__table__), rows)


def site_has_endpoints(site_id: int) -> bool:
    """True when the site has an enabled endpoint, the one condition for writing its events."""
    return bool(db.session.scalar(select(exists().where(WebhookEndpoint.site_id == site_id,
                                                        WebhookEndpoint.enabled.is_(True)))))
