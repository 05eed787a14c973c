"""The public widget API under /v1: a site's config, responses and events. Each endpoint has this one code path."""
from __future__ import annotations

import json
from functools import lru_cache

from flask import Blueprint, current_app, request

from ..delivery.config_cache import CachedConfig
from ..delivery.origins import origin_allowed, require_origin
from ..delivery.site_config import UNKNOWN_SITE, PublicConfigSchema, limited_config
from ..errors import ApiError, error_document
from ..extensions import limiter, origin_sightings
from ..ingest.events import store_events
from ..ingest.recoveries import store_widget_recovery
from ..ingest.store import store_response
from ..models import SITE_KEY_RE
from ..runtime.loadshed import OVERLOADED
from ..runtime.ratelimit import public_rules
from .compression import accepts_gzip
from .hosts import public_url
from .jsonbody import json_body
from .openapi import doc
from .prepared import PreparedAnswer, representation, unchanged
from .schemas.public import (
    EventBatchOutSchema,
    EventBatchSchema,
    RecoveryInSchema,
    RecoveryOutSchema,
    ResponseInSchema,
    ResponseOutSchema,
    event_batch_schema,
    recovery_in_schema,
    response_in_schema,
    response_out_schema,
)

bp = Blueprint("public", __name__, url_prefix="/v1")  # CORS: web/headers.py adds it to every answer under /v1/
WRITES = ("/v1/responses", "/v1/events", "/v1/recoveries")  # the paths runtime/loadshed.py may refuse before Flask


def site_key_in(body: dict) -> str:
    """The site a write is for, read before validation so that invalid floods are limited too."""
    key = body.get("site_key")
    return key if isinstance(key, str) and SITE_KEY_RE.match(key) else "-"


@lru_cache(maxsize=2048)  # up to eight kinds per entry (gzip, Origin, 304 or not): a few hundred sites' configs
def config_answer(entry: CachedConfig, max_age: int, gzipped: bool, has_origin: bool,
                  not_modified: bool) -> PreparedAnswer:
    """The config answer for one entry and kind of request, made once and shared (web/prepared.py)."""
    return representation(config_headers(entry.etag, max_age, gzipped, has_origin), "application/json",
                          entry.gzipped if gzipped else entry.body, gzipped, not_modified)


def config_headers(etag: str, max_age: int, gzipped: bool, has_origin: bool) -> list[tuple[str, str]]:
    """Caching headers of a config answer, 200 or 304: browsers and CDNs keep it max_age seconds, then
    revalidate.

    The body is the same for every visitor, so it varies on Origin only (CORS echoes
    the page), and on Accept-Encoding (gzip or not). The CORS headers say Origin when
    there is one (web/headers.py joins it to this Vary); an answer to a request without
    one must say it too, or a shared cache would hand it to browsers. A compressed answer
    is another representation of the same config, so its validator is weak, as nginx
    makes it; If-None-Match compares weakly, so either one revalidates.
    """
    return [("ETag", f'W/"{etag}"' if gzipped else f'"{etag}"'),
            ("Cache-Control", f"public, max-age={max_age}, stale-while-revalidate={5 * max_age}"),
            ("Vary", "Accept-Encoding" if has_origin else "Accept-Encoding, Origin")]


@bp.get("/sites/<site_key>/config")
@doc("A site's surveys and their rules, the same for every visitor", tag="widget",
     responses={200: ("The config", PublicConfigSchema), 304: "Unchanged since the ETag in If-None-Match"},
     errors=(403, 429), params=[{"in": "header", "name": "If-None-Match", "required": False,
                                      "schema": {"type": "string"}}])
