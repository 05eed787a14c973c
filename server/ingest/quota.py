"""Inserting a response into a survey with a quota: exactly up to the quota, however many arrive at once.

Counting the stored responses and then inserting is a race: five concurrent
sends each see one stored response under a quota of two and all insert. Here
the count and the insert are one statement whose condition reads the survey's
live quota, and the statement runs alone per survey:

- on SQLite a writing statement holds the database's write lock from its start,
  so the count it reads cannot change before its insert;
- on PostgreSQL the survey row is locked first (FOR NO KEY UPDATE, which leaves
  the foreign-key checks of other inserts alone) in the same transaction; the
  INSERT, a later statement, reads a snapshot taken after the previous holder of
  the lock committed.

Only surveys with a quota come here, bypassing the group-commit writer: their
inserts are serialised per survey anyway. Surveys without one keep their one
round trip (ingest/store.py).
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ..database import db
from ..models import Response, Survey
from ..outbox.outbox import add_events
from .writer import COLUMNS


@lru_cache(maxsize=2)
def quota_insert(dialect: str):
    """INSERT of one response, unless its UUID is stored or its survey is full; RETURNING the new id."""
    responses, surveys = Response.__table__, Survey.__table__
    survey_id = bindparam("survey_id", type_=responses.c.survey_id.type)
    taken = select(func.count()).select_from(responses).where(responses.c.survey_id == survey_id).scalar_subquery()
    room = exists().where(surveys.c.id == survey_id, or_(surveys.c.quota.is_(None), surveys.c.quota > taken))
    row = select(*[survey_id if name == "survey_id" else bindparam(name, type_=responses.c[name].type)
                   for name in COLUMNS]).where(room)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(responses).from_select(list(COLUMNS), row)
            .on_conflict_do_nothing(index_elements=["uuid"]).returning(responses.c.id))


def insert_within_quota(values: dict, events: list[dict] = ()) -> int | None:
    """Insert a response while its survey is under quota, and its outbox events in the same transaction; the new
    row id, or None (stored already, or full: then no event is written)."""
    # the request's session, not a second connection: a pool full of requests each holding one
    # and waiting for another would stall them all
    session = db.session
    dialect = session.get_bind().dialect.name
    try:
        if dialect == "postgresql":
            session.execute(select(Survey.id).where(Survey.id == values["survey_id"]).with_for_update(key_share=True))
        row_id = session.execute(quota_insert(dialect), values).scalar_one_or_none()
        if row_id is not None:
            add_events(session, list(events))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return row_id
