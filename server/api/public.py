"""The public widget API under /v1: config, responses and events (DESIGN §4)."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, request

from ..devices import parse_device
from ..errors import ApiError
from ..extensions import limiter
from ..ingest import record_events, record_response
from ..jsonbody import json_body
from ..loadshed import ingest_slot
from ..openapi import doc
from ..ratelimit import public_rules
from ..schemas.public import (
    EventBatchOutSchema,
    EventBatchSchema,
    ResponseInSchema,
    ResponseOutSchema,
    event_batch_schema,
    response_in_schema,
    response_out_schema,
)
from ..schemas.survey import PublicConfigSchema
from ..site_config import limited_config
from ..survey_cache import survey_view
from .cors import add_cors_headers, require_origin

bp = Blueprint("public", __name__, url_prefix="/v1")
bp.after_request(add_cors_headers)
SITE_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{4,32}$")


def site_key_in(body: dict) -> str:
    """The site a write is for, read before validation so that invalid floods are limited too."""
    key = body.get("site_key")
    return key if isinstance(key, str) and SITE_KEY_RE.match(key) else "-"


def config_headers(etag: str, max_age: int) -> list[tuple[str, str]]:
    """Caching headers of a config answer: browsers and CDNs keep it max_age seconds, then revalidate."""
    return [("ETag", f'"{etag}"'), ("Vary", "Origin, User-Agent"),
            ("Cache-Control", f"public, max-age={max_age}, stale-while-revalidate={5 * max_age}")]


def user_agent() -> str:
    return request.environ.get("HTTP_USER_AGENT", "")


@bp.get("/sites/<site_key>/config")
@doc("Active surveys of a site for the requester's device class", tag="widget",
     responses={200: ("The config", PublicConfigSchema), 304: "Unchanged since the ETag in If-None-Match"},
     errors=(403, 429), params=[{"in": "header", "name": "If-None-Match", "required": False,
                                      "schema": {"type": "string"}}])
def get_config(site_key: str):
    """Active surveys of a site for the requester's device class, cached and ETagged (no site: no surveys)."""
    device = parse_device(user_agent()).kind
    if not SITE_KEY_RE.match(site_key):
        return {"site": None, "device": device, "surveys": []}
    entry = limited_config(site_key, device, "read")
    if entry.status == 200:
        require_origin(entry.domains, required=False)
    headers = config_headers(entry.etag, current_app.config["CONFIG_MAX_AGE"])
    if entry.status == 200 and "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.contains_weak(entry.etag):
        return current_app.response_class(status=304, headers=headers)
    return current_app.response_class(entry.body, headers=headers, mimetype="application/json")


@bp.post("/responses")
@doc("Store a response, or complete one sent earlier under the same id", tag="widget", body=ResponseInSchema,
     responses={200: ("Merged into the stored response, or an identical re-send", ResponseOutSchema),
                201: ("Created", ResponseOutSchema)},
     errors=(400, 403, 404, 409, 413, 415, 422, 429, 503))
def post_response():
    """Store a response, or complete one sent earlier under the same id."""
    body = json_body(current_app.config["MAX_PUBLIC_BODY"])
    status, stored = store_response(body, request.remote_addr or "-", request.environ.get("HTTP_ORIGIN"),
                                    user_agent())
    return stored, status


def store_response(body: dict, ip: str, origin: str | None, agent: str) -> tuple[int, dict]:
    """Limit, validate and store one parsed response body (in an app context); the reply and its status.

    Shared by the route and the fast lane; raises ApiError or ValidationError on bad input.
    """
    limiter.hit(public_rules("write", site_key_in(body), ip))
    data = response_in_schema.load(body)
    with ingest_slot():
        survey = survey_view(data["site_key"], data["survey_id"])
        require_origin(survey.allowed_domains, required=True, origin=origin)
        status, stored = record_response(data, survey, parse_device(agent), ip)
    return status, response_out_schema.dump(stored)


@bp.post("/events")
@doc("Count a batch of displays, dismissals and closes", tag="widget", body=EventBatchSchema,
     responses={202: ("Stored; accepted counts the events not seen before", EventBatchOutSchema)},
     errors=(400, 403, 404, 413, 415, 422, 429, 503))
def post_events():
    """Count a batch of displays, dismissals and closes."""
    data = event_batch_schema.load(json_body(current_app.config["MAX_PUBLIC_BODY"]))
    entry = limited_config(data["site_key"], "desktop", "write")
    if entry.status != 200:
        raise ApiError(404, "Unknown site key.", {"site_key": ["Unknown site."]})
    require_origin(entry.domains, required=True)
    with ingest_slot():
        accepted = record_events(data["site_key"], data["events"])
    return {"accepted": accepted}, 202
