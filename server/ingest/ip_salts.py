"""The salt of each UTC day's IP hashes: random, shared by every process through the database, then forgotten.

A hash keyed only by SECRET_KEY and the date can be reversed by anyone who holds
the key, for ever, by trying addresses (a /16 takes a fraction of a second).
Keyed also by a random salt per day that is deleted two days on, a stored hash
cannot be reversed by anyone, operators included, once its day's salt is gone.

The first use of a day in a process costs three short autocommit statements on
a connection of its own, outside the request's session and the pool (a request
holding a pooled connection must never wait for a second one): insert a salt
unless another process did, read back the one that won, delete the salts of days
before yesterday. Every later use that day is a dict lookup.
"""
from __future__ import annotations

import datetime as dt
import secrets
import threading

from flask import current_app
from sqlalchemy import create_engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from ..database import db
from ..models import IpSalt

EXTENSION = "touchpoint.ip_salts"
# yesterday's salt is kept: another process, or a request begun just before midnight UTC, may still hash with it
KEEP_DAYS = 1


def oldest_kept(day: dt.date) -> dt.date:
    """The oldest day whose salt still exists once ``day`` is in use."""
    return day - dt.timedelta(days=KEEP_DAYS)


def salt_engine(engine: Engine, connect_args: dict) -> Engine:
    """An unpooled engine on the app's database; the app's own one for an in-memory SQLite (one connection)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return engine
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


def fetch_salt(engine: Engine, day: dt.date) -> str:
    """The salt of ``day``, created if no process has yet; deletes the salts past keeping."""
    table = IpSalt.__table__
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)
        conn.execute(insert.values(day=day, salt=secrets.token_hex(32)).on_conflict_do_nothing(index_elements=["day"]))
        salt = conn.execute(select(table.c.salt).where(table.c.day == day)).scalar_one()
        conn.execute(delete(table).where(table.c.day < oldest_kept(day)))
    return salt


class SaltStore:
    """One app's salts in this process: the days still kept, read from the database once each."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._salts: dict[dt.date, str] = {}
        self._lock = threading.Lock()

    def of_day(self, day: dt.date) -> str:
        """The salt of ``day`` (a UTC date)."""
        salt = self._salts.get(day)
        if salt is not None:
            return salt
        with self._lock:  # one fetch per day per process, however many requests arrive at midnight
            salt = self._salts.get(day)
            if salt is None:
                salt = fetch_salt(self.engine, day)
                # the process forgets old salts too: a copy in memory would outlive the deleted row
                kept = {known: value for known, value in self._salts.items() if known >= oldest_kept(day)}
                self._salts = {**kept, day: salt}
        return salt


class IpSalts:
    """The salt stores as an extension: one SaltStore per app, bound with init_app."""

    def init_app(self, app) -> None:
        """Give the app its store; its engine connects only when a salt is first needed."""
        with app.app_context():
            engine = salt_engine(db.engine, app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {}))
        app.extensions[EXTENSION] = SaltStore(engine)

    @staticmethod
    def of(app) -> SaltStore:
        """An app's salt store."""
        return app.extensions[EXTENSION]

    @property
    def current(self) -> SaltStore:
        """The current app's salt store."""
        return self.of(current_app)
