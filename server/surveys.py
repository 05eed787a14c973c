"""Creating and changing sites and surveys; every change drops the site's cached config at once."""
from __future__ import annotations

from .extensions import db
from .models import Site, Survey
from .origins import normalise_domain
from .schemas.survey import survey_schema
from .site_config import invalidate_site

SURVEY_FIELDS = ("name", "kind", "touchpoint", "journey_stage", "status", "default_locale", "texts", "questions",
                 "followup", "trigger", "audience", "frequency", "appearance", "outcomes",
                 "schedule_start", "schedule_end", "quota")
SITE_FIELDS = ("name", "allowed_domains", "cooldown_days", "honor_gpc", "honor_dnt", "ip_mode")


def apply_survey(survey: Survey, data: dict) -> Survey:
    """Copy a validated definition (survey_schema.load output) onto a survey."""
    for name in SURVEY_FIELDS:
        if name in data:
            setattr(survey, name, data[name])
    return survey


def save_survey(site: Site, definition: dict, survey: Survey | None = None) -> Survey:
    """Validate a raw definition, create or update the survey, commit and invalidate the site's config."""
    data = survey_schema.load(definition)
    survey = apply_survey(survey or Survey(site=site), data)
    db.session.add(survey)
    db.session.commit()
    invalidate_site(site.key)
    return survey


def delete_survey(survey: Survey) -> None:
    """Delete a survey with its responses and events, and invalidate the site's config."""
    key = survey.site.key
    db.session.delete(survey)
    db.session.commit()
    invalidate_site(key)


def apply_site(site: Site, data: dict) -> Site:
    """Copy validated site settings; domains are normalised to bare host patterns."""
    for name in SITE_FIELDS:
        if name in data:
            value = data[name]
            if name == "allowed_domains":
                value = list(dict.fromkeys(d for d in map(normalise_domain, value) if d))
            setattr(site, name, value)
    return site


def save_site(data: dict, site: Site | None = None) -> Site:
    """Create or update a site from validated settings, commit and invalidate its config."""
    site = apply_site(site or Site(), data)
    db.session.add(site)
    db.session.commit()
    invalidate_site(site.key)
    return site
