"""CORS and the Origin check for the public API (per site: its allowed domains)."""
from __future__ import annotations

from flask import request

from ..errors import ApiError
from ..origins import origin_allowed

PREFLIGHT_MAX_AGE = "7200"  # Chromium's cap; preflights are rare since the widget sends text/plain


def require_origin(allowed_domains, required: bool, origin: str | None = None) -> None:
    """Refuse a browser request from a page outside the site's allowed domains.

    ``required`` is set for writes: every browser sends Origin on a POST, so a
    missing one means a script that is not the widget. ``origin`` defaults to
    the current request's header.
    """
    if origin is None:
        origin = request.environ.get("HTTP_ORIGIN")
    if origin is None and not required:
        return
    if origin is None:
        raise ApiError(403, "An Origin header is required.", {"Origin": ["Missing."]}, code="origin_required")
    if not origin_allowed(origin, tuple(allowed_domains)):
        raise ApiError(403, "This page's origin is not an allowed domain of the site.",
                       {"Origin": [f"{origin[:200]} is not allowed for this site."]}, code="origin_not_allowed")


def cors_headers(origin: str | None, has_vary: bool) -> list[tuple[str, str]]:
    """The headers every public answer carries: nosniff, and CORS for the calling page."""
    headers = [("X-Content-Type-Options", "nosniff")]
    if origin:
        # the widget reads Retry-After on 429/503 to time its retry
        headers += [("Access-Control-Allow-Origin", origin), ("Access-Control-Expose-Headers", "Retry-After")]
        if not has_vary:
            headers.append(("Vary", "Origin"))
    return headers


def add_cors_headers(response):
    """Let the calling page read the answer (errors included, so the widget can stay silent).

    This is the public API's only after-request hook (the pages' security hook
    skips it), so it also adds nosniff; it is on the hottest path, hence terse.
    """
    response.headers.extend(cors_headers(request.environ.get("HTTP_ORIGIN"), response.headers.get("Vary") is not None))
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
