"""The one error shape, {code, message, errors}, and ApiError, which any layer raises to answer with it.

web/errors.py turns ApiError, marshmallow's ValidationError and every HTTP
error into that JSON.
"""
from __future__ import annotations

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "validation_error", 425: "too_early", 429: "rate_limited",
         500: "internal_error", 503: "unavailable"}


class ApiError(Exception):
    """An error a handler raises on purpose; the handler below turns it into JSON."""

    def __init__(self, status: int, message: str, errors: dict | None = None, code: str | None = None,
                 retry_after: int | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or {}
        self.code = code or CODES.get(status, "error")
        self.retry_after = retry_after


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested messages into ``{"answers.score": [...]}`` so each names its field."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": messages}
    if isinstance(messages, dict):
        out: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = str(key) if not prefix else f"{prefix}.{key}"
            if key == "_schema" and prefix:
                name = prefix
            for field, msgs in flatten(value, name).items():
                out.setdefault(field, []).extend(msgs)
        return out
    return {prefix or "_schema": [str(messages)]}


def error_document(status: int, message: str, errors: dict | None = None, code: str | None = None) -> dict:
    """The body of every error answer: {code, message, errors}."""
    return {"code": code or CODES.get(status, "error"), "message": message, "errors": errors or {}}
