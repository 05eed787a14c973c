"""Headers every answer carries, added once at the WSGI edge: nosniff, a referrer policy, and the public API's CORS.

Added to the finished header list as plain tuples, not by Flask after_request
hooks editing werkzeug's Headers: on the config endpoint those hooks cost more
CPU than the rest of the view (docs/PERFORMANCE.md). Being outside Flask, they
also reach what Flask never builds: load shedding's 503 (runtime/loadshed.py)
and a routing error under /v1.

- Every answer: ``X-Content-Type-Options: nosniff``, unless it says otherwise.
- Every answer outside the public API: ``Referrer-Policy`` (a page may set a
  stricter one, web/security.py). The public API answers JSON to scripts and
  never renders a document whose links could leak a referrer.
- The public API (/v1/): the CORS headers flask-cors decides (web/cors.py). Its
  ``Vary: Origin`` joins a ``Vary`` the view set, so one header names both.
"""
from __future__ import annotations

from functools import lru_cache

from .cors import cors_headers

PUBLIC_PREFIX = "/v1/"
NOSNIFF = ("X-Content-Type-Options", "nosniff")
REFERRER_POLICY = ("Referrer-Policy", "strict-origin-when-cross-origin")


def finished_headers(headers: list[tuple[str, str]], environ: dict) -> list[tuple[str, str]]:
    """The answer's headers with the edge's own added: each only when the answer did not set it."""
    names = [name.lower() for name, _ in headers]
    out = list(headers)
    if "x-content-type-options" not in names:
        out.append(NOSNIFF)
    if not environ.get("PATH_INFO", "").startswith(PUBLIC_PREFIX):
        if "referrer-policy" not in names:
            out.append(REFERRER_POLICY)
        return out
    for name, value in cors_headers(environ):
        if name == "Vary" and "vary" in names:
            at = names.index("vary")
            out[at] = joined_vary(out[at], value)
        else:
            out.append((name, value))
    return out


@lru_cache(maxsize=64)  # a handful of (Vary, value) pairs, the same on every answer of a kind
def joined_vary(header: tuple[str, str], value: str) -> tuple[str, str]:
    """A Vary header with ``value`` added to its list (unchanged when it names it already)."""
    name, current = header
    if value.lower() in (v.strip().lower() for v in current.split(",")):
        return header
    return name, f"{current}, {value}"


class EdgeHeaders:
    """WSGI middleware: every answer leaves with finished_headers()."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, finished_headers(headers, environ), exc_info)
        return self.wsgi_app(environ, start)
