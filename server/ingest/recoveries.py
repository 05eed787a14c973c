"""What a detractor tells the hosted recovery page: checked, then stored once per response.

Only a detractor's response takes a recovery message: the page is where the
widget sends detractors, and a promoter's (or anyone's) response UUID must not
become a way to file complaints under a happy answer.
"""
from __future__ import annotations

import uuid as uuidlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import db
from ..fields import unstorable
from ..models import Recovery, Response, Survey, utcnow
from ..outbox.events import RECOVERY_SUBMITTED, outbox_row, recovery_data
from ..outbox.outbox import add_events, site_has_endpoints

MAX_MESSAGE = 5000


def response_by_uuid(response_id: str) -> Response | None:
    """The response a recovery link names, or None for a malformed or unknown id."""
    try:
        key = uuidlib.UUID(response_id)
    except ValueError:
        return None
    return db.session.execute(select(Response).where(Response.uuid == key)).scalar_one_or_none()


def recovery_errors(response: Response | None, message: str, email: str | None, consent: bool) -> dict[str, str]:
    """What is wrong with a recovery form, by field; empty when it can be stored."""
    errors = {}
    if not message and not email:
        errors["message"] = "Tell us what went wrong, or leave an e-mail so we can ask."
    if len(message) > MAX_MESSAGE:
        errors["message"] = f"Please keep it under {MAX_MESSAGE} characters."
    if unstorable(message):  # PostgreSQL refuses NUL in text: a form error, not a failed insert
        errors["message"] = "Please remove the control characters from your message."
    if email and (len(email) > 254 or "@" not in email or any(c.isspace() or not c.isprintable() for c in email)):
        errors["email"] = "That does not look like an e-mail address."
    if email and not consent:
        errors["consent"] = "Tick the box so we may contact you, or leave the e-mail empty."
    if response is None:
        errors["response"] = "We have not received your answer yet. Please try again in a moment."
    elif response.category != "detractor":
        errors["response"] = "This page is for answers that told us something went wrong."
    return errors


def save_recovery(response: Response, message: str, email: str | None, consent: bool) -> None:
    """Store the recovery answer, with its recovery.submitted event in the same transaction when the site has an
    endpoint; a double submit keeps the first (and its one event). The e-mail is kept only with consent."""
    try:
        db.session.add(Recovery(response_id=response.id, message=message, contact_consent=consent,
                                email=email if consent else None))
        if site_has_endpoints(response.site_id):  # its query flushes the recovery: a double submit fails here
            survey = db.session.get(Survey, response.survey_id)
            add_events(db.session, [outbox_row(RECOVERY_SUBMITTED, recovery_data(response, survey, message, email,
                                                                                 consent), survey, utcnow())])
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
