"""The public config of a site for one device class, and its cached, ETagged form."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import current_app
from sqlalchemy import func, select

from .config_cache import CachedConfig
from .extensions import db, limiter
from .models import Response, Site, Survey, utcnow
from .ratelimit import public_rules
from .schemas.survey import PublicSiteSchema, PublicSurveySchema

public_survey_schema = PublicSurveySchema()
public_site_schema = PublicSiteSchema()


def visible_surveys(surveys: list[Survey], device: str, now: dt.datetime,
                    response_counts: dict[int, int]) -> list[Survey]:
    """Surveys the widget may show on ``device`` now: active, in schedule, under quota, device allowed."""
    if device == "bot":
        return []
    return [s for s in surveys
            if s.status == "active"
            and s.in_schedule(now)
            and (s.quota is None or response_counts.get(s.id, 0) < s.quota)
            and device in (s.audience or {}).get("devices", ("desktop", "tablet", "mobile"))]


def build_config(site: Site, device: str, now: dt.datetime) -> dict:
    """The config body for a site and device class, straight from the database."""
    active = [s for s in site.surveys if s.status == "active"]
    with_quota = [s.id for s in active if s.quota is not None]
    counts = {}
    if with_quota:
        rows = db.session.execute(select(Response.survey_id, func.count()).where(
            Response.survey_id.in_(with_quota)).group_by(Response.survey_id))
        counts = dict(rows.all())
    surveys = visible_surveys(active, device, now, counts)
    return {"site": public_site_schema.dump(site), "device": device,
            "surveys": [public_survey_schema.dump(s) for s in surveys]}


def unknown_site_config(device: str) -> dict:
    """What an unknown site key gets: no surveys, and ``site: null`` for the widget's debug warning.

    A 200, not a 404, because the browser itself logs every failed request in the
    host page's console, and a wrong key must leave no trace there (DESIGN §5).
    """
    return {"site": None, "device": device, "surveys": []}


def render(status: int, body: dict, domains: list[str]) -> CachedConfig:
    """Serialise once and derive a strong ETag from the bytes."""
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    return CachedConfig(status, hashlib.sha256(raw).hexdigest()[:20], tuple(domains), raw)


def cached_config(site_key: str, device: str) -> CachedConfig:
    """The site's config for ``device``: from the cache, or built and cached under the current version."""
    cache = current_app.extensions["touchpoint.config_cache"]
    version, entry = cache.get(site_key, device)
    if entry is not None:
        return entry
    site = db.session.execute(select(Site).where(Site.key == site_key)).scalar_one_or_none()
    if site is None:
        entry = render(404, unknown_site_config(device), [])
    else:
        entry = render(200, build_config(site, device, utcnow()), site.allowed_domains or [])
    cache.set(site_key, device, version, entry)
    return entry


def limited_config(site_key: str, device: str, kind: str) -> CachedConfig:
    """Count the request against the per-IP and per-site limits, then get the site's config."""
    limiter.hit(public_rules(kind, site_key))
    return cached_config(site_key, device)


def invalidate_site(site_key: str) -> None:
    """Drop a site's cached config everywhere, at once; call after any site or survey change."""
    current_app.extensions["touchpoint.config_cache"].invalidate(site_key)
