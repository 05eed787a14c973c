"""Where a response is stored: checked against its survey, idempotent on the client's UUID, safe under re-sends.

A new response costs one database round trip: on PostgreSQL through the
process's group-commit writer (ingest/writer.py), on SQLite one portable
INSERT … ON CONFLICT DO NOTHING. The reply is built from the values written
rather than read back. A re-send of a stored UUID is merged under a row lock.

What the survey allows (docs/DECISIONS.md):
- a new response needs an active survey under its quota (ingest/quota.py inserts
  exactly up to it); a re-send or completion of a stored UUID is merged even when
  the survey has been paused or filled since, so an answer begun is never cut off;
- a stored response takes new answers (or completion) for APPEND_WINDOW after it
  was created, not forever from anyone who learns its UUID (it travels in the
  recovery link); a re-send that adds nothing is acknowledged at any time;
- a completed response stays completed: re-sending it as incomplete is 409;
- except through a single-use link (catalog/link_tokens.py): its answers carry a personal link's token and
  write that token's one response, and a later answer through it replaces the stored one (answers, score,
  completion) at any time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..catalog.link_tokens import token_ref, token_response_id
from ..database import db
from ..delivery.devices import Device, parse_agent
from ..delivery.origins import require_origin
from ..errors import ApiError
from ..extensions import config_cache, response_writer, survey_views
from ..models import Response, utcnow
from ..outbox.events import RESPONSE_COMPLETED, new_response_events, outbox_row, response_data
from ..outbox.outbox import add_events
from ..runtime.loadshed import ingest_slot
from .answers import comment_of, merge_answers, score_and_category, validate_answers
from .privacy import mask_ip, visitor_key
from .quota import insert_within_quota
from .survey_views import SurveyView

# how long a stored response takes more answers: the widget sends its last answers within
# minutes, and retries a failed send with a backoff capped at 5 minutes while the page is open
APPEND_WINDOW = dt.timedelta(hours=1)


def path_of(url: str) -> str:
    """The path of a page URL, or "" when it does not parse."""
    try:
        return urlsplit(url).path[:2048]
    except ValueError:
        return ""


def refuse_bots(device: Device) -> None:
    """Crawlers get the same config as visitors; what they send is not a visitor's and is refused."""
    if device.kind == "bot":
        raise ApiError(403, "Automated clients do not answer surveys.",
                       {"User-Agent": ["Recognised as a bot or crawler."]}, code="bot")


def store_response(data: dict, ip: str | None, origin: str | None, user_agent: str,
                   own_origin: str | None = None) -> tuple[int, dict]:
    """Store one validated response body (response_in_schema output); the reply and its status.

    An answer from the popup comes from a page on one of the site's domains; one from a hosted link (``link``
    set) comes from this server's own link page, ``own_origin``."""
    device = parse_agent(user_agent)
    refuse_bots(device)
    with ingest_slot():
        survey = survey_views.of_site(data["site_key"], data["survey_id"])
        if data.get("link") is None:
            require_origin(origin, survey.allowed_domains, required=True)
        else:
            require_link(data, survey, origin, own_origin)
        return record_response(data, survey, device, ip)


def channel_of(data: dict, survey: SurveyView) -> str:
    """web for the popup; for a link, its label, or kiosk when its page runs in kiosk mode."""
    if not data.get("link"):
        return "web"
    return "kiosk" if data.get("kiosk") else survey.link.get("channel") or "link"


def require_link(data: dict, survey: SurveyView, origin: str | None, own_origin: str | None) -> None:
    """A link answer names the survey's link while it is on, comes from the link page, and carries only the
    hidden fields the link declares."""
    if not survey.link.get("enabled") or data["link"] != survey.link_key:
        raise ApiError(404, "This survey has no such link.", {"link": ["Not this survey's link, or it is off."]})
    if origin is None or origin != own_origin:
        raise ApiError(403, "A link's answers come from its own page.", {"Origin": ["Not the link page's origin."]},
                       code="origin_not_allowed")
    declared = survey.link.get("hidden_fields") or []
    unknown = {f"fields.{name}": ["Not a hidden field of this link."] for name in data["hidden_fields"] if name not in declared}
    if unknown:
        raise ApiError(422, "Some fields are not declared on the link.", unknown)
    if survey.link.get("single_use"):
        require_token(data, survey)


