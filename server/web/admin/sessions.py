"""Who is signed in where: admins list users' sessions and end them (one, or all of a user's)."""
from __future__ import annotations

from flask import Blueprint

from ...catalog.admin_sessions import end_session_by_id, end_user_sessions, user_sessions
from ...database import db
from ...errors import ApiError
from ..openapi import doc
from ..schemas.admin import AdminSessionSchema, EndedSessionsSchema, admin_session_schema, ended_sessions_schema
from .guard import admin_only, current_session
from .lookups import user_or_404

bp = Blueprint("sessions", __name__)


def dump_sessions(rows) -> list[dict]:
    """Sessions as the API shows them, the caller's own marked ``current``."""
    mine = current_session()
    return [{**admin_session_schema.dump(row), "current": mine is not None and row.id == mine.id} for row in rows]


@bp.get("/sessions")
@doc("Every signed-in session (admins only)", tag="admin users",
     responses={200: ("Sessions, most recently used first", AdminSessionSchema(many=True))}, errors=(), admin=True)
@admin_only
def list_sessions():
    """All unexpired sessions of all users, for the users screen's counts."""
    return dump_sessions(user_sessions())


@bp.get("/users/<id:user_id>/sessions")
@doc("A user's signed-in sessions (admins only)", tag="admin users",
     responses={200: ("Sessions, most recently used first", AdminSessionSchema(many=True))}, errors=(404,), admin=True)
@admin_only
def list_user_sessions(user_id: int):
    """One user's unexpired sessions: when they began and were last used, the device and masked IP."""
    return dump_sessions(user_sessions(user_or_404(user_id).id))


@bp.delete("/users/<id:user_id>/sessions")
@doc("Sign a user out everywhere (your own current session stays)", tag="admin users",
     responses={200: ("How many sessions ended", EndedSessionsSchema)}, errors=(404,), admin=True)
def end_all_sessions(user_id: int):
    """End all of a user's sessions; an admin signing themselves out everywhere keeps the one they are using."""
    user = user_or_404(user_id)
    mine = current_session()
    ended = end_user_sessions(user.id, keep=mine.id if mine and mine.user_id == user.id else None)
    db.session.commit()
    return ended_sessions_schema.dump({"ended": ended})


@bp.delete("/sessions/<id:session_id>")
@doc("End one session", tag="admin users", responses={204: "Ended"}, errors=(404,), admin=True)
def end_one_session(session_id: int):
    """End one session by its id (ending your own signs you out)."""
    if not end_session_by_id(session_id):
        raise ApiError(404, "No such session.")
    db.session.commit()
    return "", 204
