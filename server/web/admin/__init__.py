"""The admin JSON API under /api/admin: one parent blueprint whose guard no nested route can skip.

Every route needs a session; every write a CSRF token; every change an admin
(guard.py). The areas are nested blueprints: session, users, sites, surveys,
results and privacy; sessions lets admins see and end who is signed in;
webhooks manages a site's endpoints and their delivery log; alerts its e-mail
alert rules and digest; cases is the case inbox.
"""
from __future__ import annotations

from flask import Blueprint
from marshmallow import ValidationError

from . import alerts, cases, privacy, results, session, sessions, sites, surveys, users, webhooks
from .guard import SecureAwareSessionInterface, admin_validation_error, guard, no_store

bp = Blueprint("admin_api", __name__, url_prefix="/api/admin")
bp.before_request(guard)
bp.after_request(no_store)
bp.register_error_handler(ValidationError, admin_validation_error)
for area in (session, sessions, users, sites, surveys, results, privacy, webhooks, alerts, cases):
    bp.register_blueprint(area.bp)


@bp.record_once
def _install_session_interface(state) -> None:
    """Admin sessions: Flask's signed cookie, Secure whenever the request came over HTTPS."""
    state.app.session_interface = SecureAwareSessionInterface()
