"""What ingest needs to know about a survey, kept in process and re-read when its site changes.

Every response used to cost a SELECT of the survey and its site; the view below
is cached per survey and trusted while the site's config version (bumped by
every site or survey change, see config_cache) is the one it was read under.
"""
from __future__ import annotations

import threading
import time
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from .errors import ApiError
from .extensions import db
from .models import Site, Survey

OUTAGE_TTL = 5.0  # seconds a view is trusted while the version cannot be read (Redis down)


class SurveyView(NamedTuple):
    """The survey fields that validation, scoring and storage read (duck-types the Survey model)."""

    id: int
    site_id: int
    site_key: str
    allowed_domains: tuple[str, ...]
    ip_mode: str
    kind: str
    questions: list
    followup: dict
    outcomes: dict
    quota: int | None


class SurveyViews:
    """Per-app cache of survey views: survey id → (site version it was read under, read time, view)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.views: dict[int, tuple[int | None, float, SurveyView]] = {}
        self.owner: dict[int, str] = {}  # survey id → site key (a survey never changes site)


def _load(survey_id: int) -> SurveyView | None:
    row = db.session.execute(select(Survey, Site).join(Site).where(Survey.id == survey_id)).first()
    if row is None:
        return None
    survey, site = row
    return SurveyView(survey.id, site.id, site.key, tuple(site.allowed_domains or ()), site.ip_mode, survey.kind,
                      survey.questions, survey.followup or {}, survey.outcomes or {}, survey.quota)


def _fresh_view(survey_id: int) -> SurveyView | None:
    """The cached view while its site's version is unchanged, else one re-read after reading the version."""
    cache = current_app.extensions["touchpoint.config_cache"]
    cached: SurveyViews = current_app.extensions["touchpoint.survey_views"]
    hit = cached.views.get(survey_id)
    if hit is not None:
        version = cache.version(hit[2].site_key)
        if (hit[0] == version) if version is not None else time.monotonic() - hit[1] < OUTAGE_TTL:
            return hit[2]
    owner = cached.owner.get(survey_id)
    if owner is None:
        first = _load(survey_id)
        if first is None:
            return None
        owner = cached.owner[survey_id] = first.site_key
    # the version is read before the row, so a change in between is caught by the next request
    version = cache.version(owner)
    view = _load(survey_id)
    if view is not None:
        with cached.lock:
            if len(cached.views) > 50_000:
                cached.views.clear()
            cached.views[survey_id] = (version, time.monotonic(), view)
    return view


def survey_view(site_key: str, survey_id: int) -> SurveyView:
    """The survey a response is for, or a 404 naming the field that is wrong."""
    view = _fresh_view(survey_id)
    if view is None:
        raise ApiError(404, "Unknown survey.", {"survey_id": ["Unknown survey."]})
    if view.site_key != site_key:
        raise ApiError(404, "This survey does not belong to that site.", {"survey_id": ["Not a survey of this site."]})
    return view
