"""What happens to a case: opening, assigning, starting, notes, replies, resolving, reopening, being overdue.

Every change adds a timeline entry and, when the site's events are written,
its case.* event to the outbox in the same transaction. The caller commits.
A person's first status change, note, assignment or reply is the case's first
action, which its first SLA deadline measures.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..database import db, is_postgres
from ..errors import ApiError
from ..models import Case, CaseEntry, Response, Site, Survey, TouchpointOwner, User, utcnow
from ..outbox.events import CASE_CLOSED, CASE_OPENED, CASE_UPDATED, case_data, outbox_row
from ..outbox.outbox import add_events, site_has_listeners
from .routing import owner_for
from .sla import deadlines

# system entries (no user): opened, recovery, overdue; the rest are a person's actions
ENTRY_KINDS = ("opened", "recovery", "assigned", "started", "note", "reply", "resolved", "reopened", "overdue")
FIRST_ACTIONS = frozenset({"assigned", "started", "note", "reply", "resolved"})


def touchpoint_owners(site_id: int) -> dict[str, int]:
    """The owner of each touchpoint of a site, by touchpoint label."""
    rows = db.session.execute(select(TouchpointOwner.touchpoint, TouchpointOwner.user_id)
                              .where(TouchpointOwner.site_id == site_id))
    return dict(rows.all())


def write_event(case: Case, event_type: str, change: str, now: dt.datetime, listening: bool | None = None) -> None:
    """Add the case's event to the outbox in the caller's transaction, when the site's events are written."""
    if listening is None:
        listening = site_has_listeners(case.site_id)
    if not listening:
        return
    survey, response = db.session.get(Survey, case.survey_id), db.session.get(Response, case.response_id)
    site_key = db.session.get(Site, case.site_id).key
    owner = db.session.get(User, case.owner_id) if case.owner_id else None
    data = case_data(case, survey, response, site_key, owner.email if owner else None, change)
    add_events(db.session, [outbox_row(event_type, data, survey, now)])


def add_entry(case: Case, kind: str, user: User | None, now: dt.datetime, text: str = "",
              data: dict | None = None) -> CaseEntry:
    """Append to the timeline; a person's action counts as the first action when it is the first."""
    entry = CaseEntry(case=case, at=now, user_id=user.id if user else None, kind=kind, text=text, data=data or {})
    db.session.add(entry)
    if user is not None and kind in FIRST_ACTIONS and case.first_action_at is None:
        case.first_action_at = now
    case.updated_at = now
    return entry


def open_case(response: Response, survey: Survey, site: Site, now: dt.datetime, listening: bool = True
              ) -> Case | None:
    """Open the case of an answer, routed to its touchpoint's owner (else the site's default owner).

    None when the answer has a case already (another worker opened it first): the
    insert skips a taken response_id rather than failing the caller's transaction.
    """
    first_due, resolve_due = deadlines(now, site.sla_first_action_hours, site.sla_resolve_hours)
    owner_id = owner_for(survey.touchpoint, touchpoint_owners(site.id), site.default_owner_id)
    insert = postgresql.insert if is_postgres() else sqlite.insert
    case_id = db.session.scalar(insert(Case).values(
        site_id=site.id, survey_id=survey.id, response_id=response.id, touchpoint=survey.touchpoint, status="open",
        owner_id=owner_id, opened_at=now, first_action_due=first_due, resolve_due=resolve_due, updated_at=now,
    ).on_conflict_do_nothing(index_elements=["response_id"]).returning(Case.id))
    if case_id is None:
        return None
    case = db.session.get(Case, case_id)
    add_entry(case, "opened", None, now, data={"owner_id": owner_id, "score": response.score,
                                                "category": response.category})
    write_event(case, CASE_OPENED, "opened", now, listening)
    return case


def add_recovery(case: Case, message: str, now: dt.datetime, listening: bool = True) -> None:
    """The customer wrote on the recovery page: the message joins the timeline (the e-mail stays on the Recovery)."""
    add_entry(case, "recovery", None, now, text=message)
    write_event(case, CASE_UPDATED, "recovery", now, listening)


def assign(case: Case, owner: User | None, user: User, now: dt.datetime | None = None) -> Case:
    """Give the case to someone (or nobody); a new owner of an overdue case is alerted once too."""
    now = now or utcnow()
    if owner is not None and not owner.acts_on_cases:
        raise ApiError(422, "Viewers cannot own cases.", {"owner_id": ["Choose an admin or an agent."]})
    case.owner_id = owner.id if owner else None
    case.overdue_notified_at = None
    add_entry(case, "assigned", user, now, data={"owner_id": case.owner_id, "owner_email": owner.email if owner else None})
    write_event(case, CASE_UPDATED, "assigned", now)
    return case


def start(case: Case, user: User, now: dt.datetime | None = None) -> Case:
    """Open → in progress."""
    now = now or utcnow()
    if case.status != "open":
        raise ApiError(409, "Only an open case can be started.", {"status": [f"The case is {case.status}."]})
    case.status = "in_progress"
    add_entry(case, "started", user, now)
    write_event(case, CASE_UPDATED, "started", now)
    return case


def resolve(case: Case, resolution: str, user: User, now: dt.datetime | None = None) -> Case:
    """Close the case with a resolution code."""
    now = now or utcnow()
    if case.status == "resolved":
        raise ApiError(409, "The case is resolved already; reopen it first.", {"status": ["The case is resolved."]})
    case.status, case.resolution, case.resolved_at = "resolved", resolution, now
    add_entry(case, "resolved", user, now, data={"resolution": resolution})
    write_event(case, CASE_CLOSED, "resolved", now)
    return case


def reopen(case: Case, user: User, now: dt.datetime | None = None) -> Case:
    """Resolved → open again, with a fresh resolve deadline and no overdue flag."""
    now = now or utcnow()
    if case.status != "resolved":
        raise ApiError(409, "Only a resolved case can be reopened.", {"status": [f"The case is {case.status}."]})
    site = db.session.get(Site, case.site_id)
    case.status, case.resolution, case.resolved_at = "open", None, None
    case.resolve_due = deadlines(now, site.sla_first_action_hours, site.sla_resolve_hours)[1]
    case.overdue_at = case.overdue_notified_at = None
    add_entry(case, "reopened", user, now)
    write_event(case, CASE_UPDATED, "reopened", now)
    return case


def add_note(case: Case, text: str, user: User, now: dt.datetime | None = None) -> CaseEntry:
    """An internal note: on the timeline, never sent to the customer or a webhook."""
    now = now or utcnow()
    entry = add_entry(case, "note", user, now, text=text)
    write_event(case, CASE_UPDATED, "note", now)
    return entry
