"""Marshmallow field types shared by every schema: strict numbers and booleans, http(s) URLs, site keys."""
from __future__ import annotations

from urllib.parse import urlsplit

from marshmallow import ValidationError, fields, validate

from .models import SITE_KEY_PATTERN

LOCALE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$"
DEVICES = ("desktop", "tablet", "mobile")
MAX_ROW_ID = 2**31 - 1  # SQL INTEGER, the type of every primary key: PostgreSQL errors on a larger one


def unstorable(text: str) -> str | None:
    """Why a string cannot be stored or searched for (NUL, a lone surrogate), or None when it can.

    PostgreSQL refuses NUL in text, even as a query parameter, and no database
    takes a lone surrogate: such input is a client error, never a 500.
    """
    if "\x00" in text:
        return "NUL characters are not allowed."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Lone surrogate characters are not allowed."
    return None


def storable_text(value: str) -> None:
    """Marshmallow validator: refuse text the database cannot store (see unstorable)."""
    problem = unstorable(value)
    if problem:
        raise ValidationError(problem)


class StrictInt(fields.Integer):
    """An integer that refuses strings, floats and booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class StrictBool(fields.Boolean):
    """Only JSON true and false: "yes", 1 and "0" are refused rather than guessed."""

    def __init__(self, **kwargs):
        super().__init__(truthy={True}, falsy={False}, **kwargs)


def http_url(value: str) -> None:
    """Accept only absolute http(s) URLs: javascript:, data: and the like are refused."""
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise ValidationError("Not a valid URL.") from exc
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Must be an http or https URL.")
    if any(ch in value for ch in "\x00\r\n\t "):
        raise ValidationError("Must not contain spaces or control characters.")


def HttpUrl(**kwargs) -> fields.String:
    """A string field holding an http(s) URL of at most 2048 characters."""
    return fields.String(validate=[validate.Length(max=2048), http_url], **kwargs)


def SiteKey(**kwargs) -> fields.String:
    """A site's public key, as models.new_site_key makes them."""
    return fields.String(validate=validate.Regexp(SITE_KEY_PATTERN, error="Not a site key."), **kwargs)


def Name(what: str, **kwargs) -> fields.String:
    """A required display name of 1–120 characters whose errors say what to do ("Give the survey a name.")."""
    return fields.String(validate=[validate.Length(min=1, error=f"Give the {what} a name."),
                                   validate.Length(max=120, error="Keep the name to 120 characters or fewer.")],
                         **kwargs)
