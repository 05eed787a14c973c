"""Reading cases back: the inbox's views and counts, one case with its answer and timeline, and the metrics."""
from __future__ import annotations

import datetime as dt
from math import ceil

from sqlalchemy import and_, func, select
from sqlalchemy import case as when

from ..database import db
from ..models import Case, Recovery, Response, Site, Survey, User
from ..reporting.exports import response_record, response_rows
from .metrics import case_metrics, recovery_rate
from .overdue import overdue_condition
from .sla import missed

VIEWS = ("mine", "unassigned", "overdue", "all")
UNRESOLVED = Case.status != "resolved"


def view_condition(view: str, user: User, now: dt.datetime):
    """SQL for one inbox view: mine and unassigned hold unresolved cases; overdue the late ones; all, everything."""
    if view == "mine":
        return UNRESOLVED & (Case.owner_id == user.id)
    if view == "unassigned":
        return UNRESOLVED & Case.owner_id.is_(None)
    if view == "overdue":
        return overdue_condition(now)
    return Case.id.is_not(None)


def counts(user: User, now: dt.datetime) -> dict[str, int]:
    """How many cases each view holds, "all" counting the unresolved ones (the navigation's numbers)."""
    out = {view: db.session.scalar(select(func.count()).select_from(Case).where(view_condition(view, user, now)))
           for view in ("mine", "unassigned", "overdue")}
    out["all"] = db.session.scalar(select(func.count()).select_from(Case).where(UNRESOLVED))
    return out


def summary(case: Case, response: Response, site: Site, owner: User | None, now: dt.datetime) -> dict:
    """One inbox line."""
    return {"id": case.id, "site_id": site.id, "site_name": site.name, "survey_id": case.survey_id,
            "touchpoint": case.touchpoint, "status": case.status, "resolution": case.resolution,
            "owner_id": case.owner_id, "owner_email": owner.email if owner else None, "opened_at": case.opened_at,
            "first_action_at": case.first_action_at, "resolved_at": case.resolved_at,
            "first_action_due": case.first_action_due, "resolve_due": case.resolve_due,
            "overdue": bool(missed(case.status, case.first_action_at, case.first_action_due, case.resolve_due, now)),
            "score": response.score, "category": response.category, "comment": response.comment}


def case_page(view: str, user: User, now: dt.datetime, site_id: int | None, touchpoint: str | None,
              status: str | None, page: int, per_page: int) -> dict:
    """A page of one view under the filters, newest first."""
    where = [view_condition(view, user, now)]
    if site_id is not None:
        where.append(Case.site_id == site_id)
    if touchpoint is not None:
        where.append(Case.touchpoint == touchpoint)
    if status is not None:
        where.append(Case.status == status)
    total = db.session.scalar(select(func.count()).select_from(Case).where(*where))
    rows = db.session.execute(select(Case, Response, Site, User).join(Response, Response.id == Case.response_id)
                              .join(Site, Site.id == Case.site_id).outerjoin(User, User.id == Case.owner_id)
                              .where(*where).order_by(Case.opened_at.desc(), Case.id.desc())
                              .offset((page - 1) * per_page).limit(per_page)).all()
    return {"page": page, "per_page": per_page, "total": total, "pages": ceil(total / per_page) if total else 0,
            "items": [summary(*row, now) for row in rows]}


def case_detail(case: Case, now: dt.datetime) -> dict:
    """A case with its answer and recovery message, as the response list shows them, and the timeline."""
    response, site, survey = (db.session.get(Response, case.response_id), db.session.get(Site, case.site_id),
                              db.session.get(Survey, case.survey_id))
    owner = db.session.get(User, case.owner_id) if case.owner_id else None
    emails = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_({entry.user_id for entry in case.entries} - {None}))).all())
    return {**summary(case, response, site, owner, now), "survey_name": survey.name, "kind": survey.kind,
            "response": response_record(db.session.execute(response_rows(Response.id == response.id)).one()),
            "timeline": [{"id": entry.id, "at": entry.at, "kind": entry.kind, "user_email": emails.get(entry.user_id),
                          "text": entry.text, "data": entry.data} for entry in case.entries]}


def metric_rows(site_id: int, since: dt.datetime | None) -> list[dict]:
    """The SLA-relevant columns of a site's cases opened since ``since``."""
    query = select(Case.touchpoint, Case.status, Case.opened_at, Case.first_action_at, Case.resolved_at,
                   Case.first_action_due, Case.resolve_due).where(Case.site_id == site_id)
    if since is not None:
        query = query.where(Case.opened_at >= since)
    return [row._asdict() for row in db.session.execute(query)]


def site_case_metrics(site_id: int, since: dt.datetime | None, now: dt.datetime) -> dict:
    """Case metrics of a site and of each of its touchpoints, and its recovery rate."""
    rows = metric_rows(site_id, since)
    labels = sorted({row["touchpoint"] for row in rows})
    return {"site": case_metrics(rows, now),
            "touchpoints": {label: case_metrics([r for r in rows if r["touchpoint"] == label], now) for label in labels},
            "recovery": site_recovery_rate(site_id)}


def site_recovery_rate(site_id: int) -> dict:
    """The recovery rate of a site's customers (metrics.recovery_rate).

    A customer is known by the pseudonymous key of the browser that answered
    (ingest/privacy.py:visitor_key), or, for an answer without one, by the e-mail
    they consented to leave on the recovery form. A later answer of the same
    browser, or with the same consented e-mail, is that customer answering again.
    """
    email = func.lower(Recovery.email)
    consented = and_(Recovery.contact_consent.is_(True), Recovery.email.is_not(None))
    closed_rows = db.session.execute(
        select(Response.visitor_key, when((consented, email), else_=None), Case.resolved_at)
        .join(Response, Response.id == Case.response_id)
        .outerjoin(Recovery, Recovery.response_id == Case.response_id)
        .where(Case.site_id == site_id, Case.status == "resolved")).all()
    closed = [(customer_of(visitor, address), at) for visitor, address, at in closed_rows if visitor or address]
    if not closed:
        return recovery_rate([], [])
    visitors = {visitor for visitor, _, _ in closed_rows if visitor}
    addresses = {address for visitor, address, _ in closed_rows if address and not visitor}
    answers = [(f"v:{visitor}", at, category) for visitor, at, category in db.session.execute(
        select(Response.visitor_key, Response.created_at, Response.category)
        .where(Response.site_id == site_id, Response.visitor_key.in_(visitors)))] if visitors else []
    if addresses:
        answers += [(f"e:{address}", at, category) for address, at, category in db.session.execute(
            select(email, Response.created_at, Response.category).join(Recovery, Recovery.response_id == Response.id)
            .where(Response.site_id == site_id, consented, email.in_(addresses)))]
    return recovery_rate(closed, answers)


def customer_of(visitor: str | None, address: str | None) -> str:
    """Who a closed case's customer is: their browser's key when the answer had one, else their consented e-mail."""
    return f"v:{visitor}" if visitor else f"e:{address}"


def survey_case_metrics(site_id: int, touchpoint: str, since: dt.datetime | None, now: dt.datetime) -> dict:
    """What the results page shows: the metrics of the survey's touchpoint and of its site, and the recovery rate."""
    metrics = site_case_metrics(site_id, since, now)
    return {"touchpoint": metrics["touchpoints"].get(touchpoint, case_metrics([], now)), "site": metrics["site"],
            "recovery": metrics["recovery"]}
