"""Rate-limit keys and limits: per client IP and per site (Flask-Limiter on Redis, or memory)."""
from __future__ import annotations

from flask import current_app, request


def client_ip() -> str:
    """The client's address (behind TRUSTED_PROXIES proxies, ProxyFix has already resolved it)."""
    return request.remote_addr or "-"


def site_key_of_request() -> str:
    """The site a public request is for: from the URL, or peeked from a small JSON body."""
    key = (request.view_args or {}).get("site_key")
    if key is None and request.content_length and request.content_length <= current_app.config["MAX_PUBLIC_BODY"]:
        from .jsonbody import parse_json  # local: jsonbody imports errors, which imports Flask app pieces
        from .errors import ApiError
        try:
            body = parse_json(request.get_data(cache=True))
        except ApiError:
            body = None
        key = body.get("site_key") if isinstance(body, dict) else None
    return "site:" + (key if isinstance(key, str) else "-")[:32]


def public_read_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_READ"]


def public_write_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_WRITE"]


def per_site_limit() -> str:
    return current_app.config["RATELIMIT_PER_SITE"]


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]
