"""Who may call the admin API: a session on every route, a CSRF token on every write, admins for changes."""
from __future__ import annotations

import hmac
import logging
import re
import secrets

from flask import current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from ...database import db
from ...errors import ApiError, flatten
from ...models import User
from ..errors import error_response

ADMIN_PREFIX = "/api/admin/"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "X-CSRF-Token"
log = logging.getLogger("server.admin")


def public(view):
    """Mark a view reachable without a session (only signing in is)."""
    view._admin_public = True
    return view


def admin_only(view):
    """Mark a read that only admins may make (exporting a whole site's personal data)."""
    view._admin_only = True
    return view


def read_only(view):
    """Mark a POST/DELETE that changes no shared data, so viewers may call it (preview, rule test, sign-out)."""
    view._admin_read_only = True
    return view


class SecureAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure by config or whenever the request itself is HTTPS.

    Only the admin API has sessions: every other request (the public widget API
    above all, the hot path) gets the null session without reading a cookie.
    """

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)

    def open_session(self, app, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return None  # Flask then uses make_null_session
        return super().open_session(app, request)


def password_stamp(user: User) -> str:
    """A short fingerprint of the password hash: changing the password ends the user's other sessions."""
    return user.password_hash[-16:]


def start_session(user: User) -> str:
    """Forget any previous session, remember the user and issue a fresh CSRF token."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["pws"] = password_stamp(user)
    session["csrf"] = secrets.token_urlsafe(32)
    g.admin_user = user
    return session["csrf"]


def current_user() -> User | None:
    """The signed-in user of this request, or None (also when the user was removed or re-keyed)."""
    if "admin_user" not in g:
        uid, user = session.get("uid"), None
        if isinstance(uid, int):
            user = db.session.get(User, uid)
            if user is not None and not hmac.compare_digest(session.get("pws", ""), password_stamp(user)):
                user = None
        g.admin_user = user
    return g.admin_user


def csrf_ok() -> bool:
    """The request carries the session's CSRF token in its header."""
    expected, sent = session.get("csrf"), request.headers.get(CSRF_HEADER, "")
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())


def guard():
    """Run before every admin route: 401 without a session; 403 for a write without CSRF, or a viewer's write."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "_admin_public", False):
        return None
    user = current_user()
    if user is None:
        raise ApiError(401, "Please sign in.")
    writes = request.method in WRITE_METHODS
    if writes and not csrf_ok():
        raise ApiError(403, "The security token is missing or out of date; reload the page.", code="csrf_failed")
    needs_admin = (writes and not getattr(view, "_admin_read_only", False)) or getattr(view, "_admin_only", False)
    if needs_admin and not user.is_admin:
        log.warning("viewer %s was refused an admin action: %s %s", user.email, request.method, request.path)
        raise ApiError(403, "Viewers can look but not change anything; ask an admin.", code="forbidden")
    return None


TEXT_ERROR = re.compile(r"^texts\.([^.]+)\.(?:value\.(.+)\.(?:key|value)|key|value)$")


def admin_field_name(name: str) -> str:
    """Name survey text errors by locale and key (``texts.en.q.score``), not by marshmallow's Dict internals."""
    match = TEXT_ERROR.match(name)
    if not match:
        return name
    locale, key = match.groups()
    return f"texts.{locale}.{key}" if key else f"texts.{locale}"


def admin_validation_error(exc):
    """Schema failures of admin requests: 422, each message under the name of the field the builder shows."""
    errors: dict[str, list[str]] = {}
    for name, messages in flatten(exc.messages).items():
        errors.setdefault(admin_field_name(name), []).extend(messages)
    return error_response(422, "Some fields need attention.", errors)


def no_store(response):
    """Admin answers hold private data: never keep them in a shared or browser cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
