"""Reading results: the dashboard, the response list, the CSV export, the touchpoint map and the rule tester."""
from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, current_app, stream_with_context

from ...cases.queries import survey_case_metrics
from ...catalog.priority import by_priority
from ...delivery.audience import Visit, rule_test
from ...models import Survey, utcnow
from ...reporting.exports import survey_export
from ...reporting.results import Filters, response_page, survey_breakdowns, survey_summary
from ...reporting.touchpoints import touchpoint_map
from ...timezones import day_start
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    BreakdownsSchema,
    ResponsePageSchema,
    ResultsSchema,
    RuleTestResultSchema,
    RuleTestSchema,
    TouchpointMapSchema,
    responses_query_schema,
    result_filters_schema,
    results_query_schema,
    rule_test_result_schema,
    rule_test_schema,
    touchpoint_query_schema,
)
from .guard import read_only
from .lookups import query_args, site_or_404, survey_or_404

bp = Blueprint("results", __name__)


def filters_of(data: dict, survey: Survey) -> Filters:
    """The query's filters, their days read in the survey's site's time zone."""
    return Filters(**{key: data.get(key) for key in ("date_from", "date_to", "category", "device", "channel", "q")},
                   time_zone=survey.site.time_zone)


def since_of(data: dict, survey: Survey) -> dt.datetime | None:
    """The start of the filtered period as a UTC moment (cases opened since then count)."""
    start = data.get("date_from")
    return day_start(start, survey.site.time_zone) if start else None


@bp.get("/surveys/<id:survey_id>/results")
@doc("A survey's dashboard summary: headline, distribution, trend and response rate", tag="admin results",
     responses={200: ("The summary", ResultsSchema)}, errors=(404, 422), admin=True,
     query=results_query_schema)
def get_results(survey_id: int):
    """Aggregate the survey's responses under the filters (SQL GROUP BY; metrics from metrics.py)."""
    data = results_query_schema.load(query_args())
    survey = survey_or_404(survey_id)
    summary = survey_summary(survey, filters_of(data, survey), data["bucket"])
    cases = survey_case_metrics(survey.site_id, survey.touchpoint, since_of(data, survey), utcnow())
    return ResultsSchema().dump({"survey": survey, "filters": results_query_schema.dump(data), **summary,
                                 "cases": cases})


@bp.get("/surveys/<id:survey_id>/breakdowns")
@doc("A survey's score and counts by page, device, locale, trigger and channel", tag="admin results",
     responses={200: ("Breakdowns", BreakdownsSchema)}, errors=(404, 422), admin=True,
     query=result_filters_schema)
def get_breakdowns(survey_id: int):
    """The breakdown tables of the dashboard, under the same filters."""
    data = result_filters_schema.load(query_args())
    survey = survey_or_404(survey_id)
    return BreakdownsSchema().dump(survey_breakdowns(survey, filters_of(data, survey)))


@bp.get("/surveys/<id:survey_id>/responses")
@doc("A page of a survey's responses, newest first, with recovery answers", tag="admin results",
     responses={200: ("Responses", ResponsePageSchema)}, errors=(404, 422), admin=True,
     query=responses_query_schema)
def list_responses(survey_id: int):
    """One page of the filtered responses."""
    data = responses_query_schema.load(query_args())
    survey = survey_or_404(survey_id)
    page = response_page(survey.id, filters_of(data, survey), data["page"], data["per_page"])
    return ResponsePageSchema().dump(page)


def download_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "survey"


@bp.get("/surveys/<id:survey_id>/export.csv")
@doc("The filtered responses as CSV (streamed)", tag="admin results",
     responses={200: ("CSV, columns in docs/ADMIN.md", None, "text/csv")}, errors=(404, 422), admin=True,
     query=result_filters_schema)
def export_responses(survey_id: int):
    """Stream the filtered responses as CSV, fetched from the database in batches."""
    data = result_filters_schema.load(query_args())
    survey = survey_or_404(survey_id)
    body = survey_export(survey, filters_of(data, survey))
    response = current_app.response_class(stream_with_context(body), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(survey.name)}-{survey.id}.csv"'
    return response


@bp.get("/sites/<id:site_id>/touchpoints")
@doc("Every touchpoint of a site by journey stage, with score, trend and the weakest marked", tag="admin results",
     responses={200: ("The map", TouchpointMapSchema)}, errors=(404, 422), admin=True,
     query=touchpoint_query_schema)
def get_touchpoints(site_id: int):
    """The touchpoint map over the last N days, compared with the N days before."""
    query = touchpoint_query_schema.load(query_args())
    return TouchpointMapSchema().dump(touchpoint_map(site_or_404(site_id), query["days"], utcnow(), query["channel"]))


@bp.post("/sites/<id:site_id>/rule-test")
@doc("Which surveys of a site would show on a URL, and the first rule that stops each", tag="admin surveys",
     body=RuleTestSchema, responses={200: ("One verdict per survey", RuleTestResultSchema)},
     errors=(400, 404, 422), admin=True)
@read_only
def test_rules(site_id: int):
    """Evaluate every survey of the site against an imagined visit (status reported apart)."""
    data = rule_test_schema.load(json_body(4096))
    surveys = by_priority(site_or_404(site_id).surveys)  # in the order they win when due together
    return rule_test_result_schema.dump({**data, "surveys": rule_test(surveys, Visit(**data), utcnow())})
