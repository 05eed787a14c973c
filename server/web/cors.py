"""CORS of the public widget API, by flask-cors: any http(s) page may read its answers.

Which pages a site accepts is the application's own rule, answered with a 403
(delivery/origins.py); CORS only lets the calling page read every answer,
errors included, so the widget can stay quiet instead of the browser logging a
CORS failure in the host page's console.
"""
from __future__ import annotations

import re

from flask_cors.core import DEFAULT_OPTIONS, get_cors_headers, serialize_options
from werkzeug.datastructures import EnvironHeaders

PUBLIC_CORS = {
    # a pattern, not "*": flask-cors then echoes the page's origin and adds Vary: Origin, which a CDN needs
    "origins": [re.compile(r"^https?://")],
    "methods": ["GET", "POST", "OPTIONS"],
    "allow_headers": ["Content-Type"],
    "expose_headers": ["Retry-After"],  # the widget times its retry of a 429 or 503 with it
    "max_age": 7200,  # Chromium's cap; preflights are rare anyway, as the widget posts text/plain
}
_options = serialize_options({**DEFAULT_OPTIONS, **PUBLIC_CORS})  # what CORS(bp, **PUBLIC_CORS) resolves


def cors_headers(environ: dict) -> list[tuple[str, str]]:
    """The CORS headers flask-cors gives a public answer, for a refusal made before Flask (runtime/loadshed.py)."""
    return list(get_cors_headers(_options, EnvironHeaders(environ), environ.get("REQUEST_METHOD", "GET")).items())
