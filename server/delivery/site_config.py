"""The public config of a site: the same bytes for every visitor, built once, cached and ETagged.

The body lists every survey the server offers now (active, in schedule, under
quota: delivery/audience.py decides) with its rules; the widget decides the
rest for its visitor, the device class included, so a CDN can hold the answer.
"""
from __future__ import annotations

import hashlib
import json

from marshmallow import Schema, fields
from sqlalchemy import select

from ..catalog.custom_css import custom_css_problem
from ..catalog.priority import by_priority
from ..database import db
from ..extensions import config_cache, limiter
from ..fields import StrictBool
from ..ingest.store import response_counts
from ..models import Site, utcnow
from ..runtime.ratelimit import public_rules
from .audience import offered
from .config_cache import CachedConfig


class PublicSurveySchema(Schema):
    """What the widget receives of a survey: no names, labels, quota or status."""

    id = fields.Integer()
    kind = fields.String()
    default_locale = fields.String()
    texts = fields.Dict()
    questions = fields.List(fields.Dict())
    followup = fields.Dict()
    trigger = fields.Dict()
    audience = fields.Dict()
    frequency = fields.Dict()
    schedule = fields.Method("dump_schedule")
    appearance = fields.Dict()
    outcomes = fields.Dict()

    def dump_schedule(self, survey) -> dict:
        """Schedule bounds as ISO-8601 strings (the widget re-checks them)."""
        def iso(value):
            return value.isoformat().replace("+00:00", "Z") if value else None
        return {"start": iso(survey.schedule_start), "end": iso(survey.schedule_end)}


class PublicSiteSchema(Schema):
    key = fields.String()
    cooldown_days = fields.Integer()
    honor_gpc = StrictBool()
    honor_dnt = StrictBool()


class PublicConfigSchema(Schema):
    """The body of GET /v1/sites/<site_key>/config."""

    site = fields.Nested(PublicSiteSchema, allow_none=True)
    surveys = fields.List(fields.Nested(PublicSurveySchema))


public_survey_schema = PublicSurveySchema()
public_site_schema = PublicSiteSchema()
UNKNOWN_SITE = {"site": None, "surveys": []}
"""What an unknown site key gets: no surveys, and ``site: null`` for the widget's debug warning.

A 200, not a 404, because the browser itself logs every failed request in the
host page's console, and a wrong site key must leave no trace there.
"""


def public_survey(survey) -> dict:
    """A survey as the widget receives it; custom CSS saved before today's rules is left out, not served."""
    body = public_survey_schema.dump(survey)
    appearance = body.get("appearance") or {}
    if custom_css_problem(appearance.get("custom_css") or ""):
        body["appearance"] = {**appearance, "custom_css": ""}
    return body


def build_config(site: Site) -> dict:
    """The config body of a site, straight from the database."""
    active = [s for s in by_priority(site.surveys) if s.status == "active"]  # the order decides who wins
    counts = response_counts([s.id for s in active if s.quota is not None])
    return {"site": public_site_schema.dump(site),
            "surveys": [public_survey(s) for s in offered(active, utcnow(), counts)]}


def render(status: int, body: dict, domains: list[str]) -> CachedConfig:
    """Serialise once and derive a strong ETag from the bytes."""
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    return CachedConfig.of(status, hashlib.sha256(raw).hexdigest()[:20], tuple(domains), raw)


def cached_config(site_key: str) -> CachedConfig:
    """The site's config: from the cache, or built and cached under the current version."""
    version, entry = config_cache.get(site_key)
    if entry is not None:
        return entry
    site = db.session.execute(select(Site).where(Site.key == site_key)).scalar_one_or_none()
    if site is None:
        entry = render(404, UNKNOWN_SITE, [])
    else:
        entry = render(200, build_config(site), site.allowed_domains or [])
    config_cache.set(site_key, version, entry)
    return entry


def limited_config(site_key: str, kind: str) -> CachedConfig:
    """Count the request against the per-IP and per-site limits, then get the site's config."""
    limiter.hit(public_rules(kind, site_key))
    return cached_config(site_key)
