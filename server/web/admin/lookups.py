"""What every admin area looks up: a site, survey or user by id (or a 404), and the query string."""
from __future__ import annotations

from flask import request

from ...database import db
from ...errors import ApiError
from ...models import Site, Survey, User


def found(model, object_id: int, what: str):
    """The row with this id, or a 404 "No such …"."""
    row = db.session.get(model, object_id)
    if row is None:
        raise ApiError(404, f"No such {what}.")
    return row


def site_or_404(site_id: int) -> Site:
    return found(Site, site_id, "site")


def survey_or_404(survey_id: int) -> Survey:
    return found(Survey, survey_id, "survey")


def user_or_404(user_id: int) -> User:
    return found(User, user_id, "user")


def query_args() -> dict:
    """The query string as a dict; empty values mean "not set"."""
    return {key: value for key, value in request.args.items() if value != ""}
