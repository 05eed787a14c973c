"""Admin-panel users: created (or reset) with a hashed password, the one way both the CLI and the admin do it."""
from __future__ import annotations

from sqlalchemy import select

from ..database import db
from ..models import User
from .admin_sessions import end_user_sessions


def normal_email(email: str) -> str:
    """E-mail addresses are compared trimmed and lower-cased."""
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    """The user with this e-mail, or None."""
    return db.session.execute(select(User).where(User.email == normal_email(email))).scalar_one_or_none()


def create_user(email: str, password: str, role: str, reset: bool = True) -> User | None:
    """Create a user, or reset an existing one's role and password; with ``reset=False`` None means "exists"."""
    user = user_by_email(email)
    if user is not None and not reset:
        return None
    if user is not None:  # a reset (create-admin on an existing user) ends their sessions, as a password change does
        end_user_sessions(user.id)
    user = user or User(email=normal_email(email))
    user.role = role
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
