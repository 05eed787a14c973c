"""Touchpoint with Flask-Limiter on the config route instead of its own limiter, for bench/limiter.py only.

The same two limits as the product's (per client IP, and per site across IPs),
kept where LIMITER_STORAGE says: ``memory://`` or a Redis URL.
"""
from __future__ import annotations

import os

from flask import request
from flask_limiter import Limiter

from server import create_app


def create():
    """The app, its own limiter off, Flask-Limiter's decorators on GET /v1/sites/<key>/config."""
    app = create_app()
    limiter = Limiter(key_func=lambda: request.remote_addr or "-", app=app, strategy="fixed-window",
                      storage_uri=os.environ.get("LIMITER_STORAGE", "memory://"), key_prefix="tpbench-fl")
    if not limiter.initialized:
        raise RuntimeError("Flask-Limiter did not start; its figures would measure no limiter at all")
    view = app.view_functions["public.get_config"]
    per_ip = limiter.limit(app.config["RATELIMIT_PUBLIC_READ"])
    per_site = limiter.limit(app.config["RATELIMIT_PER_SITE"], key_func=lambda: (request.view_args or {}).get("site_key", "-"),
                             scope="site-read")
    app.view_functions["public.get_config"] = per_site(per_ip(view))
    # Flask-Limiter reads the same RATELIMIT_ENABLED key as the product's own limiter, but only here, in
    # init_app; the product's reads it per request. So it is switched off only now that Flask-Limiter is on.
    app.config["RATELIMIT_ENABLED"] = False
    app.extensions["bench.flask_limiter"] = limiter  # the decorators hold it by a weak reference only
    return app
