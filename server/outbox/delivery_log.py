"""The delivery log the admin reads: an endpoint's deliveries, newest first, a page at a time, with their attempts."""
from __future__ import annotations

from sqlalchemy import func, select

from ..database import db
from ..models import OutboxEvent, WebhookAttempt, WebhookDelivery


def log_rows(query) -> list[dict]:
    """Deliveries (with their events) as log rows, each with its attempts oldest first; attempts in one query."""
    rows = db.session.execute(query).all()
    attempts: dict[int, list[WebhookAttempt]] = {delivery.id: [] for delivery, _ in rows}
    if attempts:
        for attempt in db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(attempts))
                                          .order_by(WebhookAttempt.id)):
            attempts[attempt.delivery_id].append(attempt)
    return [{"id": delivery.id, "event_id": event.event_id, "event_type": event.type, "status": delivery.status,
             "attempt_count": delivery.attempts, "last_status": delivery.last_status,
             "created_at": delivery.created_at, "next_attempt_at": delivery.next_attempt_at,
             "attempts": attempts[delivery.id]} for delivery, event in rows]


def with_events():
    """Deliveries joined with the events they carry."""
    return select(WebhookDelivery, OutboxEvent).join(OutboxEvent, OutboxEvent.id == WebhookDelivery.outbox_event_id)


def delivery_page(endpoint_id: int, page: int, per_page: int) -> dict:
    """One page of an endpoint's deliveries, newest first: {items, page, per_page, total, pages}."""
    total = db.session.scalar(select(func.count()).select_from(WebhookDelivery)
                              .where(WebhookDelivery.endpoint_id == endpoint_id))
    items = log_rows(with_events().where(WebhookDelivery.endpoint_id == endpoint_id)
                     .order_by(WebhookDelivery.id.desc()).offset((page - 1) * per_page).limit(per_page))
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "pages": max(1, -(-total // per_page))}


def delivery_row(delivery_id: int) -> dict:
    """One delivery as the log shows it."""
    return log_rows(with_events().where(WebhookDelivery.id == delivery_id))[0]


def delivery_of(endpoint_id: int, delivery_id: int) -> WebhookDelivery | None:
    """A delivery of this endpoint (None when the id belongs to another endpoint or to none)."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    return delivery if delivery is not None and delivery.endpoint_id == endpoint_id else None
