"""The worker's side of the outbox: events become deliveries, due deliveries are leased and sent.

- ``dispatch_events`` turns undispatched events into one delivery per matching
  enabled endpoint, opens the cases they call for (server/cases/opening.py),
  records one alert e-mail per matching enabled alert rule (alerts.py), and
  marks them dispatched, in one transaction (PostgreSQL: FOR UPDATE SKIP
  LOCKED; SQLite has one writer). The unique (endpoint, event) pair, the one
  case per response and the unique key of an e-mail make a second dispatch a
  no-op.
- ``claim_due`` leases due deliveries with one conditional UPDATE: a delivery
  whose lease is live is not claimed again, so two workers never both send it.
  A worker killed mid-delivery leaves its lease to expire; the delivery is then
  sent again with the same webhook-id, which the specification allows.
- ``deliver`` sends one leased delivery and records the attempt, the retry
  time or the verdict, outside any transaction during the HTTP call.
"""
from __future__ import annotations

import datetime as dt
import json
import time

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..cases.opening import open_cases
from ..database import db, is_postgres
from ..extensions import config_cache
from ..models import OutboxEvent, Site, WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from ..runtime.outbound import post
from .alerts import record_alerts
from .leases import lease, lease_free
from .links import admin_link
from .mail_jobs import admin_addresses, drain_mail, mail_row, record_mails
from .messages import endpoint_disabled_mail
from .retries import next_attempt, parse_retry_after
from .signing import headers
from .slack import slack_message

DISPATCH_BATCH = 500
CLAIM_BATCH = 100
GIVE_UPS_BEFORE_DISABLING = 5  # deliveries in a row that gave up (each after ~3 days of retries)
LEASE_FACTOR = 4  # a lease outlives the receiver's timeout four times over
SLACK_HEADERS = {"content-type": "application/json", "user-agent": "Touchpoint-Webhooks/1"}


def matches(endpoint: WebhookEndpoint, event: OutboxEvent) -> bool:
    """True when the endpoint subscribes to the event's type and its filters let the event through."""
    if event.type not in (endpoint.events or ()):
        return False
    filters, data = endpoint.filters or {}, (event.payload or {}).get("data", {})
    if filters.get("survey_id") is not None and filters["survey_id"] != event.survey_id:
        return False
    for key in ("touchpoint", "category"):
        if filters.get(key) and filters[key] != data.get(key):
            return False
    if filters.get("max_score") is not None:
        score = data.get("score")
        if score is None or score > filters["max_score"]:
            return False
    return True


def insert_deliveries(rows: list[dict]) -> None:
    """Insert deliveries, skipping a pair (endpoint, event) that has one already."""
    if rows:
        insert = postgresql.insert if is_postgres() else sqlite.insert
        db.session.execute(insert(WebhookDelivery.__table__).on_conflict_do_nothing(
            index_elements=["endpoint_id", "outbox_event_id"]), rows)


def dispatch_events(now: dt.datetime | None = None, limit: int = DISPATCH_BATCH) -> int:
    """Turn undispatched events into deliveries and mark them dispatched (one transaction); how many events."""
    now = now or utcnow()
    query = select(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None)).order_by(OutboxEvent.id).limit(limit)
    if is_postgres():
        query = query.with_for_update(skip_locked=True)
    try:
        events = db.session.scalars(query).all()
        if events:
            endpoints = db.session.scalars(select(WebhookEndpoint).where(
                WebhookEndpoint.site_id.in_({event.site_id for event in events}),
                WebhookEndpoint.enabled.is_(True))).all()
            insert_deliveries([{"endpoint_id": endpoint.id, "outbox_event_id": event.id, "status": "pending",
                                "attempts": 0, "next_attempt_at": now, "created_at": now}
                               for event in events for endpoint in endpoints
                               if endpoint.site_id == event.site_id and matches(endpoint, event)])
            open_cases(events, now)  # first, so an alert can link to its case; its case.* events wait for the next round
            record_alerts(events, now)
            db.session.execute(update(OutboxEvent).where(OutboxEvent.id.in_([event.id for event in events]))
                               .values(dispatched_at=now))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return len(events)


def lease_seconds() -> float:
    """How long a claimed delivery stays another worker's to leave alone."""
    return current_app.config["WEBHOOK_TIMEOUT"] * LEASE_FACTOR


def claim_due(now: dt.datetime | None = None, limit: int = CLAIM_BATCH) -> list[int]:
    """Lease the deliveries due now (enabled endpoints, no live lease); their ids, each leased to this caller only."""
    now = now or utcnow()
    due = (select(WebhookDelivery.id).join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
           .where(WebhookDelivery.status.in_(("pending", "failed")), WebhookDelivery.next_attempt_at <= now,
                  lease_free(WebhookDelivery, now), WebhookEndpoint.enabled.is_(True))
           .order_by(WebhookDelivery.next_attempt_at).limit(limit))
    return lease(WebhookDelivery, due, now, lease_seconds())


