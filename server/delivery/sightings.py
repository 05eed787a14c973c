"""Which page origins ask for a site's config, allowed or refused: the admin's "last seen" and "refused" lists.

The config request is the hot path, so recording costs a dict lookup: each process
writes a given (site, origin) at most once every RECORD_EVERY seconds, in one upsert
on the request's session. A failed write never fails the config: it is logged and
tried again after the same interval. A site keeps at most MAX_REFUSED refused
origins at a time (random origins from a script must not fill the table); the list
shows the last 7 days. Behind a CDN only cache misses reach the server, so "last
seen" is as fresh as the CDN's max-age allows.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from ..database import db, is_postgres
from ..models import OriginSighting, Site, utcnow

RECORD_EVERY = 300.0  # seconds between two writes of one (site, origin) by one process
MAX_REFUSED = 50
MAX_REMEMBERED = 20_000  # (site, origin) pairs a process keeps times for
REFUSED_DAYS = 7
EXTENSION = "touchpoint.origin_sightings"
log = logging.getLogger("server.sightings")


class OriginSightings:
    """Bound with init_app; ``seen`` is called by the config route for every request with an Origin."""

    def init_app(self, app) -> None:
        app.extensions[EXTENSION] = {"written": {}, "lock": threading.Lock()}

    def seen(self, site_key: str, origin: str, allowed: bool) -> None:
        """Note that ``origin`` asked for ``site_key``'s config; written at most every RECORD_EVERY seconds."""
        state, now = current_app.extensions[EXTENSION], time.monotonic()
        key = (site_key, origin[:200], allowed)
        if now - state["written"].get(key, -RECORD_EVERY) < RECORD_EVERY:
            return
        with state["lock"]:
            if len(state["written"]) >= MAX_REMEMBERED:
                state["written"].clear()
            state["written"][key] = now
        try:
            record(site_key, key[1], allowed, utcnow())
            db.session.commit()
        except SQLAlchemyError as exc:
            db.session.rollback()
            log.warning("could not record origin %s for site %s: %s", key[1], site_key, exc.__class__.__name__)


def record(site_key: str, origin: str, allowed: bool, now: dt.datetime) -> None:
    """Upsert one sighting in the caller's transaction; a refused origin beyond MAX_REFUSED is not added."""
    site_id = db.session.scalar(select(Site.id).where(Site.key == site_key))
    if site_id is None:
        return
    if not allowed:
        refused = db.session.scalar(select(func.count()).select_from(OriginSighting).where(
            OriginSighting.site_id == site_id, OriginSighting.allowed.is_(False), OriginSighting.origin != origin))
        if refused >= MAX_REFUSED:
            return
    insert = (postgresql.insert if is_postgres() else sqlite.insert)(OriginSighting.__table__)
    db.session.execute(insert.values(site_id=site_id, origin=origin, allowed=allowed, first_seen_at=now,
                                     last_seen_at=now)
                       .on_conflict_do_update(index_elements=["site_id", "origin"],
                                              set_={"allowed": allowed, "last_seen_at": now}))


def sightings_of(site_id: int, now: dt.datetime) -> dict:
    """The admin's view: allowed origins with their last request, and origins refused in the last 7 days."""
    rows = db.session.scalars(select(OriginSighting).where(OriginSighting.site_id == site_id)
                              .order_by(OriginSighting.last_seen_at.desc())).all()
    since = now - dt.timedelta(days=REFUSED_DAYS)
    view = lambda row: {"origin": row.origin, "first_seen_at": row.first_seen_at, "last_seen_at": row.last_seen_at}
    return {"seen": [view(row) for row in rows if row.allowed],
            "refused": [view(row) for row in rows if not row.allowed and row.last_seen_at >= since]}
