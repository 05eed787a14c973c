"""The OpenAPI document, generated from the marshmallow schemas each route declares with @doc."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from flask import Blueprint, current_app
from werkzeug.routing import IntegerConverter

from .schemas.public import ErrorSchema

bp = Blueprint("openapi", __name__)
EXTENSION = "touchpoint.openapi"  # the document, built once per app
ERROR_STATUSES = {400: "Malformed request", 401: "No session", 403: "Forbidden", 404: "Not found",
                  409: "Conflict", 413: "Body too large", 415: "Wrong content type",
                  422: "Invalid fields", 425: "Too early: what it refers to has not arrived yet; retry",
                  429: "Rate limited", 503: "Busy or database unreachable"}


def doc(summary: str, *, tag: str, body=None, responses: dict | None = None, errors=(400, 404, 422, 429),
        query=None, params: list[dict] | None = None, admin: bool = False, content_type: str = "application/json"):
    """Declare a route's OpenAPI operation: request body schema, query schema, responses and its errors.

    ``query`` is the marshmallow schema the handler loads its query string with,
    so the documented parameters are the ones the handler checks; ``params``
    holds any other parameter (headers) as OpenAPI objects.
    """
    def decorate(view):
        view._openapi = dict(summary=summary, tag=tag, body=body, responses=responses or {},
                             errors=tuple(errors), query=query, params=params or [], admin=admin,
                             content_type=content_type)
        return view
    return decorate


def _path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule)


def _content(schema, content_type: str) -> dict:
    return {content_type: {"schema": schema}}


def path_schema(converter) -> dict:
    """A path parameter's schema from its URL converter: integers with their bounds (row ids), else strings."""
    if not isinstance(converter, IntegerConverter):
        return {"type": "string"}
    schema = {"type": "integer"}
    if converter.min is not None:
        schema["minimum"] = converter.min
    if converter.max is not None:
        schema["maximum"] = converter.max
    return schema


def query_parameters(converter: OpenAPIConverter, schema) -> list[dict]:
    """The query parameters a handler loads with a marshmallow schema: typed, with enums, formats and bounds.

    A query string cannot carry null: load_default=None only means "optional",
    so the null apispec derives from it is left out. An empty value means "not
    set" (admin/lookups.py:query_args), which allowEmptyValue says.
    """
    params = converter.schema2parameters(schema, location="query")
    for param in params:
        param["allowEmptyValue"] = True
        if param["schema"].pop("nullable", False):
            param["schema"].pop("default", None)
            if "enum" in param["schema"]:
                param["schema"]["enum"] = [value for value in param["schema"]["enum"] if value is not None]
    return params


def operation(view, rule, method: str, converter: OpenAPIConverter) -> dict:
    """One OpenAPI operation object from a view's @doc metadata and its URL rule."""
    meta = view._openapi
    # werkzeug keeps a rule's converters in _converters; the bounds of an id are documented from them
    path_params = [{"in": "path", "name": name, "required": True, "schema": path_schema(rule._converters[name])}
                   for name in sorted(rule.arguments)]
    query_params = query_parameters(converter, meta["query"]) if meta["query"] is not None else []
    op = {"summary": meta["summary"], "tags": [meta["tag"]], "operationId": f"{method}_{rule.endpoint.replace('.', '_')}",
          "parameters": path_params + query_params + meta["params"], "responses": {}}
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
    plugin = MarshmallowPlugin()
    spec = APISpec(title="Touchpoint API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[plugin],
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
            paths.setdefault(_path(rule.rule), {})[method.lower()] = operation(view, rule, method.lower(), plugin.converter)
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
