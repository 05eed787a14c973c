"""Touchpoint: the Flask service behind the embeddable survey widget (ARCHITECTURE.md has the map)."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def configure(app: Flask, test_config: dict | None) -> None:
    """Defaults, then the environment (Settings), then the test mapping; refuses a missing SECRET_KEY where it matters."""
    from .database import engine_options
    from .runtime.secret_key import resolve_secret_key
    from .settings import Settings

    app.config.from_object(Settings)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "touchpoint.sqlite")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config))
    app.config["SECRET_KEY"] = resolve_secret_key(app.config, app.instance_path)


def init_extensions(app: Flask) -> None:
    """Bind every extension and service: the database, then Redis and what shares it."""
    from .extensions import config_cache, db, ip_salts, limiter, migrate, origin_sightings, redis, response_writer, survey_views

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    redis.init_app(app)
    shared = redis.of(app)
    limiter.init_app(app, shared)
    config_cache.init_app(app, shared)
    survey_views.init_app(app, config_cache)
    response_writer.init_app(app)
    ip_salts.init_app(app)
    origin_sightings.init_app(app)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: settings, extensions, the web layer and CLI commands.

    ``instance_path`` moves the instance folder (the embedded database, a generated SECRET_KEY) elsewhere.
    Flask and the rest are imported here, not at the top: gunicorn's master imports
    this package to find the worker class (runtime/gunicorn_worker.py), and what it
    imports before the fork escapes the gevent worker's monkey-patching.
    """
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    configure(app, test_config)
    init_extensions(app)

    from . import cli, web
    web.init_app(app)
    cli.register(app)
    if app.config["TRUSTED_PROXIES"]:  # outermost, so every layer sees the client's address
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app
