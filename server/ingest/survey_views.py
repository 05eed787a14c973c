"""What ingest needs to know about a survey, kept in process and re-read when its site changes.

Every response used to cost a SELECT of the survey and its site; the view below
is cached per survey and trusted while the site's config version (bumped by
every site or survey change, see delivery/config_cache.py) is the one it was read under,
and for at most CONFIG_CACHE_TTL seconds: like a cached config, a view must not outlive a
lost invalidation (a bump this process never saw, say because Redis was flushed first).
"""
from __future__ import annotations

import threading
import time
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from ..database import db
from ..errors import ApiError
from ..models import Site, Survey
from ..outbox.outbox import site_listens

EXTENSION = "touchpoint.survey_views"
OUTAGE_TTL = 5.0  # seconds a view is trusted while the version cannot be read (Redis down)


class SurveyView(NamedTuple):
    """The survey fields that validation, scoring and storage read (duck-types the Survey model)."""

    id: int
    site_id: int
    site_key: str
    allowed_domains: tuple[str, ...]
    ip_mode: str
    link_answers: bool
    kind: str
    status: str
    questions: list
    followup: dict
    outcomes: dict
    quota: int | None
    touchpoint: str
    journey_stage: str
    link_key: str | None
    link: dict  # the hosted link's settings: enabled, channel, hidden_fields
    outbox: bool  # something consumes the site's events (outbox.site_listens): only then are they written (docs/DECISIONS.md)


class ViewTable:
    """One app's views: survey id → (site version it was read under, read time, view)."""

    def __init__(self, versions, ttl: float):
        self.versions = versions  # the config cache: its site versions say when a view is stale
        self.ttl = ttl  # seconds a view is trusted at most, whatever the versions say
        self.lock = threading.Lock()
        self.views: dict[int, tuple[int | None, float, SurveyView]] = {}
        self.owner: dict[int, str] = {}  # survey id → site key (a survey never changes site)


def load_view(survey_id: int) -> SurveyView | None:
    """Read a survey, its site and whether the site's events are written (outbox/outbox.py), in one query."""
    row = db.session.execute(select(Survey, Site, site_listens().label("outbox")).join(Site)
                             .where(Survey.id == survey_id)).first()
    if row is None:
        return None
    survey, site, outbox = row
    return SurveyView(survey.id, site.id, site.key, tuple(site.allowed_domains or ()), site.ip_mode, site.link_answers,
                      survey.kind, survey.status, survey.questions, survey.followup or {}, survey.outcomes or {}, survey.quota,
                      survey.touchpoint, survey.journey_stage, survey.link_key, survey.link or {}, bool(outbox))


class SurveyViews:
    """The per-app cache of survey views, bound with init_app to the config cache whose versions it trusts."""

    def init_app(self, app, config_cache) -> None:
        app.extensions[EXTENSION] = ViewTable(config_cache, app.config["CONFIG_CACHE_TTL"])

    def fresh(self, survey_id: int) -> SurveyView | None:
        """The cached view while its site's version is unchanged and it is young, else one re-read."""
        table: ViewTable = current_app.extensions[EXTENSION]
        hit = table.views.get(survey_id)
        if hit is not None:
            version = table.versions.version(hit[2].site_key)
            age = time.monotonic() - hit[1]
            if (hit[0] == version and age < table.ttl) if version is not None else age < OUTAGE_TTL:
                return hit[2]
        owner = table.owner.get(survey_id)
        if owner is None:
            first = load_view(survey_id)
            if first is None:
                return None
            owner = table.owner[survey_id] = first.site_key
        # the version is read before the row, so a change in between is caught by the next request
        version = table.versions.version(owner)
        view = load_view(survey_id)
        if view is not None:
            with table.lock:
                if len(table.views) > 50_000:
                    table.views.clear()
                table.views[survey_id] = (version, time.monotonic(), view)
        return view

    def of_site(self, site_key: str, survey_id: int) -> SurveyView:
        """The survey a response is for, or a 404 naming the field that is wrong."""
        view = self.fresh(survey_id)
        if view is None:
            raise ApiError(404, "Unknown survey.", {"survey_id": ["Unknown survey."]})
        if view.site_key != site_key:
            raise ApiError(404, "This survey does not belong to that site.",
                           {"survey_id": ["Not a survey of this site."]})
        return view
