"""Cases opened by the worker from the outbox's events, inside dispatch_events' one transaction.

``response.completed`` opens a case, not ``response.created``: a created answer
may still change (the widget sends later steps for a while) and has no comment
yet, while a completed one is final, comment included. ``recovery.submitted``
adds the customer's message to the case, or opens the case when the answer had
none (a detractor who went to the recovery page without completing the survey).
One case per response (a unique column), so a re-dispatched event opens none.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from sqlalchemy import select

from ..database import db
from ..models import Case, OutboxEvent, Recovery, Response, Site, Survey
from ..outbox.events import RECOVERY_SUBMITTED, RESPONSE_COMPLETED
from .rules import matches
from .workflow import add_recovery, open_case

CASE_SOURCES = (RESPONSE_COMPLETED, RECOVERY_SUBMITTED)


def response_uuid(event: OutboxEvent) -> uuidlib.UUID | None:
    """The response an event is about, or None."""
    try:
        return uuidlib.UUID(str((event.payload or {}).get("data", {}).get("response_id")))
    except ValueError:
        return None


def open_cases(events: list[OutboxEvent], now: dt.datetime) -> int:
    """Open or update the cases these events call for, on sites whose case rule is on; how many opened."""
    relevant = [event for event in events if event.type in CASE_SOURCES]
    if not relevant:
        return 0
    uuids = {response_uuid(event) for event in relevant} - {None}
    rows = db.session.execute(select(Response, Survey, Site).join(Survey, Survey.id == Response.survey_id)
                              .join(Site, Site.id == Response.site_id)
                              .where(Response.uuid.in_(uuids), Site.cases_enabled.is_(True))).all()
    found = {row[0].uuid: row for row in rows}
    cases = {case.response_id: case for case in db.session.scalars(
        select(Case).where(Case.response_id.in_([row[0].id for row in rows])))} if rows else {}
    opened = 0
    for event in relevant:
        row = found.get(response_uuid(event))
        if row is None:
            continue
        response, survey, site = row
        case = cases.get(response.id)
        if case is None and matches(site.case_rule, survey.kind, response.score, response.category):
            case = open_case(response, survey, site, now)
            if case is None:
                continue
            cases[response.id] = case
            opened += 1
            if event.type == RECOVERY_SUBMITTED:
                add_recovery(case, recovery_message(response.id), now)
        elif case is not None and event.type == RECOVERY_SUBMITTED:
            add_recovery(case, recovery_message(response.id), now)
    return opened


def recovery_message(response_id: int) -> str:
    """What the customer wrote on the recovery page ("" when they only left an e-mail)."""
    return db.session.scalar(select(Recovery.message).where(Recovery.response_id == response_id)) or ""