def require_token(data: dict, survey: SurveyView) -> None:
    """A single-use link's answer carries a personal link's token and writes the one response of that token."""
    secret = current_app.config["SECRET_KEY"]
    ref = token_ref(secret, survey.link_key, data.get("token"))
    if ref is None:
        raise ApiError(422, "This link takes answers through personal links only.",
                       {"token": ["Missing, altered, or another link's token."]})
    if data["id"] != token_response_id(secret, survey.link_key, ref):
        raise ApiError(422, "A personal link writes its own response.", {"id": ["Not this token's response."]})


def replacing(data: dict, survey: SurveyView) -> bool:
    """An answer through a single-use link (its token checked by require_token) replaces what its response holds."""
    return data.get("link") is not None and bool(survey.link.get("single_use"))


def record_response(data: dict, survey: SurveyView, device: Device, ip: str | None) -> tuple[int, dict]:
    """Create or complete a response; 201 when new, 200 when merged or repeated, 409 when the survey or the
    stored response does not allow it."""
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
        referrer=data["referrer"], device=device.kind, browser=device.browser, os=device.os,
        locale=data["locale"], trigger=data["trigger"],
        channel=channel_of(data, survey),
        hidden_fields=data.get("hidden_fields") or None,
        ip=mask_ip(ip, survey.ip_mode, current_app.config["SECRET_KEY"], now.date()),
        visitor_key=visitor_key(data.get("visitor"), survey.site_id, current_app.config["SECRET_KEY"],
                                survey.link_answers),
        first_answer_ms=timings.get("first_answer_ms"), duration_ms=timings.get("duration_ms"))
    if survey.status != "active":
        return 200, merge_or_refuse(data, survey, not_active)
    # the events go into the same transaction as the row; only sites with an endpoint pay for them
    events = new_response_events(values, survey) if survey.outbox else []
    if survey.quota is None:
        if insert_new_response(values, events) is None:
            return 200, merge_or_refuse(data, survey, erased_meanwhile)
        return 201, reply(values)
    if insert_within_quota(values, events) is None:
        return 200, merge_or_refuse(data, survey, quota_reached)
    enforce_quota(survey)
    return 201, reply(values)


def not_active(survey: SurveyView) -> ApiError:
    """The refusal of a new response to a draft or paused survey."""
    return ApiError(409, "This survey is not taking responses.", {"survey_id": [f"The survey is {survey.status}."]},
                    code="survey_not_active")


def quota_reached(survey: SurveyView) -> ApiError:
    """The refusal of a new response to a full survey; the config stops offering it as well."""
    config_cache.invalidate(survey.site_key)
    return ApiError(409, "This survey has all the responses it asked for.",
                    {"survey_id": [f"The survey reached its quota of {survey.quota} responses."]}, code="quota_reached")


def erased_meanwhile(survey: SurveyView) -> ApiError:
    """A UUID that was stored when the insert ran and is gone now (erased): a retry stores it anew."""
    return ApiError(503, "The response changed meanwhile; retry.", retry_after=1)


def insert_new_response(values: dict, events: list[dict] = ()) -> int | None:
    """Insert a response unless its UUID exists, and its outbox events with it (one transaction); returns the
    new row id, or None for a re-send (which writes no event)."""
    writer = response_writer.current
    if writer is not None:
        return writer.insert(values, events)
    try:
        if not events:  # one autocommit statement: no transaction to open when there is nothing else to write
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                return conn.execute(_portable_insert(), values).scalar_one_or_none()
        with db.engine.begin() as conn:
            row_id = conn.execute(_portable_insert(), values).scalar_one_or_none()
            if row_id is not None:
                add_events(conn, events)
            return row_id
    except IntegrityError as exc:  # nothing written, row and events alike; the writer answers the same on PostgreSQL
        raise ApiError(404, "The survey no longer exists.", {"survey_id": ["Unknown survey."]}) from exc


