"""Which page origins may talk to a site's public API."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from ..errors import ApiError


def normalise_domain(entry: str) -> str:
    """Reduce what an owner typed ("https://Shop.example/path") to a lower-case host pattern."""
    entry = entry.strip().lower()
    if "://" in entry:
        entry = urlsplit(entry).hostname or ""
    return entry.split("/", 1)[0].split(":", 1)[0].rstrip(".")


def host_allowed(host: str, allowed_domains: list[str]) -> bool:
    """True when ``host`` matches an allowed domain.

    ``shop.example`` allows itself and ``www.shop.example`` (the usual surprise);
    ``*.shop.example`` allows the apex and every subdomain.
    """
    host = host.lower().rstrip(".")
    for entry in allowed_domains:
        pattern = normalise_domain(entry)
        if not pattern:
            continue
        if pattern.startswith("*."):
            apex = pattern[2:]
            if host == apex or host.endswith("." + apex):
                return True
        elif host in (pattern, "www." + pattern):
            return True
    return False


@lru_cache(maxsize=4096)
def origin_allowed(origin: str | None, allowed_domains: tuple[str, ...]) -> bool:
    """True when an ``Origin`` header value is an http(s) origin on an allowed domain (cached: hot path)."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and host_allowed(host, allowed_domains)


def require_origin(origin: str | None, allowed_domains, required: bool) -> None:
    """Refuse a browser request from a page outside the site's allowed domains (403 naming Origin).

    ``required`` is set for writes: every browser sends Origin on a POST, so a
    missing one means a script that is not the widget.
    """
    if origin is None and not required:
        return
    if origin is None:
        raise ApiError(403, "An Origin header is required.", {"Origin": ["Missing."]}, code="origin_required")
    if not origin_allowed(origin, tuple(allowed_domains)):
        raise ApiError(403, "This page's origin is not an allowed domain of the site.",
                       {"Origin": [f"{origin[:200]} is not allowed for this site."]}, code="origin_not_allowed")
