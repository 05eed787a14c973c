"""Everything stored for one site: exported whole, or erased on the owner's request (DESIGN §8)."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import delete, func, select

from .exports import (
    SITE_COLUMNS,
    csv_lines,
    ndjson_lines,
    response_rows,
    site_cells,
    stream,
)
from .extensions import db
from .models import Event, EventCount, Recovery, Response, Site, Survey
from .site_config import invalidate_site

EXPORT_TYPES = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def site_by_key(site_key: str) -> Site | None:
    return db.session.execute(select(Site).where(Site.key == site_key)).scalar_one_or_none()


def site_export(site: Site, fmt: str) -> Iterator[str]:
    """Every response of the site (oldest first) with its recovery answer, as NDJSON or CSV text."""
    rows = stream(response_rows(Response.site_id == site.id, order_newest_first=False))
    if fmt == "csv":
        return csv_lines(SITE_COLUMNS, (site_cells(row) for row in rows))
    return ndjson_lines(rows)


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
    invalidate_site(site.key)  # quotas count responses: an erased survey may show again
    return counts


def delete_site(site: Site) -> None:
    """Delete a site with its surveys and all their data, and drop its cached config."""
    key = site.key
    db.session.delete(site)
    db.session.commit()
    invalidate_site(key)
