"""The demo's built-in webhook receiver: what /demo/webhook-log got, verified against the demo endpoints' secrets.

It verifies with the project's own signing module (the official
``standardwebhooks`` package is a test dependency only, and the outbox tests
already check every delivery with it, so the two cannot disagree unnoticed).
The log is a table, so every gunicorn worker shows the same list, and it is
cut to the newest KEEP rows on every write: an anonymous POST can push old rows
out, never grow the table.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json

from sqlalchemy import delete, select

from ..database import db
from ..models import DemoWebhookReceipt, Site, WebhookEndpoint, utcnow
from .dispatch import live_secrets
from .endpoints import create_endpoint
from .events import SUBSCRIBABLE
from .signing import signature

RECEIVER_PATH = "/demo/webhook-log"
KEEP = 50
TOLERANCE = dt.timedelta(minutes=5)  # the Standard Webhooks libraries' default timestamp tolerance
BODY_CHARS = 4000


def verdict(body: bytes, headers: dict[str, str], secrets: list[str], now: dt.datetime) -> tuple[bool, str]:
    """Whether a request carries a valid Standard Webhooks signature by one of the secrets, and why (pure)."""
    msg_id, stamp, signatures = (headers.get(name, "") for name in
                                 ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not (msg_id and stamp and signatures):
        return False, "Unsigned: the webhook-id, webhook-timestamp or webhook-signature header is missing."
    if not stamp.isdigit():
        return False, "The webhook-timestamp is not a number."
    if abs(now - dt.datetime.fromtimestamp(int(stamp), dt.UTC)) > TOLERANCE:
        return False, "The webhook-timestamp is more than 5 minutes away from now (a replay?)."
    offered = signatures.split()
    for secret in secrets:
        expected = signature(secret, msg_id, int(stamp), body)
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return True, "Signature verified with the endpoint's secret."
    return False, "No signature matches the demo endpoint's secret."


def receiver_endpoints() -> list[WebhookEndpoint]:
    """The endpoints that point at this receiver (seed-demo makes one; an installation without the demo has none)."""
    return list(db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.url.like(f"%{RECEIVER_PATH}"))))


def receiver_secrets(now: dt.datetime) -> list[str]:
    """The live secrets of every endpoint that points at this receiver."""
    return [secret for endpoint in receiver_endpoints() for secret in live_secrets(endpoint, now)]


def event_type_of(body: bytes) -> str:
    """The "type" of a JSON payload, or "" when the body is not one."""
    try:
        payload = json.loads(body)
    except ValueError:
        return ""
    kind = payload.get("type") if isinstance(payload, dict) else None
    return kind[:40] if isinstance(kind, str) else ""


def record_receipt(body: bytes, headers: dict[str, str]) -> DemoWebhookReceipt:
    """Verify and store one request, keeping only the newest KEEP; the stored row."""
    now = utcnow()
    ok, why = verdict(body, headers, receiver_secrets(now), now)
    receipt = DemoWebhookReceipt(received_at=now, webhook_id=headers.get("webhook-id", "")[:80],
                                 event_type=event_type_of(body), verified=ok, verdict=why,
                                 body=body[:BODY_CHARS].decode("utf-8", "replace"))
    db.session.add(receipt)
    db.session.flush()
    db.session.execute(delete(DemoWebhookReceipt).where(DemoWebhookReceipt.id <= receipt.id - KEEP))
    db.session.commit()
    return receipt


def recent_receipts(limit: int = KEEP) -> list[DemoWebhookReceipt]:
    """The newest receipts first."""
    return list(db.session.scalars(select(DemoWebhookReceipt).order_by(DemoWebhookReceipt.id.desc()).limit(limit)))


def seed_demo_endpoint(site: Site, base_url: str) -> WebhookEndpoint | None:
    """The demo site's endpoint to the built-in receiver at ``base_url``; None when it has one already."""
    url = base_url.rstrip("/") + RECEIVER_PATH
    if db.session.scalar(select(WebhookEndpoint.id).where(WebhookEndpoint.site_id == site.id,
                                                          WebhookEndpoint.url == url)):
        return None
    endpoint, _ = create_endpoint(site, url, list(SUBSCRIBABLE), {}, "Demo: the built-in receiver at /demo/webhook-log")
    return endpoint
