"""Signing in and out of the admin panel."""
from __future__ import annotations

from flask import Blueprint, session
from werkzeug.security import check_password_hash

from ...catalog.users import normal_email, user_by_email
from ...database import db
from ...errors import ApiError
from ...extensions import limiter
from ...models import User
from ...runtime.ratelimit import login_account_rule, login_ip_rule
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import LoginSchema, SessionSchema, login_schema, session_schema
from .guard import current_user, public, read_only, start_session, stop_session

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
def sign_in():
    """Sign in; the same 401 for an unknown e-mail and a wrong password.

    Attempts are counted exactly, per IP and per account, before the password is
    checked; the database connection goes back to the pool before the slow hash.
    """
    limiter.hit([login_ip_rule()], exact=True)
    data = login_schema.load(json_body(MAX_BODY))
    email = normal_email(data["email"])
    limiter.hit([login_account_rule(email)], exact=True)
    user = user_by_email(email)
    user_id, stored_hash = (user.id, user.password_hash) if user else (None, DUMMY_HASH)
    # scrypt takes tens of milliseconds: holding a pooled connection through it let a login burst starve other requests
    db.session.close()
    if not check_password_hash(stored_hash, data["password"]) or user_id is None:
        raise ApiError(401, "Wrong e-mail or password.")
    user = db.session.get(User, user_id)
    if user is None or user.password_hash != stored_hash:  # removed or re-keyed while we hashed
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
    """Sign out: the session ends on the server, so a saved copy of the cookie stops working too."""
    stop_session()
    return "", 204
