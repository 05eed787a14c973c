"""CORS of the public widget API, computed by flask-cors: any http(s) page may read its answers.

Which pages a site accepts is the application's own rule, answered with a 403
(delivery/origins.py); CORS only lets the calling page read every answer,
errors included, so the widget can stay quiet instead of the browser logging a
CORS failure in the host page's console.

flask-cors's own header function (``get_cors_headers``, with the options its
``CORS`` extension would resolve) decides every header, for every public
answer under /v1/, added at the WSGI edge (web/headers.py), the 503 that load
shedding gives before Flask included. Its result depends only on a few request headers, so it is kept
per distinct set of them: the extension's hook recomputed it on each request,
a quarter of what the config endpoint cost in Python.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask_cors.core import DEFAULT_OPTIONS, get_cors_headers, serialize_options
from werkzeug.datastructures import Headers

PUBLIC_CORS = {
    # a pattern, not "*": flask-cors then echoes the page's origin and adds Vary: Origin, which a CDN needs
    "origins": [re.compile(r"^https?://")],
    "methods": ["GET", "POST", "OPTIONS"],
    "allow_headers": ["Content-Type"],
    "expose_headers": ["Retry-After"],  # the widget times its retry of a 429 or 503 with it
    "max_age": 7200,  # Chromium's cap; preflights are rare anyway, as the widget posts text/plain
}
_options = serialize_options({**DEFAULT_OPTIONS, **PUBLIC_CORS})  # what CORS(bp, **PUBLIC_CORS) resolves
# the request headers get_cors_headers reads; the preflight ones matter only to a preflight
ALWAYS_READ = ("HTTP_ORIGIN", "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK")
PREFLIGHT_READ = ("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS")


@lru_cache(maxsize=4096)  # bounded: the Origin is the caller's to choose
def _cors_headers(method: str, read: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    headers = Headers([(name[5:].replace("_", "-"), value) for name, value in read])
    return tuple((name, str(value)) for name, value in get_cors_headers(_options, headers, method).items(multi=True))


def cors_headers(environ: dict) -> tuple[tuple[str, str], ...]:
    """The CORS headers of a public answer to this request (also for refusals made before Flask)."""
    method = environ.get("REQUEST_METHOD", "GET")
    names = ALWAYS_READ + PREFLIGHT_READ if method == "OPTIONS" else ALWAYS_READ
    return _cors_headers(method, tuple([(name, environ[name]) for name in names if name in environ]))

