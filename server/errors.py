"""One JSON error shape, {code, message, errors}, for every HTTP error and validation failure."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

errors = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "validation_error", 429: "rate_limited",
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


def error_response(status: int, message: str, errors: dict | None = None, code: str | None = None,
                   retry_after: int | None = None):
    """Build the JSON error response with the right status and headers."""
    response = jsonify(error_document(status, message, errors, code))
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def retry_after_of(exc: HTTPException) -> int:
    """Seconds until a breached rate-limit window ends at the latest (its length), else a minute."""
    limit = getattr(getattr(exc, "limit", None), "limit", None)
    try:
        return max(1, int(limit.get_expiry()))
    except (AttributeError, TypeError, ValueError):
        return 60


@errors.app_errorhandler(ApiError)
def api_error(exc: ApiError):
    """Errors raised on purpose by handlers."""
    return error_response(exc.status, exc.message, exc.errors, exc.code, exc.retry_after)


@errors.app_errorhandler(ValidationError)
def validation_error(exc: ValidationError):
    """Schema failures: 422 naming every field."""
    return error_response(422, "The request has invalid fields.", flatten(exc.messages))


@errors.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    """Werkzeug's errors (404, 405, 413, 429…) in the same shape, keeping their headers."""
    message = exc.description or exc.name
    if exc.code == 429:
        message = f"Too many requests (limit {message}); retry later."
    response = error_response(exc.code or 500, message)
    if exc.code == 429:
        response.headers["Retry-After"] = str(retry_after_of(exc))
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


@errors.app_errorhandler(PoolTimeout)
@errors.app_errorhandler(OperationalError)
def database_unavailable(exc):
    """The database is unreachable or saturated: refuse quickly so the widget retries later."""
    log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.__class__.__name__)
    return error_response(503, "The service is busy or its database is unreachable; retry later.",
                          retry_after=5)


@errors.app_errorhandler(InternalServerError)
def internal_error(exc):
    """Anything unexpected: logged with its traceback, answered in the same shape."""
    current_app.logger.error("unhandled error on %s %s", request.method, request.path,
                             exc_info=getattr(exc, "original_exception", None))
    return error_response(500, "Internal error.")
