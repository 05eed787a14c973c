"""Whether to answer a request gzip-compressed: the config and the widget are stored compressed once.

Most deployments have a proxy or CDN that compresses; this serves the rest (the
embedded default, a bare gunicorn) and costs nothing per request, as both bodies
are compressed when they are built, not when they are sent (docs/DEPLOY.md).
"""
from __future__ import annotations

from functools import lru_cache

from werkzeug.http import parse_accept_header


@lru_cache(maxsize=256)  # browsers send a handful of distinct Accept-Encoding values
def _accepts_gzip(header: str) -> bool:
    return bool(parse_accept_header(header)["gzip"])


def accepts_gzip(environ: dict) -> bool:
    """True when the request's Accept-Encoding admits gzip (``q=0`` refuses it)."""
    header = environ.get("HTTP_ACCEPT_ENCODING")
    return bool(header) and _accepts_gzip(header[:200])
