"""The public API's fast lane: the two hottest requests answered before Flask builds a request.

Every page view asks for its site's config, and every answer is a POST of a
response. Profiled under gunicorn, Flask's request context, routing, hooks and
Response object cost more CPU than serving a cached config, and about a tenth
of storing an answer (docs/PERFORMANCE.md). This WSGI middleware answers the
common, successful cases itself with exactly the routes' headers and bodies:

- a config whose entry is cached, for an allowed origin, within rate limits;
- a well-formed response that is stored (201) or was already stored (200);
- a write that waited too long for a thread under overload (the route's fast 503).

Anything else — a miss, a refusal, bad input, a database error — is passed,
with its body intact, to the Flask routes in api/public.py. They remain the
reference implementation and answer every error in the one JSON shape.
"""
from __future__ import annotations

import io
import json
import re

from werkzeug.http import parse_etags, parse_options_header

from ..devices import parse_device
from ..errors import ApiError, error_document
from ..extensions import limiter
from ..gunicorn_worker import QUEUED_AT
from ..jsonbody import ACCEPTED_TYPES, parse_json
from ..loadshed import OVERLOADED, queued_too_long
from ..origins import origin_allowed
from ..ratelimit import public_rules
from .cors import cors_headers
from .public import config_headers, store_response

CONFIG_PATH = re.compile(r"^/v1/sites/([A-Za-z0-9_-]{4,32})/config$")
STATUS_LINES = {200: "200 OK", 201: "201 CREATED", 304: "304 NOT MODIFIED", 503: "503 SERVICE UNAVAILABLE"}


class PublicFastLane:
    """WSGI middleware in front of the Flask app (inside ProxyFix, so REMOTE_ADDR is the client's)."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        answer = None
        if method == "GET":
            match = CONFIG_PATH.match(path)
            answer = self.config(match.group(1), environ) if match else None
        elif method == "POST" and path in ("/v1/responses", "/v1/events"):
            if queued_too_long(environ, self.app.config["INGEST_MAX_QUEUE_SECONDS"]):
                answer = overloaded(environ)  # the cheapest possible refusal: the queue must drain
            else:
                # decided here: time spent in this lane before a fallback is not time in the queue
                environ.pop(QUEUED_AT, None)
                answer = self.response(environ) if path == "/v1/responses" else None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(STATUS_LINES[status], headers)
        return [body]

    def config(self, site_key: str, environ: dict) -> tuple[int, list, bytes] | None:
        """A cached config for an allowed origin within the limits, or None for the route."""
        device = parse_device(environ.get("HTTP_USER_AGENT", "")).kind
        _, entry = self.app.extensions["touchpoint.config_cache"].get(site_key, device)
        if entry is None or entry.status != 200:
            return None
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not origin_allowed(origin, entry.domains):
            return None
        try:
            limiter.hit(public_rules("read", site_key, environ.get("REMOTE_ADDR") or "-", self.app.config),
                        app=self.app)
        except ApiError:
            return None  # the route counts this request again and answers the 429
        headers = config_headers(entry.etag, self.app.config["CONFIG_MAX_AGE"]) + cors_headers(origin, True)
        none_match = environ.get("HTTP_IF_NONE_MATCH")
        if none_match and parse_etags(none_match).contains_weak(entry.etag):
            return 304, headers, b""
        return 200, headers + json_headers(entry.body), entry.body

    def response(self, environ: dict) -> tuple[int, list, bytes] | None:
        """A stored (or already stored) response, or None for the route, which gets the body back."""
        body = read_small_body(environ, self.app.config["MAX_PUBLIC_BODY"])
        if body is None:
            return None
        try:
            parsed = parse_json(body)
            if not isinstance(parsed, dict):
                return None
            origin = environ.get("HTTP_ORIGIN")
            with self.app.app_context():
                status, stored = store_response(parsed, environ.get("REMOTE_ADDR") or "-", origin,
                                                environ.get("HTTP_USER_AGENT", ""))
        except Exception:  # noqa: BLE001 — every failure is the route's to answer, in the one error shape
            environ["wsgi.input"] = io.BytesIO(body)
            return None
        payload = json.dumps(stored, separators=(",", ":"), sort_keys=True).encode() + b"\n"  # as Flask's jsonify
        return status, cors_headers(origin, False) + json_headers(payload), payload


def read_small_body(environ: dict, limit: int) -> bytes | None:
    """The request body when it is JSON or text/plain UTF-8 of a declared length within the limit."""
    mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    if mimetype not in ACCEPTED_TYPES or options.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    if not 0 < length <= limit:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # whatever happens next, the route can read it again
    return body if len(body) == length else None


def overloaded(environ: dict) -> tuple[int, list, bytes]:
    """The route's 503 for a request that queued too long, without parsing its body."""
    body = json.dumps(error_document(503, OVERLOADED.message, code=OVERLOADED.code), separators=(",", ":"),
                      sort_keys=True).encode() + b"\n"
    return 503, (cors_headers(environ.get("HTTP_ORIGIN"), False) + json_headers(body)
                 + [("Retry-After", str(OVERLOADED.retry_after))]), body


def json_headers(body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
