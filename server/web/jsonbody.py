"""Strict JSON request bodies: content type, size, UTF-8, depth and no NaN/Infinity."""
from __future__ import annotations

import json
import math
from functools import lru_cache

from flask import request
from werkzeug.http import parse_options_header
from werkzeug.wsgi import get_content_length

from ..errors import ApiError
from ..fields import unstorable

ACCEPTED_TYPES = ("application/json", "text/plain")
MAX_DEPTH = 8


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    """A JSON number as a float, refusing ones too large to represent (1e999 would become inf)."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def depth(value, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a parsed JSON value, walked iteratively (stops counting past ``limit``)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def unstorable_text(value) -> str | None:
    """A message if any string (key or value) holds NUL or a lone surrogate: databases refuse both."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and (problem := unstorable(node)):
            return problem
    return None


# one decoder for every body: json.loads with hooks would build a decoder and its scanner on each call
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


@lru_cache(maxsize=64)  # a widget sends one or two distinct values; anything else is parsed once and evicted in turn
def content_type(header: str) -> tuple[str, str]:
    """(media type, charset) of a Content-Type value, both lower-case; the charset defaults to utf-8."""
    mimetype, params = parse_options_header(header)
    return mimetype.lower(), params.get("charset", "utf-8").lower()


def parse_json(raw: bytes) -> object:
    """Decode UTF-8 JSON bytes, refusing NaN, Infinity and overly deep nesting with a 400."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "The body is not valid UTF-8.", {"body": ["Invalid UTF-8."]}) from exc
    if text.startswith("\ufeff"):  # refused as json.loads refuses it; the decoder alone would say "Expecting value"
        raise ApiError(400, "The body is not valid JSON.", {"body": ["Starts with a byte order mark; send UTF-8 without one."]})
    try:
        value = _DECODER.decode(text)
    except RecursionError as exc:
        raise ApiError(400, "The body is nested too deeply.", {"body": ["Too deep."]}) from exc
    except ValueError as exc:
        raise ApiError(400, "The body is not valid JSON.", {"body": [str(exc)[:200]]}) from exc
    # Both walks are skipped when the text alone rules their finding out (the common case, on the hot path):
    # nesting deeper than MAX_DEPTH needs more than MAX_DEPTH opening brackets, and json.loads refuses raw
    # control characters in strings, as the UTF-8 decoder refuses encoded surrogates, so a NUL or a lone
    # surrogate can only come from a \u escape.
    if text.count("{") + text.count("[") > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise ApiError(400, "The body is nested too deeply.", {"body": [f"At most {MAX_DEPTH} levels."]})
    problem = unstorable_text(value) if "\\u" in text else None
    if problem:
        raise ApiError(400, problem, {"body": [problem]})
    return value


def json_body(max_bytes: int, accepted: tuple[str, ...] = ACCEPTED_TYPES) -> dict:
    """The request's JSON object, after every check; raises ApiError with a 4xx otherwise.

    The type and length are read from the WSGI environ, not through the request's
    header wrappers, which cost more than the checks (the public writes' hot path).
    """
    environ = request.environ
    mimetype, charset = content_type(environ.get("CONTENT_TYPE", ""))
    if mimetype not in accepted:
        raise ApiError(415, f"Send the body as {' or '.join(accepted)}.",
                       {"Content-Type": [f"Must be one of: {', '.join(accepted)}."]})
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, "Send the body as UTF-8.", {"Content-Type": ["Charset must be utf-8."]})
    length = get_content_length(environ)
    if length is not None and length > max_bytes:
        raise ApiError(413, f"The body is larger than {max_bytes} bytes.", {"body": [f"At most {max_bytes} bytes."]})
    request.max_content_length = max_bytes
    value = parse_json(request.get_data(cache=True))
    if not isinstance(value, dict):
        raise ApiError(400, "The body must be a JSON object.", {"body": ["Must be an object."]})
    return value
