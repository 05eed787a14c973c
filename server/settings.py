"""Settings read from environment variables (the README has the same table).

Called "settings" so that "config" means only what the widget fetches: a site's config.
"""
import os


def as_bool(value: str | None) -> bool:
    """Read a boolean environment variable the way people write them."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def database_url(value: str | None) -> str | None:
    """Normalise a DATABASE_URL: Heroku-style ``postgres://`` and bare ``postgresql://`` use psycopg 3."""
    if not value:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


class Settings:
    """Every setting, with its default. Optional services are None when unset."""

    # security
    # required on PostgreSQL and in production; on the embedded SQLite a key is generated into the
    # instance folder when unset (runtime/secret_key.py)
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    # FLASK_ENV or TOUCHPOINT_ENV = production: refuse to start without a real SECRET_KEY even on SQLite
    PRODUCTION = "production" in (os.environ.get("FLASK_ENV", "").strip().lower(),
                                  os.environ.get("TOUCHPOINT_ENV", "").strip().lower())
    SESSION_COOKIE_SECURE = as_bool(os.environ.get("SESSION_COOKIE_SECURE"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_HOURS", "12")) * 3600
    # number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # database: SQLite in the instance folder unless DATABASE_URL is set
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "5"))
    # seconds a request waits for a pooled connection before answering 503
    DB_POOL_TIMEOUT = float(os.environ.get("DB_POOL_TIMEOUT", "2"))
    DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "2"))

    # redis: config cache, rate-limit buckets; in-process fallbacks when unset
    REDIS_URL = os.environ.get("REDIS_URL") or None
    REDIS_PREFIX = os.environ.get("REDIS_PREFIX", "tp:")
    # how often a process folds its rate-limit counts into Redis and re-reads config versions;
    # bounds the overshoot of shared limits and how long another instance serves an old config
    REDIS_SYNC_SECONDS = float(os.environ.get("REDIS_SYNC_SECONDS", "0.5"))
    CONFIG_CACHE_TTL = int(os.environ.get("CONFIG_CACHE_TTL", "60"))
    CONFIG_MAX_AGE = int(os.environ.get("CONFIG_MAX_AGE", "60"))

    # rate limits ("N/second|minute|hour|day"); counters live in Redis when REDIS_URL is set
    RATELIMIT_ENABLED = not as_bool(os.environ.get("RATELIMIT_DISABLED"))
    RATELIMIT_PUBLIC_READ = os.environ.get("RATELIMIT_PUBLIC_READ", "600/minute")
    RATELIMIT_PUBLIC_WRITE = os.environ.get("RATELIMIT_PUBLIC_WRITE", "120/minute")
    RATELIMIT_PER_SITE = os.environ.get("RATELIMIT_PER_SITE", "20000/minute")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10/minute")
    # sign-in attempts per account (normalised e-mail) from any IP: bounds a botnet guessing one password
    # to 7,200 a day, while a locked-out owner waits at most a minute (docs/DECISIONS.md)
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "5/minute")

    # public API
    MAX_PUBLIC_BODY = int(os.environ.get("MAX_PUBLIC_BODY", str(32 * 1024)))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(512 * 1024)))
    # requests in flight per worker for ingest before answering 503 (load shedding)
    INGEST_MAX_IN_FLIGHT = int(os.environ.get("INGEST_MAX_IN_FLIGHT", "8"))
    INGEST_QUEUE_TIMEOUT = float(os.environ.get("INGEST_QUEUE_TIMEOUT", "0.25"))
    # a response that waited longer than this for a slot in the app gets a fast 503 (needs the Procfile's worker)
    INGEST_MAX_QUEUE_SECONDS = float(os.environ.get("INGEST_MAX_QUEUE_SECONDS", "1.0"))

    # seconds a client has to send a request's whole body once its headers are in, or it is disconnected
    # (the gevent worker in runtime/gunicorn_worker.py; its headers have gunicorn's keepalive, gunicorn.conf.py)
    REQUEST_BODY_SECONDS = float(os.environ.get("REQUEST_BODY_SECONDS", "10"))

    # public URL of this server, used in snippets; defaults to the request's host
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    # widget build served at /widget.js
    WIDGET_DIST = os.environ.get("WIDGET_DIST") or None

    # webhooks and the worker (`flask --app server worker`, docs/ALERTS.md)
    # deliver to loopback, private and link-local addresses too: only for self-hosters whose receivers live on
    # their own network, and for development (it also allows http://localhost endpoints); off, the SSRF guard
    # refuses them at delivery time whatever the URL's name resolves to (docs/SECURITY.md)
    WEBHOOKS_ALLOW_PRIVATE = as_bool(os.environ.get("WEBHOOKS_ALLOW_PRIVATE"))
    # seconds a receiver has to answer one delivery; a delivery's lease is four times this
    WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "15"))
    # the task queue's file when REDIS_URL is unset (default: worker-queue.sqlite in the instance folder)
    WORKER_QUEUE_FILE = os.environ.get("WORKER_QUEUE_FILE") or None
    WORKER_THREADS = int(os.environ.get("WORKER_THREADS", "4"))  # deliveries in flight per worker process
    OUTBOX_PUMP_SECONDS = float(os.environ.get("OUTBOX_PUMP_SECONDS", "1"))  # how often the outbox is drained
    # days a finished outbox event (with its deliveries and attempts) and a finished e-mail are kept; 0 keeps all
    OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))

    # e-mail: alerts, digests, case replies and endpoint notices (server/outbox/mail.py); off when MAIL_SERVER is unset
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = as_bool(os.environ.get("MAIL_USE_TLS"))  # STARTTLS after connecting
    MAIL_USE_SSL = as_bool(os.environ.get("MAIL_USE_SSL"))  # TLS from the first byte (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Touchpoint <touchpoint@localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "15"))
