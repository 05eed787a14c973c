"""Displays, dismissals and closes: each event id counted once, into per-day counters for the response rate."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..database import db, is_postgres
from ..delivery.devices import parse_agent
from ..delivery.origins import require_origin
from ..errors import ApiError
from ..models import Event, EventCount, Site, Survey, utcnow
from ..runtime.loadshed import ingest_slot
from .store import refuse_bots


def dialect_insert(target):
    """INSERT with ON CONFLICT support for the bound database (PostgreSQL or SQLite)."""
    return (pg_insert if is_postgres() else sqlite_insert)(target)


def store_events(site_key: str, allowed_domains, events: list[dict], origin: str | None, user_agent: str) -> int:
    """Store a validated batch for a known site; how many events were new."""
    refuse_bots(parse_agent(user_agent))
    require_origin(origin, allowed_domains, required=True)
    with ingest_slot():
        return record_events(site_key, events)


def record_events(site_key: str, events: list[dict]) -> int:
    """Store a batch of events, counting each event id once; returns how many were new."""
    survey_ids = {e["survey_id"] for e in events}
    owned = set(db.session.scalars(select(Survey.id).join(Site).where(Site.key == site_key, Survey.id.in_(survey_ids))))
    errors = {f"events.{i}.survey_id": ["Not a survey of this site."]
              for i, e in enumerate(events) if e["survey_id"] not in owned}
    if errors:
        raise ApiError(422, "Some events name unknown surveys.", errors)
    now = utcnow()
    unique = {e["id"]: e for e in events}
    new = db.session.execute(dialect_insert(Event).values(
        [dict(uuid=e["id"], survey_id=e["survey_id"], type=e["type"], created_at=now) for e in unique.values()]
    ).on_conflict_do_nothing(index_elements=["uuid"]).returning(Event.survey_id, Event.type)).all()
    add_counts(now.date(), new)
    db.session.commit()
    return len(new)


def add_counts(day: dt.date, new_events: list[tuple[int, str]]) -> None:
    """Add newly stored events to the per-survey, per-day, per-type counters."""
    tally: dict[tuple[int, str], int] = {}
    for survey_id, etype in new_events:
        tally[(survey_id, etype)] = tally.get((survey_id, etype), 0) + 1
    if not tally:
        return
    stmt = dialect_insert(EventCount).values(
        [dict(survey_id=s, day=day, type=t, count=n) for (s, t), n in sorted(tally.items())])
    stmt = stmt.on_conflict_do_update(index_elements=["survey_id", "day", "type"],
                                      set_={"count": EventCount.count + stmt.excluded.count})
    db.session.execute(stmt)
