"""Erasing what is stored for a site on its owner's request: every response, recovery answer and event."""
from __future__ import annotations

from sqlalchemy import delete, func, select

from ..database import db
from ..extensions import config_cache
from ..models import Event, EventCount, Recovery, Response, Site, Survey


def erase_site_responses(site: Site) -> dict[str, int]:
    """Delete every response, recovery answer and event of the site; returns how many of each."""
    surveys = select(Survey.id).where(Survey.site_id == site.id).scalar_subquery()
    counts = {
        "responses": db.session.scalar(select(func.count()).select_from(Response).where(Response.site_id == site.id)),
        "recoveries": db.session.scalar(select(func.count()).select_from(Recovery).join(Response)
                                        .where(Response.site_id == site.id)),
        "events": db.session.scalar(select(func.count()).select_from(Event).where(Event.survey_id.in_(surveys))),
        "event_counts": db.session.scalar(select(func.count()).select_from(EventCount)
                                          .where(EventCount.survey_id.in_(surveys))),
    }
    response_ids = select(Response.id).where(Response.site_id == site.id).scalar_subquery()
    db.session.execute(delete(Recovery).where(Recovery.response_id.in_(response_ids)))
    db.session.execute(delete(Response).where(Response.site_id == site.id))
    db.session.execute(delete(Event).where(Event.survey_id.in_(surveys)))
    db.session.execute(delete(EventCount).where(EventCount.survey_id.in_(surveys)))
    db.session.commit()
    config_cache.invalidate(site.key)  # quotas count responses: an erased survey may show again
    return counts
