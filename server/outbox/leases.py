"""Claiming rows under a lease: one conditional UPDATE, so two workers never both take a row.

Webhook deliveries (dispatch.py) and e-mails (mail_jobs.py) are claimed this way.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, update

from ..database import db


def lease_free(model, now: dt.datetime):
    """A row of ``model`` holds no live lease."""
    return or_(model.lease_until.is_(None), model.lease_until < now)


def lease(model, due, now: dt.datetime, seconds: float) -> list[int]:
    """Lease the rows of ``model`` that the ``due`` id query finds, with one conditional UPDATE (committed); their
    ids, each leased to this caller only."""
    free = lease_free(model, now)
    try:
        # the lease condition is checked again by the UPDATE itself (PostgreSQL re-reads a row changed meanwhile)
        ids = db.session.scalars(update(model).where(model.id.in_(due.scalar_subquery()), free)
                                 .values(lease_until=now + dt.timedelta(seconds=seconds))
                                 .returning(model.id)).all()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sorted(ids)
