"""Surveys of a site: templates, create, edit, preview, status, duplicate, delete."""
from __future__ import annotations

from sqlalchemy import func, select

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import json_body
from ..models import Response, Survey
from ..openapi import doc
from ..results import headlines
from ..schemas.admin import (
    DeletedSurveySchema,
    NewSurveyFromTemplateSchema,
    PreviewSchema,
    StatusSchema,
    SurveySummarySchema,
    TemplateSchema,
    new_survey_from_template_schema,
    status_schema,
    survey_summary_schema,
    template_schema,
)
from ..schemas.survey import PublicSurveySchema, SurveySchema, survey_schema
from ..survey_templates import TEMPLATES, template
from ..surveys import apply_survey, delete_survey, save_survey
from . import bp
from .guard import read_only
from .sites import site_or_404

MAX_BODY = 256 * 1024
DUMP_ONLY = ("id", "site_id", "created_at", "updated_at")
TEMPLATE_NOTES = {
    "nps": "How likely visitors are to recommend you, 0–10. Promoters get share buttons.",
    "csat": "How satisfied customers are, 1–5. Best right after an order or a support contact.",
    "ces": "How easy a task was, 1–7. Best right after checkout or sign-up.",
    "cli": "Loyalty from three 0–10 questions: recommend, buy again, try other products.",
    "exit_intent": "Asks visitors who are about to leave what stopped them.",
    "cart_abandonment": "Asks shoppers who leave a full cart what held them back.",
}
public_survey_schema = PublicSurveySchema()


def survey_or_404(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise ApiError(404, "No such survey.")
    return survey


def response_count(survey_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey_id))


def definition_of(survey: Survey) -> dict:
    """A survey's editable definition, as the builder sends it back."""
    data = survey_schema.dump(survey)
    for key in DUMP_ONLY:
        data.pop(key, None)
    return data


def summary_of(survey: Survey, head: dict) -> dict:
    """A line of the survey list: labels, status, trigger and the all-time headline."""
    return {"id": survey.id, "name": survey.name, "kind": survey.kind, "status": survey.status,
            "touchpoint": survey.touchpoint, "journey_stage": survey.journey_stage,
            "trigger_type": (survey.trigger or {}).get("type"), "responses": head["responses"], "headline": head,
            "updated_at": survey.updated_at}


def survey_out(survey: Survey) -> dict:
    """A survey's full definition with its id, site and response count."""
    return {**survey_schema.dump(survey), "responses": response_count(survey.id)}


@bp.get("/templates")
@doc("The survey templates to start from", tag="admin surveys", responses={200: ("Templates", TemplateSchema(many=True))},
     errors=(), admin=True)
def list_templates():
    """Every template with a one-line description and its definition."""
    return template_schema.dump([{"id": name, "name": t["name"], "kind": t["kind"], "trigger": t["trigger"]["type"],
                                  "description": TEMPLATE_NOTES.get(name, ""), "definition": template(name)}
                                 for name, t in TEMPLATES.items()], many=True)


@bp.get("/sites/<int:site_id>/surveys")
@doc("A site's surveys with response counts and headline scores", tag="admin surveys",
     responses={200: ("Surveys", SurveySummarySchema(many=True))}, errors=(404,), admin=True)
def list_surveys(site_id: int):
    """The site's surveys, each with its status, response count and all-time headline score."""
    surveys = list(site_or_404(site_id).surveys)
    heads = headlines(surveys)
    return survey_summary_schema.dump([summary_of(s, heads[s.id]) for s in surveys], many=True)


@bp.post("/sites/<int:site_id>/surveys")
@doc("Create a survey from a full definition", tag="admin surveys", body=SurveySchema,
     responses={201: ("Created", SurveySchema)}, errors=(400, 404, 422), admin=True)
def create_survey(site_id: int):
    """Create a survey from a full definition (docs/SURVEY-FORMAT.md)."""
    site = site_or_404(site_id)
    return survey_out(save_survey(site, json_body(MAX_BODY))), 201


@bp.post("/sites/<int:site_id>/surveys/from-template")
@doc("Create a draft survey from a template", tag="admin surveys", body=NewSurveyFromTemplateSchema,
     responses={201: ("Created", SurveySchema)}, errors=(400, 404, 422), admin=True)
def create_survey_from_template(site_id: int):
    """Create a draft from a template, optionally renamed."""
    site = site_or_404(site_id)
    data = new_survey_from_template_schema.load(json_body(MAX_BODY))
    definition = {**template(data["template"]), "status": "draft"}
    definition["name"] = data.get("name", definition["name"])
    return survey_out(save_survey(site, definition)), 201


@bp.get("/surveys/<int:survey_id>")
@doc("One survey's full definition", tag="admin surveys", responses={200: ("The survey", SurveySchema)},
     errors=(404,), admin=True)
def get_survey(survey_id: int):
    """A survey's definition, its site and response count."""
    return survey_out(survey_or_404(survey_id))


@bp.put("/surveys/<int:survey_id>")
@doc("Replace a survey's definition", tag="admin surveys", body=SurveySchema,
     responses={200: ("Saved", SurveySchema)}, errors=(400, 404, 422), admin=True)
def replace_survey(survey_id: int):
    """Validate and save the whole definition; the site's cached config is dropped at once."""
    survey = survey_or_404(survey_id)
    return survey_out(save_survey(survey.site, json_body(MAX_BODY), survey))


@bp.patch("/surveys/<int:survey_id>/status")
@doc("Publish, pause or return a survey to draft", tag="admin surveys", body=StatusSchema,
     responses={200: ("Saved", SurveySchema)}, errors=(400, 404, 422), admin=True)
def set_status(survey_id: int):
    """Change only the status: draft, active or paused."""
    status = status_schema.load(json_body(MAX_BODY))["status"]
    survey = survey_or_404(survey_id)
    return survey_out(save_survey(survey.site, {**definition_of(survey), "status": status}, survey))


@bp.post("/surveys/<int:survey_id>/duplicate")
@doc("Copy a survey as a new draft", tag="admin surveys", responses={201: ("The copy", SurveySchema)},
     errors=(404,), admin=True)
def duplicate_survey(survey_id: int):
    """Copy a survey (without its responses) as a draft named "… (copy)"."""
    survey = survey_or_404(survey_id)
    name = survey.name[:113] + " (copy)"
    return survey_out(save_survey(survey.site, {**definition_of(survey), "name": name, "status": "draft"})), 201


@bp.delete("/surveys/<int:survey_id>")
@doc("Delete a survey and all its responses", tag="admin surveys",
     responses={200: ("Deleted, with the number of responses deleted with it", DeletedSurveySchema)},
     errors=(404,), admin=True)
def remove_survey(survey_id: int):
    """Delete a survey; its responses, recovery answers and events go with it."""
    survey = survey_or_404(survey_id)
    count = response_count(survey.id)
    delete_survey(survey)
    return {"deleted": survey_id, "responses_deleted": count}


@bp.post("/surveys/preview")
@doc("Validate an unsaved definition and return what the widget would receive", tag="admin surveys",
     body=SurveySchema, responses={200: ("The public view (id 0) for the live preview", PreviewSchema)},
     errors=(400, 422), admin=True)
@read_only
def preview_survey():
    """Validate a definition without saving; answer the public view the preview iframe renders."""
    data = survey_schema.load(json_body(MAX_BODY))
    survey = apply_survey(Survey(id=0), data)
    return {"survey": public_survey_schema.dump(survey)}
