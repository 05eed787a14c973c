"""The HTTP layer: thin handlers only, each loading input with a schema, calling the domain and dumping a result.

init_app registers the blueprints (the public widget API, pages, the demo's webhook receiver, the admin API
and its static files, the OpenAPI document, the error handlers; the ones that serve HTML pages add their
security headers, security.py), the load-shedding middleware in front of the public writes, and the headers
every answer carries (headers.py, outermost).
"""
from __future__ import annotations

from flask import Flask

from ..runtime.loadshed import QueueTimeShedding
from .headers import EdgeHeaders


def init_app(app: Flask) -> None:
    """Attach the web layer to the app."""
    from . import admin, admin_files, converters, demo_hooks, errors, openapi, pages, public, security

    converters.init_app(app)
    for blueprint in (errors.errors, public.bp, pages.bp, demo_hooks.bp, openapi.bp, admin.bp, admin_files.bp):
        app.register_blueprint(blueprint)
    app.jinja_env.globals["csp_nonce"] = security.csp_nonce
    app.wsgi_app = QueueTimeShedding(app.wsgi_app, public.WRITES, app.config["INGEST_MAX_QUEUE_SECONDS"],
                                     public.overloaded)
    app.wsgi_app = EdgeHeaders(app.wsgi_app)  # outside the shedding, so that its 503 gets CORS too
