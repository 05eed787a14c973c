"""What the admin API calls (server/web/admin/webhooks.py): endpoints, secrets, enabling, replay and test events.

Every change that can start or stop a site's events bumps the site's version,
so ingest's cached survey views re-read whether the site has an enabled
endpoint (ingest/survey_views.py).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete, select

from ..database import db
from ..errors import ApiError
from ..extensions import config_cache
from ..models import ENDPOINT_KINDS, OutboxEvent, Site, WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from ..runtime.ssrf import endpoint_url_error
from .events import SUBSCRIBABLE, TEST_EVENT, envelope, new_event_id
from .signing import new_secret

ROTATION_GRACE = dt.timedelta(hours=24)  # both signatures are sent this long after a rotation
FILTER_KEYS = {"survey_id": int, "touchpoint": str, "category": str, "max_score": (int, float)}


def endpoint_errors(url: str, events: list, filters: dict, kind: str = "webhook") -> dict[str, list[str]]:
    """What is wrong with an endpoint's fields, by field name; empty when it can be saved (pure)."""
    errors: dict[str, list[str]] = {}
    if kind not in ENDPOINT_KINDS:
        errors["kind"] = [f"Choose among {', '.join(ENDPOINT_KINDS)}."]
    problem = endpoint_url_error(url, current_app.config["WEBHOOKS_ALLOW_PRIVATE"])
    if problem:
        errors["url"] = [problem]
    unknown = [name for name in events if name not in SUBSCRIBABLE]
    if not events or unknown:
        errors["events"] = [f"Choose among {', '.join(SUBSCRIBABLE)}."]
    for key, value in filters.items():
        kind = FILTER_KEYS.get(key)
        if kind is None or isinstance(value, bool) or not isinstance(value, kind):
            errors[f"filters.{key}"] = ["Unknown filter." if kind is None else "Wrong type."]
    return errors


def create_endpoint(site: Site, url: str, events: list, filters: dict | None = None,
                    description: str = "", kind: str = "webhook") -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret, which the admin sees this once."""
    filters = filters or {}
    errors = endpoint_errors(url, events, filters, kind)
    if errors:
        raise ApiError(422, "The endpoint cannot be saved.", errors)
    secret = new_secret()
    endpoint = WebhookEndpoint(site_id=site.id, url=url, events=list(events), filters=filters, kind=kind,
                               description=description, secret=secret, enabled=True, failed_in_a_row=0)
    db.session.add(endpoint)
    db.session.commit()
    config_cache.invalidate(site.key)
    return endpoint, secret


def update_endpoint(endpoint: WebhookEndpoint, changes: dict) -> WebhookEndpoint:
    """Change some of url, description, kind, events and filters; checked as a whole before anything is written."""
    merged = {key: changes.get(key, getattr(endpoint, key)) for key in ("url", "description", "kind", "events",
                                                                         "filters")}
    errors = endpoint_errors(merged["url"], merged["events"], merged["filters"] or {}, merged["kind"])
    if errors:
        raise ApiError(422, "The endpoint cannot be saved.", errors)
    for key, value in merged.items():
        setattr(endpoint, key, list(value) if key == "events" else value)
    db.session.commit()
    config_cache.invalidate(db.session.get(Site, endpoint.site_id).key)  # its events may start or stop
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its deliveries and their attempts (ON DELETE CASCADE on both backends)."""
    site_key = db.session.get(Site, endpoint.site_id).key
    db.session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id))
    db.session.commit()
    config_cache.invalidate(site_key)


def rotate_secret(endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> str:
    """A new secret; the old one still signs for ROTATION_GRACE so receivers can switch without losing events."""
    now = now or utcnow()
    endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + ROTATION_GRACE
    endpoint.secret = new_secret()
    db.session.commit()
    return endpoint.secret


def set_enabled(endpoint: WebhookEndpoint, enabled: bool) -> None:
    """Turn an endpoint on (its failure count starts again) or off by hand."""
    endpoint.enabled, endpoint.failed_in_a_row = enabled, 0
    endpoint.disabled_reason = None if enabled else "Disabled by an admin."
    endpoint.disabled_at = None if enabled else utcnow()
    db.session.commit()
    config_cache.invalidate(db.session.get(Site, endpoint.site_id).key)


def deliveries_of(endpoint_id: int, limit: int = 50) -> list[tuple[WebhookDelivery, OutboxEvent]]:
    """An endpoint's newest deliveries with their events: the delivery log."""
    return list(db.session.execute(select(WebhookDelivery, OutboxEvent)
                                   .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.outbox_event_id)
                                   .where(WebhookDelivery.endpoint_id == endpoint_id)
                                   .order_by(WebhookDelivery.id.desc()).limit(limit)).tuples())


def attempts_of(delivery_id: int) -> list[WebhookAttempt]:
    """A delivery's attempts, oldest first: status, latency, response excerpt, error."""
    return list(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                                   .order_by(WebhookAttempt.id)))


def replay(delivery: WebhookDelivery) -> None:
    """Send a delivery again now, with the same webhook-id, on a fresh retry schedule."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, utcnow()
    delivery.lease_until = None
    db.session.commit()


def send_test_event(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a webhook.test event to this endpoint alone (the worker sends it at its next round)."""
    now = utcnow()
    site = db.session.get(Site, endpoint.site_id)
    event = OutboxEvent(event_id=new_event_id(), type=TEST_EVENT, site_id=site.id, survey_id=None,
                        payload=envelope(TEST_EVENT, {"site_key": site.key, "endpoint_id": endpoint.id}, now),
                        created_at=now, dispatched_at=now)  # dispatched already: it goes to no other endpoint
    db.session.add(event)
    db.session.flush()
    delivery = WebhookDelivery(endpoint_id=endpoint.id, outbox_event_id=event.id, status="pending", attempts=0,
                               next_attempt_at=now, created_at=now)
    db.session.add(delivery)
    db.session.commit()
    return delivery
