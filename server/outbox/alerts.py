"""Action alerts: which events a site's alert rules match, and the e-mails and alert.triggered events they record.

A rule fires on one kind of event only, so one answer never alerts twice:
``answer`` rules on ``response.completed`` (a complete answer, with its
comment; ``response.created`` is ignored), ``recovery`` rules on
``recovery.submitted``. Every condition a rule sets must hold.

``record_alerts`` runs inside the worker's dispatch transaction
(dispatch.dispatch_events): one e-mail per (rule, event) under a unique key,
and, for each e-mail newly recorded, an ``alert.triggered`` event for webhooks.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib

from flask import current_app
from sqlalchemy import select

from ..cases.routing import owner_for
from ..cases.workflow import touchpoint_owners
from ..database import db
from ..models import AlertRule, Case, OutboxEvent, Response, Site, User
from .events import ALERT_TRIGGERED, RECOVERY_SUBMITTED, RESPONSE_COMPLETED, envelope, new_event_id
from .links import response_link
from .mail_jobs import mail_row, record_mails
from .messages import alert_mail
from .outbox import add_events

TRIGGER_EVENTS = {"answer": RESPONSE_COMPLETED, "recovery": RECOVERY_SUBMITTED}


def word_found(word: str, text: str) -> bool:
    """The word starts a word of the text, ignoring case: "refund" finds "Refunds!" but "late" not "chocolate"."""
    word = word.strip()
    return bool(word) and re.search(r"(?<!\w)" + re.escape(word), text, re.IGNORECASE) is not None


def rule_matches(rule, event_type: str, survey_id: int | None, data: dict) -> bool:
    """True when the rule fires on this event: its trigger's event type, and every condition it sets (pure)."""
    if not rule.enabled or TRIGGER_EVENTS.get(rule.trigger) != event_type:
        return False
    if rule.survey_id is not None and rule.survey_id != survey_id:
        return False
    if rule.touchpoint and rule.touchpoint.strip().casefold() != (data.get("touchpoint") or "").strip().casefold():
        return False
    if rule.category and rule.category != data.get("category"):
        return False
    if rule.max_score is not None and (data.get("score") is None or data["score"] > rule.max_score):
        return False
    if rule.words:
        text = " ".join(part for part in (data.get("comment"), data.get("message")) if part)
        if not any(word_found(word, text) for word in rule.words):
            return False
    return True


def recipients(rule, facts: dict, owner_email: str | None = None) -> list[str]:
    """Who gets a rule's e-mail: its addresses, and the touchpoint's owner when the rule says so; each once."""
    addresses = [*rule.recipients, *([owner_email] if rule.notify_owner and owner_email else [])]
    return list(dict.fromkeys(address.strip().lower() for address in addresses if address.strip()))


def touchpoint_owner_email(site: Site, touchpoint: str | None, owners: dict[int, dict[str, int]]) -> str | None:
    """The e-mail of the user who owns an answer's touchpoint (else the site's default owner), as cases route."""
    if site.id not in owners:
        owners[site.id] = touchpoint_owners(site.id)
    user_id = owner_for(touchpoint or "", owners[site.id], site.default_owner_id)
    return db.session.scalar(select(User.email).where(User.id == user_id)) if user_id is not None else None


def facts_of(event: OutboxEvent) -> dict:
    """What an alert tells: the event's data, its answer's case when it has one (the link leads there), and for a
    recovery form the answer's page, device and comment."""
    data = dict((event.payload or {}).get("data") or {})
    try:
        key = uuidlib.UUID(str(data.get("response_id")))
    except ValueError:
        return data
    if event.type == RECOVERY_SUBMITTED:
        response = db.session.scalar(select(Response).where(Response.uuid == key))
        if response is not None:
            data.update(page_url=response.page_url, device=response.device, comment=response.comment)
    # cases open earlier in the same dispatch round (outbox/dispatch.py), so a new answer's case is here already
    data["case_id"] = db.session.scalar(select(Case.id).join(Response, Response.id == Case.response_id)
                                        .where(Response.uuid == key))
    return data


def alert_event_data(rule: AlertRule, event: OutboxEvent, facts: dict, site: Site) -> dict:
    """The alert.triggered payload's data (docs/ALERTS.md)."""
    return {"rule_id": rule.id, "rule_name": rule.name, "trigger": rule.trigger, "site_key": site.key,
            "source_event": {"id": event.event_id, "type": event.type},
            **{key: facts.get(key) for key in ("response_id", "case_id", "survey_id", "touchpoint", "stage", "score",
                                               "category", "comment", "message", "page_url", "device")},
            "email": facts.get("email") if facts.get("contact_consent") else None}


def record_alerts(events: list[OutboxEvent], now: dt.datetime) -> int:
    """Record one e-mail per (enabled rule, matching event) and its alert.triggered event; how many were new."""
    candidates = [event for event in events if event.type in TRIGGER_EVENTS.values()]
    if not candidates:
        return 0
    rules = db.session.scalars(select(AlertRule).where(AlertRule.site_id.in_({e.site_id for e in candidates}),
                                                       AlertRule.enabled.is_(True)).order_by(AlertRule.id)).all()
    pairs = [(rule, event) for event in candidates for rule in rules
             if rule.site_id == event.site_id and rule_matches(rule, event.type, event.survey_id,
                                                               (event.payload or {}).get("data") or {})]
    if not pairs:
        return 0
    sites = {site.id: site for site in db.session.scalars(select(Site).where(Site.id.in_({r.site_id for r, _ in pairs})))}
    base, rows, triggered, owners = current_app.config["PUBLIC_URL"], [], {}, {}
    facts_by_event: dict[int, dict] = {}
    for rule, event in pairs:
        if event.id not in facts_by_event:  # one read of the answer per event, however many rules match it
            facts_by_event[event.id] = facts_of(event)
            if not facts_by_event[event.id].get("contact_consent"):
                facts_by_event[event.id]["email"] = None  # never shown without consent, whatever the payload says
        facts = facts_by_event[event.id]
        owner = touchpoint_owner_email(sites[rule.site_id], facts.get("touchpoint"), owners) if rule.notify_owner else None
        to = recipients(rule, facts, owner)
        if not to:
            continue
        site, key = sites[rule.site_id], f"alert:{rule.id}:{event.id}"
        mail = alert_mail(facts, rule.name or f"Rule {rule.id}", site.name, rule.trigger, response_link(facts, base))
        rows.append(mail_row(key, "alert", site.id, to, mail, now, reply_to=facts.get("email"), rule_id=rule.id,
                             outbox_event_id=event.id))
        triggered[key] = (rule, event, facts, site)
    new = record_mails(rows)
    add_events(db.session, [{"event_id": new_event_id(), "type": ALERT_TRIGGERED, "site_id": site.id,
                             "survey_id": event.survey_id, "created_at": now,
                             "payload": envelope(ALERT_TRIGGERED, alert_event_data(rule, event, facts, site), now)}
                            for key, (rule, event, facts, site) in triggered.items() if key in new])
    return len(new)
