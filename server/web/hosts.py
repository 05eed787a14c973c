"""This server's public base URL, as pages and snippets embed it."""
from __future__ import annotations

import re

from flask import current_app, request

from ..errors import ApiError

# hostname[:port] or [IPv6][:port], nothing else: the Host header is the client's to choose, and a
# value like "evil.example/x?" would otherwise end up in a <script src> of the demo page or a snippet.
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_PATTERN = re.compile(rf"(?:{LABEL}(?:\.{LABEL})*|\[[0-9a-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?", re.I)


def public_url() -> str:
    """PUBLIC_URL when set, else the request's scheme and its Host header once it is a plain host[:port]."""
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return configured.rstrip("/")
    if request.scheme not in ("http", "https"):  # X-Forwarded-Proto from a trusted proxy is not checked either
        raise ApiError(400, "The forwarded scheme is not http or https.", {"X-Forwarded-Proto": ["Use http or https."]},
                       code="bad_host")
    host = request.host
    if len(host) > 260 or not HOST_PATTERN.fullmatch(host):
        raise ApiError(400, "The Host header is not a host name.", {"Host": ["Use hostname[:port]."]},
                       code="bad_host")
    return f"{request.scheme}://{host}"
