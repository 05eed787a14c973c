"""Signing in and out of the admin panel."""
from __future__ import annotations

from flask import Blueprint, session
from werkzeug.security import check_password_hash

from ...catalog.users import user_by_email
from ...errors import ApiError
from ...extensions import limiter
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import LoginSchema, SessionSchema, login_schema, session_schema
from .guard import current_user, public, read_only, start_session

bp = Blueprint("session", __name__)

MAX_BODY = 4096
# Checked against when the e-mail is unknown, so both failures take the same time.
DUMMY_HASH = ("scrypt:32768:8:1$oKzgTfc6KMmgbrvp$c739640d3ad881d70326ac6e12356caf8c8f25cd193adadf5a4e9f27ada018"
              "340044ea77d536f908fea29980ce8375ddebb4002b2e285372d39ae5d98f08cd75")


@bp.post("/session")
@doc("Sign in with e-mail and password", tag="admin", body=LoginSchema,
     responses={200: ("Signed in; send csrf_token as X-CSRF-Token on every write", SessionSchema)},
     errors=(400, 401, 413, 415, 422, 429))
@public
@limiter.limit("RATELIMIT_LOGIN", scope="login")
def sign_in():
    """Sign in; the same 401 for an unknown e-mail and a wrong password."""
    data = login_schema.load(json_body(MAX_BODY))
    user = user_by_email(data["email"])
    if user is None:
        check_password_hash(DUMMY_HASH, data["password"])
        raise ApiError(401, "Wrong e-mail or password.")
    if not user.check_password(data["password"]):
        raise ApiError(401, "Wrong e-mail or password.")
    token = start_session(user)
    return session_schema.dump({"user": user, "csrf_token": token})


@bp.get("/session")
@doc("Who is signed in, with the CSRF token", tag="admin", responses={200: ("The session", SessionSchema)},
     errors=(), admin=True)
def get_session():
    """Who is signed in, with the CSRF token to send on writes."""
    return session_schema.dump({"user": current_user(), "csrf_token": session["csrf"]})


@bp.delete("/session")
@doc("Sign out", tag="admin", responses={204: "Signed out"}, errors=(), admin=True)
@read_only
def sign_out():
    """Sign out: the session cookie is cleared."""
    session.clear()
    return "", 204