def get_config(site_key: str):
    """A site's config, cached and ETagged (an unknown site: no surveys), gzipped for clients that accept it."""
    if not SITE_KEY_RE.match(site_key):
        return UNKNOWN_SITE
    entry = limited_config(site_key, "read")
    environ = request.environ
    origin = environ.get("HTTP_ORIGIN")
    if entry.status == 200 and origin is not None:
        origin_sightings.seen(site_key, origin, origin_allowed(origin, entry.domains))
        require_origin(origin, entry.domains, required=False)
    return config_answer(entry, current_app.config["CONFIG_MAX_AGE"], accepts_gzip(environ), origin is not None,
                         entry.status == 200 and unchanged(environ, entry.etag))


@bp.post("/responses")
@doc("Store a response, or complete one sent earlier under the same id", tag="widget", body=ResponseInSchema,
     responses={200: ("Merged into the stored response, or an identical re-send", ResponseOutSchema),
                201: ("Created", ResponseOutSchema)},
     errors=(400, 403, 404, 409, 413, 415, 422, 429, 503))
def post_response():
    """Store a response, or complete one sent earlier under the same id."""
    body = json_body(current_app.config["MAX_PUBLIC_BODY"])
    limiter.hit(public_rules("write", site_key_in(body)))
    data = response_in_schema.load(body)
    status, stored = store_response(data, request.remote_addr or "-", request.environ.get("HTTP_ORIGIN"),
                                    request.environ.get("HTTP_USER_AGENT", ""),
                                    own_origin=public_url() if data["link"] is not None else None)
    return json_response(response_out_schema.dump(stored), status)


@bp.post("/recoveries")
@doc("Store what a detractor told the widget's recovery step (once per response)", tag="widget", body=RecoveryInSchema,
     responses={201: ("Stored", RecoveryOutSchema), 200: ("This response had a recovery answer already", RecoveryOutSchema)},
     errors=(400, 403, 404, 413, 415, 422, 425, 429))
def post_recovery():
    """Store a recovery answer sent from the popup, as the hosted page would."""
    data = recovery_in_schema.load(json_body(current_app.config["MAX_PUBLIC_BODY"]))
    entry = limited_config(data["site_key"], "write")
    if entry.status != 200:
        raise ApiError(404, "Unknown site key.", {"site_key": ["Unknown site."]})
    origin = request.environ.get("HTTP_ORIGIN")
    if origin is None or origin != public_url():  # a survey link's page is ours: its popup's recovery step too
        require_origin(origin, entry.domains, required=True)
    stored = store_widget_recovery(data)
    return json_response({"response_id": str(data["response_id"]), "stored": stored}, 201 if stored else 200)


@bp.post("/events")
@doc("Count a batch of displays, dismissals and closes", tag="widget", body=EventBatchSchema,
     responses={202: ("Stored; accepted counts the events not seen before", EventBatchOutSchema)},
     errors=(400, 403, 404, 413, 415, 422, 429, 503))
def post_events():
    """Count a batch of displays, dismissals and closes."""
    data = event_batch_schema.load(json_body(current_app.config["MAX_PUBLIC_BODY"]))
    entry = limited_config(data["site_key"], "write")
    if entry.status != 200:
        raise ApiError(404, "Unknown site key.", {"site_key": ["Unknown site."]})
    accepted = store_events(data["site_key"], entry.domains, data["events"], request.environ.get("HTTP_ORIGIN"),
                            request.environ.get("HTTP_USER_AGENT", ""))
    return {"accepted": accepted}, 202


def json_response(document: dict, status: int):
    """A small JSON answer, serialised once, compactly (the hot path: no JSON provider round)."""
    return current_app.response_class(json.dumps(document, separators=(",", ":")), status=status,
                                      content_type="application/json")


def overloaded(environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """The 503 that load shedding answers before Flask, in the one error shape."""
    body = json.dumps(error_document(503, OVERLOADED.message, code=OVERLOADED.code), separators=(",", ":")).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
               ("Retry-After", str(OVERLOADED.retry_after))]
    return "503 SERVICE UNAVAILABLE", headers, body  # web/headers.py adds CORS, so that the widget can read it
