"""Database models: sites, surveys, responses, events, recoveries, users, the daily IP salts, and the outbox and its webhooks."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid as uuidlib

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .database import db

JSONType = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments INTEGER PRIMARY KEY, so big ids fall back to Integer there.
BigId = BigInteger().with_variant(Integer(), "sqlite")

JOURNEY_STAGES = ("awareness", "consideration", "interest", "intent", "purchase",
                  "post-purchase", "retention", "advocacy", "loyalty")
SURVEY_KINDS = ("nps", "csat", "ces", "cli", "custom")
SURVEY_STATUSES = ("draft", "active", "paused")
EVENT_TYPES = ("display", "dismiss", "close")
ROLES = ("admin", "viewer")
IP_MODES = ("truncate", "hash", "none")
ENDPOINT_KINDS = ("webhook", "slack")


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that always loads timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


# what a site key may look like: new ones are 12 letters and digits; the pattern also admits older forms
SITE_KEY_PATTERN = r"^[A-Za-z0-9_-]{4,32}$"
SITE_KEY_RE = re.compile(SITE_KEY_PATTERN)


def new_site_key() -> str:
    """A random, URL-safe public site key."""
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")


class Site(db.Model):
    """A website that embeds the widget."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True, default=new_site_key)
    name: Mapped[str] = mapped_column(String(120))
    allowed_domains: Mapped[list] = mapped_column(JSONType, default=list)
    cooldown_days: Mapped[int] = mapped_column(Integer, default=0)
    honor_gpc: Mapped[bool] = mapped_column(Boolean, default=False)
    honor_dnt: Mapped[bool] = mapped_column(Boolean, default=False)
    ip_mode: Mapped[str] = mapped_column(String(10), default="truncate")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    surveys: Mapped[list[Survey]] = relationship(back_populates="site", cascade="all, delete-orphan",
                                                 passive_deletes=True, order_by="Survey.id")


class Survey(db.Model):
    """One survey: its questions, texts, trigger, audience, frequency, appearance and outcomes."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    touchpoint: Mapped[str] = mapped_column(String(80), default="")
    journey_stage: Mapped[str] = mapped_column(String(20), default="consideration")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    default_locale: Mapped[str] = mapped_column(String(35), default="en")
    texts: Mapped[dict] = mapped_column(JSONType, default=dict)
    questions: Mapped[list] = mapped_column(JSONType, default=list)
    followup: Mapped[dict] = mapped_column(JSONType, default=dict)
    trigger: Mapped[dict] = mapped_column(JSONType, default=dict)
    audience: Mapped[dict] = mapped_column(JSONType, default=dict)
    frequency: Mapped[dict] = mapped_column(JSONType, default=dict)
    appearance: Mapped[dict] = mapped_column(JSONType, default=dict)
    outcomes: Mapped[dict] = mapped_column(JSONType, default=dict)
    schedule_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    schedule_end: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    site: Mapped[Site] = relationship(back_populates="surveys")

    def in_schedule(self, now: dt.datetime) -> bool:
        """True when ``now`` lies inside the survey's schedule (open ends are unbounded)."""
        return ((self.schedule_start is None or self.schedule_start <= now)
                and (self.schedule_end is None or now < self.schedule_end))


