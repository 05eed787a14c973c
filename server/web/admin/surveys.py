"""Surveys of a site: templates, create, edit, preview, status, duplicate, delete."""
from __future__ import annotations

from flask import Blueprint, current_app

from ...catalog.definition import SurveySchema, survey_schema, trigger_defaults
from ...catalog.link_tokens import personal_links
from ...catalog.links import link_path, qr_code
from ...catalog.priority import by_priority
from ...catalog.scoring import CLI_ITEMS, DEFAULT_THRESHOLDS, SCALES
from ...catalog.surveys import apply_survey, definition_of, delete_survey, response_count, save_order, save_survey
from ...catalog.templates import template, template_list
from ...delivery.site_config import public_survey_schema
from ...errors import ApiError
from ...models import Survey
from ...reporting.results import headlines
from ..hosts import public_url
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    DeletedSurveySchema,
    NewSurveyFromTemplateSchema,
    PersonalLinksRequestSchema,
    PersonalLinksSchema,
    PreviewSchema,
    StatusSchema,
    SurveyFormatSchema,
    SurveyOrderSchema,
    SurveySummarySchema,
    TemplateSchema,
    new_survey_from_template_schema,
    personal_links_request_schema,
    status_schema,
    survey_order_schema,
    survey_summary_schema,
    template_schema,
)
from .guard import read_only
from .lookups import site_or_404, survey_or_404

bp = Blueprint("surveys", __name__)
MAX_BODY = 256 * 1024


def summary_of(survey: Survey, head: dict) -> dict:
    """A line of the survey list: labels, status, trigger and the all-time headline."""
    return {"id": survey.id, "name": survey.name, "kind": survey.kind, "status": survey.status,
            "touchpoint": survey.touchpoint, "journey_stage": survey.journey_stage,
            "trigger_type": (survey.trigger or {}).get("type"), "placed": survey.priority is not None,
            "responses": head["responses"], "headline": head,
            "updated_at": survey.updated_at}


def survey_out(survey: Survey) -> dict:
    """A survey's full definition with its id, site and response count."""
    return {**survey_schema.dump(survey), "responses": response_count(survey.id)}


@bp.get("/templates")
@doc("The survey templates to start from", tag="admin surveys", responses={200: ("Templates", TemplateSchema(many=True))},
     errors=(), admin=True)
def list_templates():
    """Every template with a one-line description and its definition."""
    return template_schema.dump(template_list(), many=True)


@bp.get("/survey-format")
@doc("The rules of a survey definition: scales, default thresholds, CLI items and trigger defaults",
     tag="admin surveys", responses={200: ("The rules the builder follows", SurveyFormatSchema)}, errors=(), admin=True)
def get_survey_format():
    """What the builder needs to know of the definition, from the same tables the server validates with."""
    return SurveyFormatSchema().dump({"scales": SCALES, "default_thresholds": DEFAULT_THRESHOLDS,
                                      "cli_items": CLI_ITEMS, "trigger_defaults": trigger_defaults()})


@bp.get("/sites/<id:site_id>/surveys")
@doc("A site's surveys with response counts and headline scores", tag="admin surveys",
     responses={200: ("Surveys", SurveySummarySchema(many=True))}, errors=(404,), admin=True)
def list_surveys(site_id: int):
    """The site's surveys in the order they win when due together, each with its status, response count and
    all-time headline score."""
    return summaries(by_priority(site_or_404(site_id).surveys))


@bp.put("/sites/<id:site_id>/survey-order")
@doc("Set which survey wins when several are due at the same moment", tag="admin surveys", body=SurveyOrderSchema,
     responses={200: ("The surveys in their new order", SurveySummarySchema(many=True))}, errors=(400, 404, 422),
     admin=True)
def put_survey_order(site_id: int):
    """Place every survey of the site: the first listed wins over the others when they are due together."""
    site = site_or_404(site_id)
    return summaries(save_order(site, survey_order_schema.load(json_body(MAX_BODY))["survey_ids"]))


def summaries(surveys: list[Survey]) -> list[dict]:
    heads = headlines(surveys)
    return survey_summary_schema.dump([summary_of(s, heads[s.id]) for s in surveys], many=True)


@bp.post("/sites/<id:site_id>/surveys")
@doc("Create a survey from a full definition", tag="admin surveys", body=SurveySchema,
     responses={201: ("Created", SurveySchema)}, errors=(400, 404, 422), admin=True)
def create_survey(site_id: int):
    """Create a survey from a full definition (docs/SURVEY-FORMAT.md)."""
    site = site_or_404(site_id)
    return survey_out(save_survey(site, json_body(MAX_BODY))), 201


