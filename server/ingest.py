"""Storing responses and events: idempotent on the client's UUID, safe under concurrent re-sends."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .answers import comment_of, merge_answers, score_and_category, validate_answers
from .devices import Device
from .errors import ApiError
from .extensions import db
from .models import Event, EventCount, Response, Site, Survey, utcnow
from .privacy import mask_ip
from .response_insert import insert_new_response
from .site_config import invalidate_site
from .survey_cache import SurveyView


def dialect_insert(target):
    """INSERT with ON CONFLICT support for the bound database (PostgreSQL or SQLite)."""
    return (pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(target)


def path_of(url: str) -> str:
    """The path of a page URL, or "" when it does not parse."""
    try:
        return urlsplit(url).path[:2048]
    except ValueError:
        return ""


def record_response(data: dict, survey: SurveyView, device: Device, ip: str | None) -> tuple[int, dict]:
    """Create or complete a response; 201 when new, 200 when merged or repeated, 409 on a contradiction.

    A new response costs one database round trip (see response_insert), and the
    reply is built from the values written rather than read back.
    """
    answers = data["answers"]
    errors = validate_answers(survey, answers, data["completed"])
    if errors:
        raise ApiError(422, "Some answers do not fit the survey.", errors)
    now = utcnow()
    score, category = score_and_category(survey, answers)
    timings = data.get("timings") or {}
    values = dict(
        uuid=data["id"], survey_id=survey.id, site_id=survey.site_id, created_at=now, updated_at=now,
        completed=data["completed"], answers=answers, score=score, category=category,
        comment=comment_of(survey, answers), page_url=data["page_url"], page_path=path_of(data["page_url"]),
        referrer=data["referrer"], device=device.kind if device.kind != "bot" else "desktop",
        browser=device.browser, os=device.os, locale=data["locale"], trigger=data["trigger"],
        ip=mask_ip(ip, survey.ip_mode, current_app.config["SECRET_KEY"], now.date()),
        first_answer_ms=timings.get("first_answer_ms"), duration_ms=timings.get("duration_ms"))
    if insert_new_response(values) is None:
        return 200, merge_into_existing(data, survey)
    if survey.quota is not None:
        enforce_quota(survey)
    return 201, reply(values)


def reply(row) -> dict:
    """The acknowledgement the widget gets: the stored state of the response."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return {"id": get("uuid"), "survey_id": get("survey_id"), "score": get("score"),
            "category": get("category"), "completed": get("completed")}


def merge_into_existing(data: dict, survey: SurveyView) -> dict:
    """Fold a re-sent response into the stored one under a row lock; contradictions are 409."""
    stored = db.session.execute(select(Response).where(Response.uuid == data["id"]).with_for_update()).scalar_one()
    if stored.survey_id != survey.id:
        db.session.rollback()
        raise ApiError(409, "This response id belongs to another survey.", {"id": ["Already used for another survey."]})
    merged, conflicts = merge_answers(stored.answers or {}, data["answers"])
    if conflicts:
        db.session.rollback()
        raise ApiError(409, "A re-sent response contradicts the stored one.",
                       {f"answers.{key}": ["Differs from the stored answer."] for key in conflicts})
    completed = stored.completed or data["completed"]
    missing = validate_answers(survey, merged, completed)
    if missing:
        db.session.rollback()
        raise ApiError(422, "Some answers do not fit the survey.", missing)
    if merged != stored.answers or completed != stored.completed:
        score, category = score_and_category(survey, merged)
        db.session.execute(update(Response).where(Response.id == stored.id).values(
            answers=merged, completed=completed, score=score, category=category,
            comment=comment_of(survey, merged), updated_at=utcnow()))
    db.session.commit()
    return reply(db.session.get(Response, stored.id, populate_existing=True))


def enforce_quota(survey: SurveyView) -> None:
    """Once a survey reaches its quota, drop the cached config so the widget stops showing it."""
    count = db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id))
    if count >= survey.quota:
        invalidate_site(survey.site_key)


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
