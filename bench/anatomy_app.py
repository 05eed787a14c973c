"""Touchpoint with a public view cut short, for bench/anatomy.py: what each part of a request costs.

The first request is served by the real view. After it, a reduced view runs
only the real view's first steps, calling the same functions, and answers what
the real view answered the first time: the same bytes and headers, made
without the work that was left out. Only the bench serves these apps; nothing
in server/ knows they exist.

Config variants (GET /v1/sites/<key>/config):
- ``config-bare``: no step, and none of the app's WSGI middleware (ProxyFix,
  the edge headers with CORS, load shedding): Flask and the route only;
- ``config-answer``: no step, with the middleware;
- ``config-limits``: the per-IP and per-site rate limits;
- ``config-limits-cache``: the limits, the cached entry and the origin sighting.
Ingest variants (POST /v1/responses):
- ``ingest-answer``: no step;
- ``ingest-validate``: the body read, the rate limits and the schema's load.
``real`` is the app unchanged.
"""
from __future__ import annotations

from flask import Flask, request

STEPS = {"config-bare": (), "config-answer": (), "config-limits": ("limits",),
         "config-limits-cache": ("limits", "cache"), "ingest-answer": (), "ingest-validate": ("body",)}


def create(variant: str) -> Flask:
    """gunicorn's app factory: ``bench.anatomy_app:create('config-limits')``."""
    from server import create_app

    return reduce(create_app(), variant)


def reduce(app: Flask, variant: str) -> Flask:
    """Replace the app's config or ingest view with ``variant``'s reduced one (``real``: leave it)."""
    if variant == "real":
        return app
    steps = STEPS[variant]
    if variant.startswith("config"):
        app.view_functions["public.get_config"] = reduced_config(app.view_functions["public.get_config"], steps)
    else:
        app.view_functions["public.post_response"] = reduced_ingest(app.view_functions["public.post_response"], steps)
    if variant == "config-bare":
        app.wsgi_app = Flask.wsgi_app.__get__(app)  # the middleware wrapped this bound method: unwrap them all
    return app


def reduced_config(real, steps: tuple[str, ...]):
    from server.delivery.site_config import cached_config
    from server.extensions import limiter, origin_sightings
    from server.runtime.ratelimit import public_rules

    first = {}

    def config_view(site_key: str):
        if site_key not in first:  # the real view, once: a prepared answer, made to be shared (web/prepared.py)
            first[site_key] = real(site_key)
            return first[site_key]
        if "limits" in steps:
            limiter.hit(public_rules("read", site_key))
        if "cache" in steps:
            cached_config(site_key)
            origin_sightings.seen(site_key, request.environ.get("HTTP_ORIGIN", ""), True)
        return first[site_key]
    return config_view


def reduced_ingest(real, steps: tuple[str, ...]):
    from flask import current_app

    from server.extensions import limiter
    from server.runtime.ratelimit import public_rules
    from server.web.jsonbody import json_body
    from server.web.public import site_key_in
    from server.web.schemas.public import response_in_schema

    first = []

    def ingest_view():
        if not first:  # the real view, once
            answer = real()
            first.append((answer.get_data(), answer.status_code, answer.content_type))
            return answer
        if "body" in steps:
            body = json_body(current_app.config["MAX_PUBLIC_BODY"])
            limiter.hit(public_rules("write", site_key_in(body)))
            response_in_schema.load(body)
        data, status, content_type = first[0]
        return current_app.response_class(data, status=status, content_type=content_type)
    return ingest_view