@lru_cache(maxsize=1)
def _portable_insert():
    table = Response.__table__
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=["uuid"]).returning(table.c.id)


def reply(row) -> dict:
    """The acknowledgement the widget gets: the stored state of the response."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return {"id": get("uuid"), "survey_id": get("survey_id"), "score": get("score"),
            "category": get("category"), "completed": get("completed")}


def merge_or_refuse(data: dict, survey: SurveyView, refusal: Callable[[SurveyView], ApiError]) -> dict:
    """Merge a re-send into its stored response; raise ``refusal(survey)`` when no response has its UUID."""
    merged = merge_into_existing(data, survey)
    if merged is None:
        raise refusal(survey)
    return merged


def merge_into_existing(data: dict, survey: SurveyView) -> dict | None:
    """Fold a re-sent response into the stored one under a row lock; None when none is stored, 409 on a contradiction."""
    stored = db.session.execute(select(Response).where(Response.uuid == data["id"]).with_for_update()
                                ).scalar_one_or_none()
    if stored is None:
        db.session.rollback()
        return None
    if stored.survey_id != survey.id:
        db.session.rollback()
        raise ApiError(409, "This response id belongs to another survey.", {"id": ["Already used for another survey."]})
    replace = replacing(data, survey)
    merged, conflicts = (data["answers"], ()) if replace else merge_answers(stored.answers or {}, data["answers"])
    if conflicts:
        db.session.rollback()
        raise ApiError(409, "A re-sent response contradicts the stored one.",
                       {f"answers.{key}": ["Differs from the stored answer."] for key in conflicts})
    if stored.completed and not data["completed"] and not replace:
        db.session.rollback()
        raise ApiError(409, "This response is completed already.",
                       {"completed": ["A completed response cannot be re-sent as incomplete."]},
                       code="already_completed")
    completed = data["completed"]
    missing = validate_answers(survey, merged, completed)
    if missing:
        db.session.rollback()
        raise ApiError(422, "Some answers do not fit the survey.", missing)
    if merged != stored.answers or completed != stored.completed:
        if utcnow() - stored.created_at > APPEND_WINDOW and not replace:
            db.session.rollback()
            raise ApiError(409, "This response no longer takes answers.",
                           {"id": [f"Answers are taken for {APPEND_WINDOW.total_seconds() / 60:.0f} minutes after the first."]},
                           code="response_closed")
        score, category = score_and_category(survey, merged)
        changes = dict(answers=merged, completed=completed, score=score, category=category,
                       comment=comment_of(survey, merged), updated_at=utcnow())
        # read before the UPDATE, which refreshes ``stored`` in the session
        # completed now, or completed again with other answers (a personal link answered anew)
        event = completed_event(stored, changes, survey) if completed and survey.outbox \
            and (not stored.completed or replace) else None
        db.session.execute(update(Response).where(Response.id == stored.id).values(**changes))
        if event is not None:
            add_events(db.session, [event])
    db.session.commit()
    return reply(db.session.get(Response, stored.id, populate_existing=True))


def completed_event(stored: Response, changes: dict, survey: SurveyView) -> dict:
    """The response.completed outbox row of a stored response completed now, with its merged values."""
    values = {name: getattr(stored, name) for name in ("uuid", "page_url", "device", "locale", "trigger", "channel",
                                                       "hidden_fields", "created_at")}
    return outbox_row(RESPONSE_COMPLETED, response_data({**values, **changes}, survey), survey, changes["updated_at"])


def response_counts(survey_ids: list[int]) -> dict[int, int]:
    """Stored responses per survey (what quotas count); one GROUP BY, none for an empty list."""
    if not survey_ids:
        return {}
    rows = db.session.execute(select(Response.survey_id, func.count())
                              .where(Response.survey_id.in_(survey_ids)).group_by(Response.survey_id))
    return dict(rows.all())


def enforce_quota(survey: SurveyView) -> None:
    """Once a survey reaches its quota, drop the cached config so the widget stops showing it."""
    if response_counts([survey.id]).get(survey.id, 0) >= survey.quota:
        config_cache.invalidate(survey.site_key)
