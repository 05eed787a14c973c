"""Webhook endpoints with a delivery log for admin screens: a working one, and a disabled Slack one."""
from __future__ import annotations

import datetime as dt

from server.extensions import db
from server.models import OutboxEvent, Site, WebhookAttempt, WebhookDelivery
from server.outbox.dispatch import disable
from server.outbox.endpoints import create_endpoint
from server.outbox.events import envelope, new_event_id

# (status code or None, latency, excerpt, error) per attempt of each delivery, newest delivery last
LOG = [[(200, 84, '{"ok":true}', "")], [(500, 1203, "Internal Server Error", ""), (200, 97, "accepted", "")],
       [(None, 15000, "", "ReadTimeoutError: timed out after 15 s")]]


def add_webhooks(app, site_id: int) -> tuple[int, int]:
    """An enabled webhook with three logged deliveries and a Slack endpoint disabled after a 410; their ids."""
    with app.app_context():
        site = db.session.get(Site, site_id)
        crm, _ = create_endpoint(site, "https://crm.example.com/hooks/touchpoint", ["response.created"],
                                 {"category": "detractor"}, "CRM: detractors to the support queue")
        slack, _ = create_endpoint(site, "https://hooks.slack.com/services/T000/B000/XXXX",
                                   ["response.created", "recovery.submitted"], {}, "", "slack")
        now = dt.datetime.now(dt.UTC)
        for n, attempts in enumerate(LOG):
            at = now - dt.timedelta(hours=len(LOG) - n)
            event = OutboxEvent(event_id=new_event_id(), type="response.created", site_id=site_id,
                                payload=envelope("response.created", {"score": 2}, at), created_at=at, dispatched_at=at)
            db.session.add(event)
            db.session.flush()
            ok = attempts[-1][0] == 200
            delivery = WebhookDelivery(endpoint_id=crm.id, outbox_event_id=event.id, created_at=at,
                                       status="succeeded" if ok else "failed", attempts=len(attempts),
                                       last_status=attempts[-1][0], next_attempt_at=None if ok else now)
            db.session.add(delivery)
            db.session.flush()
            for status, latency, excerpt, error in attempts:
                db.session.add(WebhookAttempt(delivery_id=delivery.id, started_at=at, status_code=status,
                                              latency_ms=latency, response_excerpt=excerpt, error=error))
        disable(slack, "The endpoint answered 410 Gone.", now)
        db.session.commit()
        return crm.id, slack.id