class Response(db.Model):
    """A visitor's answers to one survey, keyed by the client-generated UUID."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_survey_created", "survey_id", "created_at"),
        Index("ix_responses_site_created", "site_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(Uuid(as_uuid=True), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict] = mapped_column(JSONType, default=dict)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    category: Mapped[str | None] = mapped_column(String(10), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    page_url: Mapped[str] = mapped_column(String(2048), default="")
    page_path: Mapped[str] = mapped_column(String(2048), default="")
    referrer: Mapped[str] = mapped_column(String(2048), default="")
    device: Mapped[str] = mapped_column(String(10), default="desktop")
    browser: Mapped[str] = mapped_column(String(40), default="")
    os: Mapped[str] = mapped_column(String(40), default="")
    locale: Mapped[str] = mapped_column(String(35), default="")
    trigger: Mapped[str] = mapped_column(String(20), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    first_answer_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)

    recovery: Mapped[Recovery | None] = relationship(back_populates="response", uselist=False,
                                                     passive_deletes=True)


class Recovery(db.Model):
    """What a detractor told the hosted recovery page."""

    __tablename__ = "recoveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(BigId, ForeignKey("responses.id", ondelete="CASCADE"),
                                             unique=True)
    message: Mapped[str] = mapped_column(Text, default="")
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="recovery")


class Event(db.Model):
    """One display, dismissal or close, kept so that a re-sent event counts once."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[uuidlib.UUID] = mapped_column(Uuid(as_uuid=True), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventCount(db.Model):
    """Events per survey per day and type: the denominator of the response rate."""

    __tablename__ = "event_counts"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    type: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class IpSalt(db.Model):
    """The random salt of one UTC day's IP hashes, shared by every process; deleted two days on (ingest/ip_salts.py)."""

    __tablename__ = "ip_salts"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class User(db.Model):
    """An admin-panel user."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(10), default="viewer")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``; the password itself is never kept."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        """Admins write; viewers only read."""
        return self.role == "admin"


class AdminSession(db.Model):
    """A signed-in admin-panel session; the cookie carries a random token, the table only its hash."""

    __tablename__ = "admin_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the cookie's token: a copy of this table cannot be replayed as a cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    device: Mapped[str] = mapped_column(String(120), default="")  # a short user-agent description
    ip: Mapped[str] = mapped_column(String(45), default="")  # masked like a response's IP (/24, /48)


class OutboxEvent(db.Model):
    """An event written in the same transaction as its cause; the worker turns it into deliveries."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        # the pump's only question: what is not dispatched yet, oldest first
        Index("ix_outbox_events_undispatched", "dispatched_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)  # "msg_…": the webhook-id receivers de-duplicate by
    type: Mapped[str] = mapped_column(String(40))
    # no index of its own: every index is paid on the ingest hot path, and only the pump reads this table
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"), nullable=True)
    payload: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WebhookEndpoint(db.Model):
    """A URL of a site that receives signed events (Standard Webhooks)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(200), default="")
    # "webhook": signed Standard Webhooks JSON; "slack": a Slack incoming-webhook message (Slack checks no signature)
    kind: Mapped[str] = mapped_column(String(10), default="webhook", server_default="webhook")
    events: Mapped[list] = mapped_column(JSONType, default=list)
    filters: Mapped[dict] = mapped_column(JSONType, default=dict)  # {survey_id?, touchpoint?, category?, max_score?}
    secret: Mapped[str] = mapped_column(String(80))
    previous_secret: Mapped[str | None] = mapped_column(String(80), nullable=True)
    previous_secret_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failed_in_a_row: Mapped[int] = mapped_column(Integer, default=0)  # deliveries that gave up since the last success
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):
    """One event to one endpoint: at most one per pair, retried on a schedule under a lease."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("uq_webhook_deliveries_endpoint_event", "endpoint_id", "outbox_event_id", unique=True),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    outbox_event_id: Mapped[int] = mapped_column(BigId, ForeignKey("outbox_events.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|succeeded|failed|gave_up
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookAttempt(db.Model):
    """One HTTP try of a delivery: what the admin's delivery log shows."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(BigId, ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    response_excerpt: Mapped[str] = mapped_column(Text, default="")  # the first 1 KB of the body
    error: Mapped[str] = mapped_column(Text, default="")


class DemoWebhookReceipt(db.Model):
    """A request the demo's built-in receiver (/demo/webhook-log) got, and whether its signature verified.

    In the database, not in a process's memory, so every gunicorn worker shows the
    same log; the receiver keeps only the newest few (demo_receiver.py).
    """

    __tablename__ = "demo_webhook_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    webhook_id: Mapped[str] = mapped_column(String(80), default="")
    event_type: Mapped[str] = mapped_column(String(40), default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verdict: Mapped[str] = mapped_column(String(200), default="")  # why it verified or did not
    body: Mapped[str] = mapped_column(Text, default="")  # the first few KB, as text
