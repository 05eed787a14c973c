"""Admin-panel users: admins invite, change roles and remove; everyone signed in can list."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import func, select

from ...catalog.admin_sessions import end_user_sessions
from ...catalog.users import create_user
from ...database import db
from ...errors import ApiError
from ...models import User
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    NewUserSchema,
    UserChangeSchema,
    UserSchema,
    new_user_schema,
    user_change_schema,
    user_schema,
)
from .guard import current_session, current_user
from .lookups import user_or_404

bp = Blueprint("users", __name__)
MAX_BODY = 4096


def admin_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))


def refuse_self(user: User, action: str) -> None:
    """Nobody locks themselves out: changing your own role or removing yourself is refused."""
    if user.id == current_user().id:
        raise ApiError(409, f"You cannot {action} yourself; ask another admin.", code="conflict")


@bp.get("/users")
@doc("List the admin-panel users", tag="admin users", responses={200: ("Users", UserSchema(many=True))},
     errors=(), admin=True)
def list_users():
    """Every user, oldest first."""
    users = db.session.execute(select(User).order_by(User.id)).scalars()
    return user_schema.dump(users, many=True)


@bp.post("/users")
@doc("Create (invite) a user with a role and an initial password", tag="admin users", body=NewUserSchema,
     responses={201: ("Created", UserSchema)}, errors=(400, 409, 422), admin=True)
def invite_user():
    """Create a user; the password is stored hashed."""
    data = new_user_schema.load(json_body(MAX_BODY))
    user = create_user(data["email"], data["password"], data["role"], reset=False)
    if user is None:
        raise ApiError(409, "A user with this e-mail already exists.", {"email": ["Already a user."]})
    return user_schema.dump(user), 201


@bp.patch("/users/<id:user_id>")
@doc("Change a user's role or password", tag="admin users", body=UserChangeSchema,
     responses={200: ("Changed", UserSchema)}, errors=(400, 404, 409, 422), admin=True)
def change_user(user_id: int):
    """Change a role (never your own, never the last admin's) or set a new password.

    Either ends the user's sessions in the same transaction, so a copied cookie
    cannot keep the old role or outlive the old password; an admin setting their
    own password keeps the session they are using.
    """
    data = user_change_schema.load(json_body(MAX_BODY))
    user = user_or_404(user_id)
    if "role" in data and data["role"] != user.role:
        refuse_self(user, "change the role of")
        user.role = data["role"]
        end_user_sessions(user.id)
    if "password" in data:
        user.set_password(data["password"])
        end_user_sessions(user.id, keep=current_session().id if user.id == current_user().id else None)
    db.session.commit()
    return user_schema.dump(user)


@bp.delete("/users/<id:user_id>")
@doc("Remove a user", tag="admin users", responses={204: "Removed"}, errors=(404, 409), admin=True)
def remove_user(user_id: int):
    """Remove a user: not yourself, and never the last admin."""
    user = user_or_404(user_id)
    refuse_self(user, "remove")
    if user.is_admin and admin_count() <= 1:
        raise ApiError(409, "This is the last admin; make someone else an admin first.")
    end_user_sessions(user.id)  # the foreign key cascades too; this does not rely on it
    db.session.delete(user)
    db.session.commit()
    return "", 204