def live_secrets(endpoint: WebhookEndpoint, now: dt.datetime) -> list[str]:
    """The secrets to sign with: the current one, and the previous one during its rotation grace period."""
    keep_old = endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now
    return [endpoint.secret, endpoint.previous_secret] if keep_old else [endpoint.secret]


def request_of(endpoint: WebhookEndpoint, event: OutboxEvent, now: dt.datetime) -> tuple[bytes, dict[str, str]]:
    """The body and headers to POST: the signed Standard Webhooks payload, or a Slack message (unsigned)."""
    if endpoint.kind == "slack":
        message = slack_message(event.payload, current_app.config["PUBLIC_URL"])
        return json.dumps(message, ensure_ascii=False).encode(), dict(SLACK_HEADERS)
    body = json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()
    return body, headers(live_secrets(endpoint, now), event.event_id, int(time.time()), body)


def deliver(delivery_id: int) -> str | None:
    """Send one leased delivery and record the attempt; its new status (None when there is nothing to send)."""
    row = db.session.execute(select(WebhookDelivery, WebhookEndpoint, OutboxEvent)
                             .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                             .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.outbox_event_id)
                             .where(WebhookDelivery.id == delivery_id)).first()
    if row is None or row[0].status not in ("pending", "failed") or not row[1].enabled:
        db.session.rollback()
        return None
    delivery, endpoint, event = row
    started = utcnow()
    body, request_headers = request_of(endpoint, event, started)
    url, config = endpoint.url, current_app.config
    db.session.commit()  # no transaction stays open while the receiver takes its time
    outcome = post(url, body, request_headers, config["WEBHOOK_TIMEOUT"], config["WEBHOOKS_ALLOW_PRIVATE"])
    return record(delivery, endpoint, outcome, started)


def record(delivery: WebhookDelivery, endpoint: WebhookEndpoint, outcome, started: dt.datetime) -> str:
    """Store an attempt and what follows from it: success, a retry time, giving up, or disabling the endpoint."""
    now = utcnow()
    db.session.add(WebhookAttempt(delivery_id=delivery.id, started_at=started, status_code=outcome.status_code,
                                  latency_ms=outcome.latency_ms, response_excerpt=outcome.excerpt, error=outcome.error))
    delivery.attempts += 1
    delivery.last_status = outcome.status_code
    delivery.lease_until = None
    disable_reason = None
    if outcome.ok:
        delivery.status, delivery.next_attempt_at = "succeeded", None
        db.session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id).values(failed_in_a_row=0))
    elif outcome.status_code == 410:
        delivery.status, delivery.next_attempt_at = "failed", None
        disable_reason = "The endpoint answered 410 Gone."
    else:
        retry = next_attempt(delivery.attempts, now, parse_retry_after(outcome.retry_after, now))
        delivery.status, delivery.next_attempt_at = ("failed", retry) if retry else ("gave_up", None)
        if retry is None:
            given_up = db.session.scalar(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id)
                                         .values(failed_in_a_row=WebhookEndpoint.failed_in_a_row + 1)
                                         .returning(WebhookEndpoint.failed_in_a_row))
            if given_up >= GIVE_UPS_BEFORE_DISABLING:
                disable_reason = f"{given_up} deliveries in a row failed for about three days each."
    if disable_reason:
        disable(endpoint, disable_reason, now)
    db.session.commit()
    if disable_reason:
        config_cache.invalidate(db.session.get(Site, endpoint.site_id).key)  # the site may stop writing events
    return delivery.status


def disable(endpoint: WebhookEndpoint, reason: str, now: dt.datetime) -> None:
    """Stop delivering to an endpoint, keeping why and when for the admin's banner, and e-mail the site's admins
    (once per disabling, in the caller's transaction)."""
    endpoint.enabled, endpoint.disabled_reason, endpoint.disabled_at = False, reason, now
    to = admin_addresses()
    if to:
        site = db.session.get(Site, endpoint.site_id)
        mail = endpoint_disabled_mail(endpoint.description or endpoint.url, endpoint.url, reason,
                                      now.strftime("%Y-%m-%d %H:%M UTC"), site.name,
                                      admin_link(current_app.config["PUBLIC_URL"], f"sites/{site.id}/webhooks"))
        record_mails([mail_row(f"endpoint-disabled:{endpoint.id}:{now.isoformat()}", "endpoint_disabled", site.id,
                               to, mail, now)])


def pump_once(now: dt.datetime | None = None) -> list[int]:
    """One round of the worker: dispatch new events, then lease what is due; the leased delivery ids."""
    dispatch_events(now)
    return claim_due(now)


def drain(now: dt.datetime | None = None) -> list[str | None]:
    """Dispatch, claim and send everything due, in this thread (tests, and a worker's catch-up): webhook deliveries
    first, then e-mails; the deliveries' statuses."""
    statuses = [deliver(delivery_id) for delivery_id in pump_once(now)]
    drain_mail(now)
    return statuses
