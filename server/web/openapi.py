"""The OpenAPI document, generated from the marshmallow schemas each route declares with @doc."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app

from .schemas.public import ErrorSchema

bp = Blueprint("openapi", __name__)
EXTENSION = "touchpoint.openapi"  # the document, built once per app
ERROR_STATUSES = {400: "Malformed request", 401: "No session", 403: "Forbidden", 404: "Not found",
                  409: "Conflict", 413: "Body too large", 415: "Wrong content type",
                  422: "Invalid fields", 429: "Rate limited", 503: "Busy or database unreachable"}


def doc(summary: str, *, tag: str, body=None, responses: dict | None = None, errors=(400, 404, 422, 429),
        params: list[dict] | None = None, admin: bool = False, content_type: str = "application/json"):
    """Declare a route's OpenAPI operation: request body schema, responses and the errors it can answer."""
    def decorate(view):
        view._openapi = dict(summary=summary, tag=tag, body=body, responses=responses or {},
                             errors=tuple(errors), params=params or [], admin=admin, content_type=content_type)
        return view
    return decorate


def _path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule)


def _content(schema, content_type: str) -> dict:
    return {content_type: {"schema": schema}}


def operation(view, rule, method: str) -> dict:
    """One OpenAPI operation object from a view's @doc metadata."""
    meta = view._openapi
    op = {"summary": meta["summary"], "tags": [meta["tag"]], "operationId": f"{method}_{rule.endpoint.replace('.', '_')}",
          "parameters": [{"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                         for name in sorted(rule.arguments)] + meta["params"],
          "responses": {}}
    if meta["body"] is not None:
        op["requestBody"] = {"required": True, "content": _content(meta["body"], meta["content_type"])}
    for status, spec in meta["responses"].items():
        if isinstance(spec, tuple):
            description, schema, ctype = (spec + ("application/json",))[:3]
            op["responses"][str(status)] = {"description": description}
            if schema is not None:
                op["responses"][str(status)]["content"] = _content(schema, ctype)
        else:
            op["responses"][str(status)] = {"description": spec}
    errors = set(meta["errors"]) | ({401, 403} if meta["admin"] else set())
    if method in ("post", "put", "patch", "delete"):
        errors |= {413, 415} if meta["body"] is not None else set()
        errors |= {403} if meta["admin"] else set()
    for status in sorted(errors):
        op["responses"][str(status)] = {"description": ERROR_STATUSES[status], "content": _content("Error", "application/json")}
    if meta["admin"]:
        op["security"] = [{"session": []}]
    return op


def build_spec(app) -> dict:
    """Walk the URL map and document every route that declares itself with @doc."""
    spec = APISpec(title="Touchpoint API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Public widget API (/v1) and admin API (/api/admin). "
                                        "Every error is {code, message, errors}."})
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "session"})
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        if view is None or not hasattr(view, "_openapi"):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(_path(rule.rule), {})[method.lower()] = operation(view, rule, method.lower())
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.get("/api/openapi.json")
def openapi_json():
    """The OpenAPI 3 document of the public and admin APIs."""
    cached = current_app.extensions.get(EXTENSION)
    if cached is None:
        cached = current_app.extensions[EXTENSION] = build_spec(current_app)
    return cached
