"""Saving and deleting surveys; every change drops the site's cached config at once."""
from __future__ import annotations

from sqlalchemy import func, select

from ..database import db
from ..extensions import config_cache
from ..models import Response, Site, Survey
from .definition import survey_schema
from .links import give_link_key
from .priority import by_priority, set_order

SURVEY_FIELDS = ("name", "kind", "touchpoint", "journey_stage", "status", "default_locale", "texts", "questions",
                 "followup", "trigger", "audience", "frequency", "appearance", "outcomes",
                 "schedule_start", "schedule_end", "quota", "link")
DUMP_ONLY = ("id", "site_id", "created_at", "updated_at", "link_key")


def apply_survey(survey: Survey, data: dict) -> Survey:
    """Copy a validated definition (survey_schema.load output) onto a survey."""
    for name in SURVEY_FIELDS:
        if name in data:
            setattr(survey, name, data[name])
    return survey


def definition_of(survey: Survey) -> dict:
    """A survey's editable definition, as the builder sends it back."""
    data = survey_schema.dump(survey)
    for key in DUMP_ONLY:
        data.pop(key, None)
    return data


def save_survey(site: Site, definition: dict, survey: Survey | None = None) -> Survey:
    """Validate a raw definition, create or update the survey, commit and invalidate the site's config."""
    data = survey_schema.load(definition)
    survey = apply_survey(survey or Survey(site=site), data)
    give_link_key(survey)
    db.session.add(survey)
    db.session.commit()
    config_cache.invalidate(site.key)
    return survey


def save_order(site: Site, survey_ids: list[int]) -> list[Survey]:
    """Place every survey of the site in the given order (catalog/priority.py), commit, invalidate its config."""
    set_order(list(site.surveys), survey_ids)
    db.session.commit()
    config_cache.invalidate(site.key)
    return by_priority(site.surveys)


def response_count(survey_id: int) -> int:
    """How many responses a survey has (what deleting it would delete)."""
    return db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey_id))


def delete_survey(survey: Survey) -> None:
    """Delete a survey with its responses and events, and invalidate the site's config."""
    key = survey.site.key
    db.session.delete(survey)
    db.session.commit()
    config_cache.invalidate(key)
