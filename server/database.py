"""The SQLAlchemy object every model and query uses, and the engine settings of each backend."""
from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from .timezones import local_day_text


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)


def engine_options(url: str, settings) -> dict:
    """Pool settings: bounded waits on PostgreSQL so an outage answers 503 fast; a busy timeout on SQLite."""
    if url.startswith("postgresql"):
        return {"pool_size": settings["DB_POOL_SIZE"], "max_overflow": 0, "pool_timeout": settings["DB_POOL_TIMEOUT"],
                "pool_recycle": 1800, "pool_pre_ping": False,
                "connect_args": {"connect_timeout": settings["DB_CONNECT_TIMEOUT"], "application_name": "touchpoint"}}
    return {"connect_args": {"timeout": 15}}


def is_postgres() -> bool:
    """True when the current app's database is PostgreSQL."""
    return db.engine.dialect.name == "postgresql"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys (cascades) and use WAL so readers do not block the writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # the local day of a stored timestamp in a site's time zone (timezones.py); PostgreSQL has timezone()
        dbapi_connection.create_function("tp_local_day", 2, local_day_text, deterministic=True)
