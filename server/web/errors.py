"""The error handlers: every HTTP error and validation failure answers in the one JSON shape."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from ..errors import ApiError, error_document, flatten

errors = Blueprint("errors", __name__)
log = logging.getLogger(__name__)


def error_response(status: int, message: str, errors: dict | None = None, code: str | None = None,
                   retry_after: int | None = None):
    """Build the JSON error response with the right status and headers."""
    response = jsonify(error_document(status, message, errors, code))
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


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
    response = error_response(exc.code or 500, message)
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
