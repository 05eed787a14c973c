"""URL converters: ``<id:name>`` is a row id, so an id no database column can hold is a plain 404."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from ..fields import MAX_ROW_ID


def numbers_up_to(limit: int) -> str:
    """A regular expression matching exactly the decimal numbers 1..limit, written without leading zeros."""
    text = str(limit)
    alternatives = [f"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else []  # every shorter number
    for i, digit in enumerate(text):  # as long as limit: its first i digits, then a smaller one, then any
        low, high = (1 if i == 0 else 0), int(digit) - 1
        if high >= low:
            alternatives.append(f"{text[:i]}[{low}-{high}][0-9]{{{len(text) - i - 1}}}")
    alternatives.append(text)
    return "(?:" + "|".join(alternatives) + ")"


class RowId(IntegerConverter):
    """A positive integer that fits SQL INTEGER; anything else does not match the route (a 404).

    Without the bound, /surveys/99999999999 reached the query and PostgreSQL
    answered "integer out of range": a 500 instead of "no such survey". The
    bound is in the regex, not only in to_python: werkzeug checks the method
    before converting, so a value refused there made a 405 when another
    method's rule has the same path.
    """

    regex = numbers_up_to(MAX_ROW_ID)

    def __init__(self, map):
        super().__init__(map, min=1, max=MAX_ROW_ID)


def init_app(app) -> None:
    """Register the converters; before any blueprint, since rules look their converters up when added."""
    app.url_map.converters["id"] = RowId
