"""Alert rules, a digest and a few recorded e-mails for admin screens: sent, retrying, and recorded while off."""
from __future__ import annotations

import datetime as dt

from server.extensions import db
from server.models import MailJob, Site
from server.outbox.alert_rules import create_rule, save_digest

# (kind, subject, status, last error), oldest first
MAILS = [("alert", "Alert: 2 (Detractor) · Checkout · Demo shop", "sent", ""),
         ("digest", "Touchpoint weekly digest · Demo shop · 2026-11-23 to 2026-11-29", "sent", ""),
         ("alert", "Alert: 0 (Detractor) · Product page · Demo shop", "failed",
          "ConnectionRefusedError: [Errno 111] Connection refused"),
         ("alert", "Alert: 3 (Detractor) · Checkout · Demo shop", "mail_off", "MAIL_SERVER is not set.")]


def add_alerts(app, site_id: int, survey_id: int) -> int:
    """Two rules (one off), a weekly digest and four logged e-mails; the first rule's id."""
    with app.app_context():
        site = db.session.get(Site, site_id)
        first = create_rule(site, {"name": "Checkout detractors", "survey_id": survey_id, "category": "detractor",
                                   "words": ["refund", "never arrived"],
                                   "recipients": ["support@shop.example", "lead@shop.example"]})
        create_rule(site, {"name": "Recovery forms", "trigger": "recovery", "enabled": False,
                           "recipients": ["care@shop.example"]})
        save_digest(site, "weekly", ["team@shop.example"])
        now = dt.datetime.now(dt.UTC)
        for n, (kind, subject, status, error) in enumerate(MAILS):
            at = now - dt.timedelta(hours=len(MAILS) - n)
            db.session.add(MailJob(key=f"demo:{n}", kind=kind, site_id=site_id, recipients=["support@shop.example"],
                                   subject=subject, text="", html="", status=status, attempts=1 if error else 0,
                                   last_error=error, created_at=at, sent_at=at if status == "sent" else None))
        db.session.commit()
        return first.id
