"""Touchpoint: the Flask service behind the embeddable survey widget."""
from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Config

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def engine_options(url: str, config) -> dict:
    """Pool settings: bounded waits on PostgreSQL so an outage answers 503 fast; a busy timeout on SQLite."""
    if url.startswith("postgresql"):
        return {"pool_size": config["DB_POOL_SIZE"], "max_overflow": 0, "pool_timeout": config["DB_POOL_TIMEOUT"],
                "pool_recycle": 1800, "pool_pre_ping": False,
                "connect_args": {"connect_timeout": config["DB_CONNECT_TIMEOUT"], "application_name": "touchpoint"}}
    return {"connect_args": {"timeout": 15}}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys (cascades) and use WAL so readers do not block the writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def configure(app: Flask, test_config: dict | None) -> None:
    """Defaults, then the environment (Config), then the test mapping."""
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "touchpoint.sqlite")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config))


def init_services(app: Flask) -> None:
    """Redis (optional) and the config cache that uses it."""
    from .config_cache import MemoryConfigCache, RedisConfigCache
    from .redis_client import GuardedRedis
    from .redis_sync import RedisSync
    from .response_writer import ResponseWriter
    from .survey_cache import SurveyViews

    if app.config.get("REDIS_URL"):
        guarded = GuardedRedis(app.config["REDIS_URL"])
        sync = RedisSync(guarded, app.config["REDIS_PREFIX"], app.config["REDIS_SYNC_SECONDS"])
        app.extensions.update({"touchpoint.redis": guarded, "touchpoint.counters": sync})
        cache = RedisConfigCache(guarded, sync, app.config["CONFIG_CACHE_TTL"], prefix=app.config["REDIS_PREFIX"])
    else:
        cache = MemoryConfigCache(app.config["CONFIG_CACHE_TTL"])
    app.extensions["touchpoint.config_cache"] = cache
    app.extensions["touchpoint.survey_views"] = SurveyViews()
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        app.extensions["touchpoint.response_writer"] = ResponseWriter(
            dsn, app.config["DB_CONNECT_TIMEOUT"], app.config["DB_CONNECT_TIMEOUT"] + app.config["DB_POOL_TIMEOUT"])


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints and CLI commands."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)

    from .extensions import db, limiter, migrate
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    init_services(app)
    limiter.init_app(app)

    from . import admin_pages, cli, security
    from .admin_api import bp as admin_api_bp
    from .api import pages, public
    from .errors import errors
    from .openapi import bp as openapi_bp
    app.register_blueprint(errors)
    app.register_blueprint(public.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi_bp)
    app.register_blueprint(admin_api_bp)
    app.register_blueprint(admin_pages.bp)
    app.after_request(security.add_security_headers)
    app.jinja_env.globals["csp_nonce"] = security.csp_nonce
    cli.register(app)
    from .api.fastlane import PublicFastLane
    app.wsgi_app = PublicFastLane(app, app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:  # outermost, so the fast lane sees the client's address too
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app
