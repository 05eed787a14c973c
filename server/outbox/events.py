"""Event names and their payloads (Standard Webhooks shape: type, timestamp, data), built from plain values.

Builders are pure: ingest calls them with the values it is about to write, so
an event is added to the same transaction as its cause at the cost of a dict.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuidlib

RESPONSE_CREATED = "response.created"
RESPONSE_COMPLETED = "response.completed"
RECOVERY_SUBMITTED = "recovery.submitted"
CASE_OPENED, CASE_UPDATED, CASE_CLOSED = "case.opened", "case.updated", "case.closed"  # server/cases/workflow.py
ALERT_TRIGGERED = "alert.triggered"  # an alert rule fired (outbox/alerts.py)
TEST_EVENT = "webhook.test"  # what "send test event" sends; never written by ingest

EVENT_TYPES = (RESPONSE_CREATED, RESPONSE_COMPLETED, RECOVERY_SUBMITTED, CASE_OPENED, CASE_UPDATED, CASE_CLOSED,
               ALERT_TRIGGERED)
# what an endpoint may subscribe to today
SUBSCRIBABLE = (RESPONSE_CREATED, RESPONSE_COMPLETED, RECOVERY_SUBMITTED, CASE_OPENED, CASE_UPDATED, CASE_CLOSED,
                ALERT_TRIGGERED)


def new_event_id() -> str:
    """A fresh webhook-id: "msg_" and a random UUID's hex (unique without asking the database)."""
    return "msg_" + uuidlib.uuid4().hex


def iso(moment: dt.datetime) -> str:
    """An ISO-8601 UTC timestamp ending in Z."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def iso_or_none(moment: dt.datetime | None) -> str | None:
    """iso(), or None for a moment that has not come."""
    return iso(moment) if moment else None


def envelope(event_type: str, data: dict, at: dt.datetime) -> dict:
    """The Standard Webhooks payload: {"type", "timestamp", "data"}."""
    return {"type": event_type, "timestamp": iso(at), "data": data}


def response_data(values: dict, survey) -> dict:
    """What a receiver learns about a response: the answer, where it came from and the survey's touchpoint."""
    return {"response_id": str(values["uuid"]), "survey_id": survey.id, "site_key": survey.site_key,
            "kind": survey.kind, "touchpoint": survey.touchpoint, "stage": survey.journey_stage,
            "score": values["score"], "category": values["category"], "comment": values["comment"],
            "answers": values["answers"], "completed": values["completed"], "page_url": values["page_url"],
            "device": values["device"], "locale": values["locale"], "trigger": values["trigger"],
            "channel": values["channel"], "hidden_fields": values["hidden_fields"] or {},
            "created_at": iso(values["created_at"])}


def new_response_events(values: dict, survey) -> list[dict]:
    """The events of a newly stored response: created, and completed too when it arrived complete."""
    data = response_data(values, survey)
    types = [RESPONSE_CREATED, RESPONSE_COMPLETED] if values["completed"] else [RESPONSE_CREATED]
    return [outbox_row(kind, data, survey, values["created_at"]) for kind in types]


def outbox_row(event_type: str, data: dict, survey, at: dt.datetime) -> dict:
    """The column values of one outbox_events row for a survey's site."""
    return {"event_id": new_event_id(), "type": event_type, "site_id": survey.site_id, "survey_id": survey.id,
            "payload": envelope(event_type, data, at), "created_at": at}


def recovery_data(response, survey, message: str, email: str | None, consent: bool) -> dict:
    """What a receiver learns from a recovery form: the message, and the e-mail only with consent."""
    return {"response_id": str(response.uuid), "survey_id": survey.id, "site_key": survey.site.key,
            "touchpoint": survey.touchpoint, "stage": survey.journey_stage, "score": response.score,
            "category": response.category, "message": message, "contact_consent": consent,
            "email": email if consent else None}


def case_data(case, survey, response, site_key: str, owner_email: str | None, change: str) -> dict:
    """What a receiver learns about a case: its state, owner, deadlines and the answer it is about.

    ``change`` says what happened (opened, assigned, started, note, reply, recovery,
    overdue, reopened, resolved). Notes and replies stay in the admin: their text is
    not sent.
    """
    return {"case_id": case.id, "change": change, "status": case.status, "resolution": case.resolution,
            "response_id": str(response.uuid), "survey_id": survey.id, "site_key": site_key,
            "touchpoint": case.touchpoint, "score": response.score, "category": response.category,
            "owner_email": owner_email, "opened_at": iso(case.opened_at), "first_action_at": iso_or_none(case.first_action_at),
            "resolved_at": iso_or_none(case.resolved_at), "first_action_due": iso(case.first_action_due),
            "resolve_due": iso(case.resolve_due), "overdue": case.overdue_at is not None}
