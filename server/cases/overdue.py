"""The overdue sweep: flag cases past a deadline, and e-mail each one's owner once.

The worker runs it every minute (server/outbox/queue.py). Flags are committed
before any e-mail goes out; an owner is e-mailed once per case (again only
after a reassignment or a reopening). A failed send is tried again next sweep.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from sqlalchemy import and_, or_, select

from ..database import db
from ..models import Case, Site, User, utcnow
from ..outbox.events import CASE_UPDATED
from ..outbox.links import case_link
from ..outbox.mail import MailError, build_message, mail_enabled, send
from .sla import missed
from .workflow import add_entry, write_event

log = logging.getLogger("server.cases")
SWEEP_BATCH = 500


def overdue_condition(now: dt.datetime):
    """SQL: an unresolved case past its first-action or its resolve deadline (sla.missed in SQL)."""
    return and_(Case.status != "resolved",
                or_(and_(Case.first_action_at.is_(None), Case.first_action_due <= now), Case.resolve_due <= now))


def flag_overdue(now: dt.datetime | None = None) -> list[int]:
    """Flag the unresolved cases that newly missed a deadline (timeline entry and case.updated); their ids."""
    now = now or utcnow()
    cases = db.session.scalars(select(Case).where(overdue_condition(now), Case.overdue_at.is_(None))
                               .order_by(Case.id).limit(SWEEP_BATCH)).all()
    for case in cases:
        case.overdue_at = now
        which = missed(case.status, case.first_action_at, case.first_action_due, case.resolve_due, now)
        add_entry(case, "overdue", None, now, data={"missed": which})
        write_event(case, CASE_UPDATED, "overdue", now)
    db.session.commit()
    return [case.id for case in cases]


def overdue_message(case: Case, owner: User, site: Site, config: Mapping):
    """The alert to a case's owner: which case, which site and touchpoint, and the link."""
    link = case_link(case.id, config.get("PUBLIC_URL"))
    text = (f"Case #{case.id} ({site.name}, {case.touchpoint or 'no touchpoint'}) is overdue.\n"
            f"First action due {case.first_action_due:%Y-%m-%d %H:%M} UTC, resolve due {case.resolve_due:%Y-%m-%d %H:%M} UTC.\n"
            + (f"Open it: {link}\n" if link else ""))
    return build_message(sender=config["MAIL_DEFAULT_SENDER"], to=[owner.email],
                         subject=f"Overdue case #{case.id} · {site.name}", text=text)


def notify_owners(config: Mapping, now: dt.datetime | None = None) -> int:
    """E-mail the owner of each flagged, unresolved case not yet notified; how many were sent."""
    if not mail_enabled(config):
        return 0
    now = now or utcnow()
    rows = db.session.execute(select(Case, User, Site).join(User, User.id == Case.owner_id)
                              .join(Site, Site.id == Case.site_id)
                              .where(Case.overdue_at.is_not(None), Case.overdue_notified_at.is_(None),
                                     Case.status != "resolved").order_by(Case.id).limit(SWEEP_BATCH)).all()
    sent = 0
    for case, owner, site in rows:
        try:
            send(overdue_message(case, owner, site, config), config)
        except MailError as exc:
            log.warning("overdue alert for case %s to %s failed: %s", case.id, owner.email, exc)
            continue
        case.overdue_notified_at = now
        db.session.commit()
        sent += 1
    db.session.rollback()
    return sent


def sweep(config: Mapping, now: dt.datetime | None = None) -> tuple[list[int], int]:
    """One round: flag, then notify; (flagged case ids, e-mails sent)."""
    return flag_overdue(now), notify_owners(config, now)
