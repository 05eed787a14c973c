"""Database models: sites, surveys, responses, events, recoveries, users, the daily IP salts, the outbox, its webhooks,
alert rules, digest settings, the e-mails the worker sends, and the case inbox."""
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
    false,
    true,
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
ROLES = ("admin", "agent", "viewer")  # agents act on cases and read what viewers read
IP_MODES = ("truncate", "hash", "none")
ENDPOINT_KINDS = ("webhook", "slack")
ALERT_TRIGGERS = ("answer", "recovery")  # a completed answer (response.completed), or a recovery form (recovery.submitted)
DIGEST_FREQUENCIES = ("off", "daily", "weekly")
MAIL_KINDS = ("alert", "endpoint_disabled", "digest")
CASE_STATUSES = ("open", "in_progress", "resolved")
RESOLUTION_CODES = ("contacted", "refunded", "fixed", "no_action_possible", "duplicate")


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that always loads timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:  # naive means UTC; an aware moment in another zone is stored as its UTC time
            value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
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
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")  # days are drawn in it
    # store a pseudonymous key of the answering browser (ingest/privacy.py), so a returning customer is known
    link_answers: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # the case inbox (server/cases): off until a site turns it on, since it makes the site write events
    cases_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    case_rule: Mapped[dict] = mapped_column(JSONType, default=dict, server_default="{}")  # cases/rules.py fills gaps
    sla_first_action_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    sla_resolve_hours: Mapped[int] = mapped_column(Integer, default=72, server_default="72")
    default_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
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
    # its place in the site's order when several surveys are due at once (catalog/priority.py); None: not placed
    priority: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audience: Mapped[dict] = mapped_column(JSONType, default=dict)
    frequency: Mapped[dict] = mapped_column(JSONType, default=dict)
    appearance: Mapped[dict] = mapped_column(JSONType, default=dict)
    outcomes: Mapped[dict] = mapped_column(JSONType, default=dict)
    schedule_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    schedule_end: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the hosted link /s/<link_key> (catalog/links.py): set while link.enabled, kept when turned off and on again
    link: Mapped[dict] = mapped_column(JSONType, default=dict)
    link_key: Mapped[str | None] = mapped_column(String(16), nullable=True, unique=True)
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
        Index("ix_responses_site_visitor", "site_id", "visitor_key"),
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
    channel: Mapped[str] = mapped_column(String(20), default="web")  # web (the popup), or a link's channel label
    hidden_fields: Mapped[dict | None] = mapped_column(JSONType, nullable=True)  # a link's declared URL parameters
    ip: Mapped[str] = mapped_column(String(64), default="")
    visitor_key: Mapped[str | None] = mapped_column(String(32), nullable=True)  # ingest/privacy.py:visitor_key
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


class OriginSighting(db.Model):
    """A page origin that asked for a site's config: when last (allowed or refused), so the admin can verify an
    installation and allow a refused domain in one click (delivery/sightings.py)."""

    __tablename__ = "origin_sightings"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    origin: Mapped[str] = mapped_column(String(200), primary_key=True)
    allowed: Mapped[bool] = mapped_column(Boolean)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


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

    @property
    def acts_on_cases(self) -> bool:
        """Admins and agents work cases; viewers only read them."""
        return self.role in ("admin", "agent")


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


class AlertRule(db.Model):
    """When an answer (or a recovery form) of a site e-mails someone: every condition that is set must hold."""

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    trigger: Mapped[str] = mapped_column(String(10), default="answer")  # ALERT_TRIGGERS
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), nullable=True)
    touchpoint: Mapped[str] = mapped_column(String(80), default="")  # "" is any touchpoint
    category: Mapped[str | None] = mapped_column(String(10), nullable=True)  # detractor|passive|promoter, or any
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)  # the score is at most this
    words: Mapped[list] = mapped_column(JSONType, default=list)  # any of them in the comment (case-insensitive)
    recipients: Mapped[list] = mapped_column(JSONType, default=list)  # e-mail addresses
    # also the owner of the answer's touchpoint (else the site's default owner), from the case inbox's routing
    notify_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSetting(db.Model):
    """A site's scheduled digest e-mail: how often, and to whom (no row: off)."""

    __tablename__ = "digest_settings"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10), default="off")  # DIGEST_FREQUENCIES
    recipients: Mapped[list] = mapped_column(JSONType, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MailJob(db.Model):
    """One e-mail the worker sends, rendered when it is recorded: an alert, an endpoint notice or a digest.

    ``key`` is unique: an alert is one per (rule, event), a notice one per disabling,
    a digest one per site and period, so recording the same e-mail twice is a no-op.
    Sent under a lease with retries like a webhook delivery.
    """

    __tablename__ = "mail_jobs"
    __table_args__ = (
        Index("ix_mail_jobs_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # MAIL_KINDS
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("alert_rules.id", ondelete="SET NULL"), nullable=True)
    outbox_event_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("outbox_events.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    recipients: Mapped[list] = mapped_column(JSONType, default=list)
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str | None] = mapped_column(String(254), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sent|failed|gave_up|mail_off
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
class TouchpointOwner(db.Model):
    """Who gets the cases of one touchpoint (a survey's touchpoint label) of a site."""

    __tablename__ = "touchpoint_owners"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    touchpoint: Mapped[str] = mapped_column(String(80), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Case(db.Model):
    """A customer's bad answer to follow up: one per response, owned, with deadlines (server/cases)."""

    __tablename__ = "cases"
    __table_args__ = (
        # the inbox's and the overdue sweep's question: the unresolved cases of a site
        Index("ix_cases_site_status", "site_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int] = mapped_column(BigId, ForeignKey("responses.id", ondelete="CASCADE"), unique=True)
    touchpoint: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolution: Mapped[str | None] = mapped_column(String(20), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_action_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_action_due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    resolve_due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    overdue_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)  # when the sweep flagged it
    overdue_notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list[CaseEntry]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                    passive_deletes=True, order_by="CaseEntry.id")


class CaseEntry(db.Model):
    """One line of a case's timeline: who did what and when (notes and replies are entries too)."""

    __tablename__ = "case_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # cases/timeline.py: ENTRY_KINDS
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSONType, default=dict)

    case: Mapped[Case] = relationship(back_populates="entries")
