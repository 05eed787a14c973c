"""The admin JSON API under /api/admin: one blueprint whose guard no route can skip (DESIGN §6, §8)."""
from __future__ import annotations

from flask import Blueprint
from marshmallow import ValidationError

from .guard import SecureAwareSessionInterface, admin_validation_error, guard, no_store

bp = Blueprint("admin_api", __name__, url_prefix="/api/admin")
bp.before_request(guard)
bp.after_request(no_store)
bp.register_error_handler(ValidationError, admin_validation_error)


@bp.record_once
def _install_session_interface(state) -> None:
    """Admin sessions: Flask's signed cookie, Secure whenever the request came over HTTPS."""
    state.app.session_interface = SecureAwareSessionInterface()


from . import results, session, site_data, sites, surveys, users  # noqa: E402,F401  (routes attach to bp)
