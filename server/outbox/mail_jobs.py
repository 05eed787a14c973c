"""E-mails the worker sends (alerts, endpoint notices, digests): recorded once, leased, sent, retried.

- ``record_mails`` inserts rendered e-mails in the caller's transaction. Each
  has a unique ``key`` (an alert: rule and event; a notice: endpoint and time;
  a digest: site and period), so recording one twice is a no-op.
- ``claim_due_mail`` leases due e-mails with one conditional UPDATE, as
  ``dispatch.claim_due`` does for deliveries: two workers never both send one.
- ``send_mail`` sends one leased e-mail outside any transaction and records
  the outcome: sent, a retry time on the webhook schedule, or giving up.
  With no MAIL_SERVER, e-mails are recorded as ``mail_off`` and never sent.

A worker killed between the SMTP server's "250" and the commit sends that
e-mail again when its lease expires: at least once, as with webhooks.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..database import db, is_postgres
from ..models import MailJob, User, utcnow
from .leases import lease, lease_free
from .mail import MailError, build_message, mail_enabled, send
from .messages import Mail
from .retries import next_attempt

CLAIM_BATCH = 100
LEASE_FACTOR = 4  # a lease outlives the SMTP timeout four times over
ERROR_CHARS = 500


def mail_row(key: str, kind: str, site_id: int, recipients: list[str], mail: Mail, now: dt.datetime,
             reply_to: str | None = None, rule_id: int | None = None, outbox_event_id: int | None = None) -> dict:
    """The column values of one mail_jobs row; ``mail_off`` at once when e-mail is off."""
    on = mail_enabled(current_app.config)
    return {"key": key, "kind": kind, "site_id": site_id, "rule_id": rule_id, "outbox_event_id": outbox_event_id,
            # one line: a name with a line break in it must not end the header (or the message) early
            "recipients": list(recipients), "subject": " ".join(mail.subject.split())[:300], "text": mail.text, "html": mail.html,
            "reply_to": reply_to, "status": "pending" if on else "mail_off", "attempts": 0,
            "next_attempt_at": now if on else None, "last_error": "" if on else "MAIL_SERVER is not set.",
            "created_at": now}


def record_mails(rows: list[dict]) -> set[str]:
    """Insert e-mails in the caller's transaction, skipping keys recorded already; the keys newly recorded."""
    if not rows:
        return set()
    insert = postgresql.insert if is_postgres() else sqlite.insert
    return set(db.session.scalars(insert(MailJob.__table__).on_conflict_do_nothing(index_elements=["key"])
                                  .returning(MailJob.key), rows).all())


def recorded_keys(keys: list[str]) -> set[str]:
    """Which of these keys have an e-mail already (so it need not be rendered again)."""
    return set(db.session.scalars(select(MailJob.key).where(MailJob.key.in_(keys)))) if keys else set()


def admin_addresses() -> list[str]:
    """Who administers a site: every admin user (roles are not per site yet)."""
    return list(db.session.scalars(select(User.email).where(User.role == "admin").order_by(User.id)))


def lease_seconds() -> float:
    return float(current_app.config["MAIL_TIMEOUT"]) * LEASE_FACTOR


def claim_due_mail(now: dt.datetime | None = None, limit: int = CLAIM_BATCH) -> list[int]:
    """Lease the e-mails due now (no live lease); their ids, each leased to this caller only."""
    now = now or utcnow()
    due = (select(MailJob.id).where(MailJob.status.in_(("pending", "failed")), MailJob.next_attempt_at <= now,
                                    lease_free(MailJob, now))
           .order_by(MailJob.next_attempt_at).limit(limit))
    return lease(MailJob, due, now, lease_seconds())


def send_mail(job_id: int) -> str | None:
    """Send one leased e-mail and record the outcome; its new status (None when there is nothing to send)."""
    job = db.session.get(MailJob, job_id)
    if job is None or job.status not in ("pending", "failed"):
        db.session.rollback()
        return None
    config = current_app.config
    try:
        message = build_message(sender=config["MAIL_DEFAULT_SENDER"], to=job.recipients, subject=job.subject,
                                text=job.text, html=job.html, reply_to=job.reply_to,
                                headers={"Auto-Submitted": "auto-generated", "X-Touchpoint-Mail": job.kind})
    except (ValueError, TypeError) as exc:  # a header no retry can fix: give up at once, and say why
        job.status, job.next_attempt_at, job.lease_until = "gave_up", None, None
        job.last_error = f"The message could not be built: {exc}"[:ERROR_CHARS]
        db.session.commit()
        return job.status
    db.session.commit()  # no transaction stays open while the SMTP server takes its time
    error = None
    try:
        sent = send(message, config)
    except MailError as exc:
        sent, error = None, str(exc)
    now = utcnow()
    job.lease_until = None
    if sent:
        job.status, job.sent_at, job.next_attempt_at, job.attempts = "sent", now, None, job.attempts + 1
    elif sent is False:
        job.status, job.next_attempt_at, job.last_error = "mail_off", None, "MAIL_SERVER is not set."
    else:
        job.attempts += 1
        retry = next_attempt(job.attempts, now)
        job.status, job.next_attempt_at = ("failed", retry) if retry else ("gave_up", None)
        job.last_error = error[:ERROR_CHARS]
    db.session.commit()
    return job.status


def drain_mail(now: dt.datetime | None = None) -> list[str | None]:
    """Claim and send every e-mail due, in this thread (tests, and ``dispatch.drain``); the statuses."""
    return [send_mail(job_id) for job_id in claim_due_mail(now)]
