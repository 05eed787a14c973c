"""Admin-panel sessions kept on the server, so that signing out, a new password, a new role or removal end them.

The browser's cookie carries a random token; the table holds only its SHA-256,
so a leaked copy of the table cannot be turned back into a working cookie.
A session expires after SESSION_HOURS without use.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import delete, select

from ..database import db
from ..ingest.privacy import truncate_ip
from ..models import AdminSession, User, utcnow

# last_seen_at (and the sliding expiry) is written at most this often, not on every admin request
TOUCH_SECONDS = 60
BROWSERS = (("Edge", r"Edg/"), ("Opera", r"OPR/"), ("Firefox", r"Firefox/"), ("Chrome", r"Chrom(?:e|ium)/"),
            ("Safari", r"Safari/"), ("curl", r"^curl/"))
SYSTEMS = (("Android", r"Android"), ("iOS", r"iPhone|iPad"), ("Windows", r"Windows"), ("macOS", r"Mac OS X"),
           ("Linux", r"Linux"))


def token_hash(token: str) -> str:
    """What the table stores of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def describe_device(user_agent: str) -> str:
    """A short, human description of a User-Agent ("Firefox on Linux") for the sessions list."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return (browser or system or user_agent.strip() or "Unknown device")[:120]


def open_session(user_id: int, user_agent: str, ip: str, lifetime_seconds: int) -> str:
    """Start a session for a user (committed) and return its token; expired sessions are swept on the way."""
    now = utcnow()
    db.session.execute(delete(AdminSession).where(AdminSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    db.session.add(AdminSession(token_hash=token_hash(token), user_id=user_id, created_at=now, last_seen_at=now,
                                expires_at=now + dt.timedelta(seconds=lifetime_seconds),
                                device=describe_device(user_agent or ""), ip=truncate_ip(ip or "")))
    db.session.commit()
    return token


def live_session(token: object, lifetime_seconds: int) -> tuple[AdminSession, User] | None:
    """The unexpired session of this token and its user, or None; marks it used (at most once a minute)."""
    if not isinstance(token, str) or not token:
        return None
    now = utcnow()
    found = db.session.execute(
        select(AdminSession, User).join(User, User.id == AdminSession.user_id)
        .where(AdminSession.token_hash == token_hash(token), AdminSession.expires_at > now)).first()
    if found is None:
        return None
    row, user = found
    if (now - row.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        row.last_seen_at, row.expires_at = now, now + dt.timedelta(seconds=lifetime_seconds)
        db.session.commit()
    return row, user


def end_session(token: object) -> None:
    """End the session of a token, if it still exists (not committed: the caller commits)."""
    if isinstance(token, str) and token:
        db.session.execute(delete(AdminSession).where(AdminSession.token_hash == token_hash(token)))


def end_session_by_id(session_id: int) -> bool:
    """End one session by its id (not committed); False when there was none."""
    return db.session.execute(delete(AdminSession).where(AdminSession.id == session_id)).rowcount > 0


def end_user_sessions(user_id: int, keep: int | None = None) -> int:
    """End all of a user's sessions, except ``keep`` (the caller's own); not committed. Returns how many ended."""
    statement = delete(AdminSession).where(AdminSession.user_id == user_id)
    if keep is not None:
        statement = statement.where(AdminSession.id != keep)
    return db.session.execute(statement).rowcount


def user_sessions(user_id: int | None = None) -> list[AdminSession]:
    """The unexpired sessions of one user (or of everyone), most recently used first."""
    query = select(AdminSession).where(AdminSession.expires_at > utcnow())
    if user_id is not None:
        query = query.where(AdminSession.user_id == user_id)
    return list(db.session.execute(query.order_by(AdminSession.last_seen_at.desc(), AdminSession.id.desc())).scalars())
