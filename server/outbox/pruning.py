"""Deleting what the outbox has finished with, older than OUTBOX_RETENTION_DAYS (a daily task of the worker).

An event goes once it was dispatched and nothing of it is still on its way:
no delivery pending or retrying, no e-mail pending or retrying. Its
deliveries and their attempts go with it (ON DELETE CASCADE). Finished
e-mails (sent, given up, or recorded while e-mail was off) go on the same
clock; an unfinished one is kept however old.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, exists

from ..database import db
from ..models import MailJob, OutboxEvent, WebhookDelivery, utcnow

UNFINISHED = ("pending", "failed")


def prune_outbox(retention_days: int, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete finished events and e-mails older than ``retention_days`` (0: keep all); (events, e-mails) deleted."""
    if retention_days <= 0:
        return 0, 0
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    try:
        mails = db.session.execute(delete(MailJob).where(MailJob.created_at < cutoff,
                                                         MailJob.status.not_in(UNFINISHED))).rowcount
        events = db.session.execute(delete(OutboxEvent).where(
            OutboxEvent.created_at < cutoff, OutboxEvent.dispatched_at.is_not(None),
            ~exists().where(WebhookDelivery.outbox_event_id == OutboxEvent.id,
                            WebhookDelivery.status.in_(UNFINISHED)),
            ~exists().where(MailJob.outbox_event_id == OutboxEvent.id, MailJob.status.in_(UNFINISHED)))).rowcount
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return events, mails
