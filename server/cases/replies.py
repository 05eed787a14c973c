"""Replying to a customer from a case: only to the address they consented to be contacted at, by e-mail.

The reply is sent while the request waits, so the agent learns at once whether
it went; a failed send stores nothing. Its text joins the timeline.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ..database import db
from ..errors import ApiError
from ..models import Case, CaseEntry, Recovery, Site, User, utcnow
from ..outbox.events import CASE_UPDATED
from ..outbox.mail import MailError, build_message, mail_enabled, send
from .workflow import add_entry, write_event


def consented_address(case: Case) -> str | None:
    """The e-mail the customer left with consent on the recovery page, or None."""
    recovery = db.session.scalar(select(Recovery).where(Recovery.response_id == case.response_id))
    return recovery.email if recovery and recovery.contact_consent and recovery.email else None


def reply_refusal(case: Case, config: Mapping) -> ApiError | None:
    """Why this case cannot be replied to, or None when it can."""
    if consented_address(case) is None:
        return ApiError(409, "The customer did not agree to be contacted.",
                        {"contact_consent": ["No consented e-mail on the recovery page."]}, code="no_consent")
    if not mail_enabled(config):
        return ApiError(409, "E-mail is off on this server (MAIL_SERVER is not set).",
                        {"mail": ["E-mail is not configured."]}, code="mail_off")
    return None


def reply(case: Case, subject: str, text: str, user: User, config: Mapping) -> CaseEntry:
    """Send the reply to the consented address (Reply-To: the agent) and add it to the timeline."""
    refusal = reply_refusal(case, config)
    if refusal:
        raise refusal
    to = consented_address(case)
    site = db.session.get(Site, case.site_id)
    message = build_message(sender=config["MAIL_DEFAULT_SENDER"], to=[to], subject=subject or f"Your feedback to {site.name}",
                            text=text, reply_to=user.email)
    try:
        send(message, config)
    except MailError as exc:
        raise ApiError(503, "The e-mail could not be sent; try again in a moment.", {"mail": [str(exc)]},
                       code="mail_failed") from exc
    now = utcnow()
    entry = add_entry(case, "reply", user, now, text=text, data={"to": to, "subject": message["Subject"]})
    write_event(case, CASE_UPDATED, "reply", now)
    return entry
