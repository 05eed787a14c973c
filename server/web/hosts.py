"""This server's public base URL, as pages and snippets embed it."""
from __future__ import annotations

from flask import current_app, request


def public_url() -> str:
    """PUBLIC_URL when set, else the request's own scheme and host."""
    return (current_app.config["PUBLIC_URL"] or request.host_url).rstrip("/")