@bp.post("/sites/<id:site_id>/surveys/from-template")
@doc("Create a draft survey from a template", tag="admin surveys", body=NewSurveyFromTemplateSchema,
     responses={201: ("Created", SurveySchema)}, errors=(400, 404, 422), admin=True)
def create_survey_from_template(site_id: int):
    """Create a draft from a template, optionally renamed."""
    site = site_or_404(site_id)
    data = new_survey_from_template_schema.load(json_body(MAX_BODY))
    definition = {**template(data["template"]), "status": "draft"}
    definition["name"] = data.get("name", definition["name"])
    return survey_out(save_survey(site, definition)), 201


@bp.get("/surveys/<id:survey_id>")
@doc("One survey's full definition", tag="admin surveys", responses={200: ("The survey", SurveySchema)},
     errors=(404,), admin=True)
def get_survey(survey_id: int):
    """A survey's definition, its site and response count."""
    return survey_out(survey_or_404(survey_id))


@bp.put("/surveys/<id:survey_id>")
@doc("Replace a survey's definition", tag="admin surveys", body=SurveySchema,
     responses={200: ("Saved", SurveySchema)}, errors=(400, 404, 422), admin=True)
def replace_survey(survey_id: int):
    """Validate and save the whole definition; the site's cached config is dropped at once."""
    survey = survey_or_404(survey_id)
    return survey_out(save_survey(survey.site, json_body(MAX_BODY), survey))


@bp.patch("/surveys/<id:survey_id>/status")
@doc("Publish, pause or return a survey to draft", tag="admin surveys", body=StatusSchema,
     responses={200: ("Saved", SurveySchema)}, errors=(400, 404, 422), admin=True)
def set_status(survey_id: int):
    """Change only the status: draft, active or paused."""
    status = status_schema.load(json_body(MAX_BODY))["status"]
    survey = survey_or_404(survey_id)
    return survey_out(save_survey(survey.site, {**definition_of(survey), "status": status}, survey))


@bp.post("/surveys/<id:survey_id>/duplicate")
@doc("Copy a survey as a new draft", tag="admin surveys", responses={201: ("The copy", SurveySchema)},
     errors=(404,), admin=True)
def duplicate_survey(survey_id: int):
    """Copy a survey (without its responses) as a draft named "… (copy)"."""
    survey = survey_or_404(survey_id)
    name = survey.name[:113] + " (copy)"
    return survey_out(save_survey(survey.site, {**definition_of(survey), "name": name, "status": "draft"})), 201


@bp.delete("/surveys/<id:survey_id>")
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


@bp.get("/surveys/<id:survey_id>/link-qr.svg")
@doc("The QR code of a survey's hosted link, as SVG", tag="admin surveys", responses={200: "The image"},
     errors=(404,), admin=True)
def link_qr_svg(survey_id: int):
    """A QR code of the link's full URL, to place on a page; 404 naming ``link`` while the link is off."""
    return link_qr(survey_id, "svg")


@bp.get("/surveys/<id:survey_id>/link-qr.png")
@doc("The QR code of a survey's hosted link, as PNG", tag="admin surveys", responses={200: "The image"},
     errors=(404,), admin=True)
def link_qr_png(survey_id: int):
    """A QR code of the link's full URL, to print; 404 naming ``link`` while the link is off."""
    return link_qr(survey_id, "png")


@bp.post("/surveys/<id:survey_id>/personal-links")
@doc("Personal links of a single-use survey link, one per recipient reference", tag="admin surveys",
     body=PersonalLinksRequestSchema, responses={200: ("The links, in the order given", PersonalLinksSchema)},
     errors=(400, 404, 409, 422), admin=True)
def make_personal_links(survey_id: int):
    """For a mail merge: a personal link per reference (``?token=``), whose second answer replaces the first."""
    survey = survey_or_404(survey_id)
    refs = personal_links_request_schema.load(json_body(MAX_BODY))["refs"]
    if link_path(survey) is None or not survey.link.get("single_use"):
        raise ApiError(409, "This survey's link takes no personal links.",
                       {"link.single_use": ["Turn the link and its personal links on, and save first."]})
    return {"links": personal_links(current_app.config["SECRET_KEY"], survey.link_key, public_url(), refs)}


def link_qr(survey_id: int, fmt: str):
    """The QR image of a survey's link in a format, inline, named for saving."""
    path = link_path(survey_or_404(survey_id))
    if path is None:
        raise ApiError(404, "This survey's link is off.", {"link": ["Turn the link on and save first."]})
    image, mimetype = qr_code(public_url() + path, fmt)
    response = current_app.response_class(image, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="survey-{survey_id}-link.{fmt}"'
    return response
