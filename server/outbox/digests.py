"""Scheduled digests: each site whose digest is on gets one e-mail per period, recorded by a worker task.

The periodic task runs every hour; a digest's key names its site and period,
so however many times it runs (and on however many workers), each period's
digest is recorded once, at the first run after the period ends.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select

from ..database import db
from ..models import DigestSetting, Site, utcnow
from ..reporting.digest import digest_period, period_label, site_digest
from ..timezones import local_date
from .links import admin_link
from .mail_jobs import mail_row, record_mails, recorded_keys
from .messages import digest_mail


def digest_key(site_id: int, frequency: str, start: dt.datetime, zone: str) -> str:
    return f"digest:{site_id}:{frequency}:{local_date(start, zone).isoformat()}"


def record_due_digests(now: dt.datetime | None = None) -> int:
    """Record the digest of the last whole period for every site that has one on and none recorded; how many."""
    now = now or utcnow()
    try:
        settings = db.session.execute(select(DigestSetting, Site.time_zone).join(Site, Site.id == DigestSetting.site_id)
                                      .where(DigestSetting.frequency != "off")).all()
        due = {digest_key(s.site_id, s.frequency, digest_period(s.frequency, now, zone)[0], zone): s
               for s, zone in settings if s.recipients}
        rows = []
        for key in set(due) - recorded_keys(list(due)):
            setting = due[key]
            site = db.session.get(Site, setting.site_id)
            start, end = digest_period(setting.frequency, now, site.time_zone)
            mail = digest_mail(site.name, period_label(setting.frequency, start, end, site.time_zone), setting.frequency,
                               site_digest(site, start, end, now),
                               admin_link(current_app.config["PUBLIC_URL"], f"sites/{site.id}/map"))
            rows.append(mail_row(key, "digest", site.id, setting.recipients, mail, now))
        recorded = record_mails(rows)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return len(recorded)
