"""Who may call the admin API: a session on every route, a CSRF token on every write, admins for changes.

Three roles: viewers read; agents read what viewers read and act on cases
(routes marked ``agent_may``); admins do everything.
"""
from __future__ import annotations

import hmac
import logging
import re
import secrets

from flask import current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from ...catalog.admin_sessions import end_session, live_session, open_session
from ...database import db
from ...errors import ApiError, flatten
from ...models import AdminSession, User
from ...runtime.ratelimit import client_ip
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


def agent_may(view):
    """Mark a write that agents may make as well as admins: working a case (never sites, surveys, users, webhooks)."""
    view._agent_may = True
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


def lifetime(app=None) -> int:
    """How long an unused session lasts, in seconds (SESSION_HOURS)."""
    return int((app or current_app).config["PERMANENT_SESSION_LIFETIME"])


def start_session(user: User) -> str:
    """End the session this browser had, open a new one on the server and issue a fresh CSRF token.

    Ending the old one means a copy of the browser's previous cookie does not
    outlive a new sign-in.
    """
    end_session(session.get("sid"))
    token = open_session(user.id, request.user_agent.string, client_ip(), lifetime())
    session.clear()
    session.permanent = True
    session["sid"] = token
    session["csrf"] = secrets.token_urlsafe(32)
    g.admin_user, g.admin_session = user, None
    return session["csrf"]


def stop_session() -> None:
    """Sign out: delete the session on the server (so copies of the cookie stop working too) and clear the cookie."""
    end_session(session.get("sid"))
    db.session.commit()
    session.clear()


def load_session() -> None:
    """Look up this request's session and user once (None when signed out, expired, ended or removed)."""
    if "admin_user" not in g:
        found = live_session(session.get("sid"), lifetime())
        g.admin_session, g.admin_user = found if found else (None, None)


def current_user() -> User | None:
    """The signed-in user of this request, or None."""
    load_session()
    return g.admin_user


def current_session() -> AdminSession | None:
    """The server-side session of this request, or None."""
    load_session()
    return g.admin_session


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
    changes = writes and not getattr(view, "_admin_read_only", False)
    if changes and getattr(view, "_agent_may", False):
        if not user.acts_on_cases:
            log.warning("viewer %s was refused a case action: %s %s", user.email, request.method, request.path)
            raise ApiError(403, "Viewers can read cases but not work them; ask an admin or an agent.",
                           code="forbidden")
        return None
    if (changes or getattr(view, "_admin_only", False)) and not user.is_admin:
        log.warning("%s %s was refused an admin action: %s %s", user.role, user.email, request.method, request.path)
        who = "Agents work cases but change nothing else" if user.role == "agent" else "Viewers can look but not change anything"
        raise ApiError(403, f"{who}; ask an admin.", code="forbidden")
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
