"""What a detractor tells the recovery step (the widget's, or the hosted page's): checked, stored once per response.

Only a detractor's response takes a recovery message: the page is where the
widget sends detractors, and a promoter's (or anyone's) response UUID must not
become a way to file complaints under a happy answer.
"""
from __future__ import annotations

import uuid as uuidlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..catalog.texts import recovery_wording as wording
from ..database import db
from ..errors import ApiError
from ..fields import unstorable
from ..models import Recovery, Response, Site, Survey, utcnow
from ..outbox.events import RECOVERY_SUBMITTED, outbox_row, recovery_data
from ..outbox.outbox import add_events, site_has_listeners

MAX_MESSAGE = 5000


def response_by_uuid(response_id: str) -> Response | None:
    """The response a recovery link names, or None for a malformed or unknown id."""
    try:
        key = uuidlib.UUID(response_id)
    except ValueError:
        return None
    return db.session.execute(select(Response).where(Response.uuid == key)).scalar_one_or_none()


def recovery_errors(response: Response | None, message: str, email: str | None, consent: bool) -> dict[str, str]:
    """What is wrong with a recovery form: field → the code of its problem (its wording is "error.<code>" in
    widget/src/outcome-texts.json); empty when it can be stored."""
    errors = {}
    if not message and not email:
        errors["message"] = "need"
    if len(message) > MAX_MESSAGE:
        errors["message"] = "long"
    if unstorable(message):  # PostgreSQL refuses NUL in text: a form error, not a failed insert
        errors["message"] = "control"
    if email and (len(email) > 254 or "@" not in email or any(c.isspace() or not c.isprintable() for c in email)):
        errors["email"] = "email"
    if email and not consent:
        errors["consent"] = "consent"
    if response is None:
        errors["response"] = "early"
    elif response.category != "detractor":
        errors["response"] = "category"
    return errors


def save_recovery(response: Response, message: str, email: str | None, consent: bool) -> bool:
    """Store the recovery answer, with its recovery.submitted event in the same transaction when the site's events
    are written; a double submit keeps the first (and its one event): False. The e-mail is kept only with consent."""
    try:
        db.session.add(Recovery(response_id=response.id, message=message, contact_consent=consent,
                                email=email if consent else None))
        if site_has_listeners(response.site_id):  # its query flushes the recovery: a double submit fails here
            survey = db.session.get(Survey, response.survey_id)
            add_events(db.session, [outbox_row(RECOVERY_SUBMITTED, recovery_data(response, survey, message, email,
                                                                                 consent), survey, utcnow())])
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False


def store_widget_recovery(data: dict) -> bool:
    """The widget's in-popup recovery step, checked like the hosted form and stored by the same function.

    A response not stored yet (the widget queues both, and they may cross) is a 425: the widget retries it.
    Another site's response is unknown here, as every malformed or missing id would be after a while.
    """
    response = response_by_uuid(str(data["response_id"]))
    site_id = db.session.scalar(select(Site.id).where(Site.key == data["site_key"]))
    if response is None or response.site_id != site_id:
        raise ApiError(425, "The answer this recovery belongs to has not arrived yet; retry shortly.",
                       {"response_id": ["Not stored yet."]}, code="response_not_stored", retry_after=2)
    message, email = data["message"].strip(), (data["email"] or "").strip() or None
    errors = recovery_errors(response, message, email, data["consent"])
    if errors:  # the hosted form's "response" is this request's response_id
        raise ApiError(422, "The recovery answer cannot be stored.",
                       {"response_id" if name == "response" else name: [wording("en")["error." + code]]
                        for name, code in errors.items()})
    return save_recovery(response, message, email, data["consent"])
