"""Shared fixtures: app, client, runner, a signed-in admin, real PostgreSQL/Redis, live server, browser.

Integration fixtures skip with a reason when a service is missing locally, and
fail when CI=true, so CI can never pass by skipping.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid

import psycopg
import pytest
import redis as redis_lib
from sqlalchemy import text
from werkzeug.serving import make_server

from server import create_app
from server.extensions import db
from server.ingest.writer import ResponseWriter

CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# as long as a real key must be: PostgreSQL apps refuse shorter ones (server/runtime/secret_key.py)
TEST_SECRET = "test-secret-key-not-for-production-use"
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "correct horse battery"
VIEWER_EMAIL, VIEWER_PASSWORD = "viewer@example.com", "viewer password 1"
AGENT_EMAIL, AGENT_PASSWORD = "agent@example.com", "agent password 1"
# webhook tests deliver to a receiver on 127.0.0.1, so they allow private addresses, as `make run` does
WEBHOOK_CONFIG = {"WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOK_TIMEOUT": 2.0}


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now (for servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def receiver():
    """A webhook receiver in the test process (tests/outbox/receiver.py), closed after the test."""
    from tests.outbox.receiver import Receiver  # it imports free_port from here

    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) in the test process, stopped after the test (tests/mailbox.py)."""
    from tests.mailbox import SmtpServer

    server = SmtpServer(free_port())
    yield server
    server.close()


def missing(service: str, reason: str):
    """Skip locally with a reason; in CI a missing service is a failure."""
    message = f"{service} unavailable: {reason}"
    if CI:
        pytest.fail(message + " (CI=true: integration services are required)")
    pytest.skip(message)


def worker_suffix(worker_id: str) -> str:
    return "master" if worker_id == "master" else worker_id


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """The pytest-xdist worker id, or "master" without xdist."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


@pytest.fixture(scope="session")
def pg_url(worker_id):
    """A PostgreSQL database of our own for this test run (one per xdist worker), schema created.

    The process id is in the name so that two runs on one machine never share a database.
    """
    name = f"touchpoint_test_{worker_suffix(worker_id)}_{os.getpid()}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        missing("PostgreSQL", str(exc).strip().splitlines()[0])
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
                      "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url.replace("postgresql://", "postgresql+psycopg://")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_base() -> str:
    """The real Redis (database 1), checked once."""
    url = f"{REDIS_URL}/1"
    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis_lib.RedisError as exc:
        missing("Redis", str(exc))
    return url


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix of this test's own, so concurrent runs and tests never see each other's keys."""
    return f"tptest:{uuid.uuid4().hex[:12]}:"


@pytest.fixture
def redis_url(redis_base, redis_prefix, app_config):
    """The Redis URL; apps built by make_app use this test's own key prefix, removed afterwards."""
    app_config["REDIS_PREFIX"] = redis_prefix
    yield redis_base
    client = redis_lib.Redis.from_url(redis_base)
    keys = list(client.scan_iter(match=redis_prefix + "*", count=1000))
    if keys:
        client.delete(*keys)


def pytest_generate_tests(metafunc):
    """Modules list their database backends in BACKENDS; the default is the embedded SQLite."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", getattr(metafunc.module, "BACKENDS", ("sqlite",)), indirect=True)


@pytest.fixture
def backend(request) -> str:
    return request.param


def truncate_all(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def database_url(backend, request, tmp_path) -> str:
    """A fresh, empty database of the requested backend."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        truncate_all(url)
        return url
    return f"sqlite:///{tmp_path / 'touchpoint.sqlite'}"


@pytest.fixture
def app_config(database_url) -> dict:
    """The test configuration; tests override keys before the app is built."""
    return {"TESTING": True, "SECRET_KEY": TEST_SECRET, "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": None, "RATELIMIT_PUBLIC_READ": "100000/minute", "RATELIMIT_PUBLIC_WRITE": "100000/minute",
            "RATELIMIT_PER_SITE": "100000/minute", "RATELIMIT_LOGIN": "1000/minute"}


@pytest.fixture
def make_app(app_config):
    """Build apps on the test database with config overrides; their pools are closed afterwards."""
    built = []

    def make(**overrides):
        application = create_app({**app_config, **overrides})
        with application.app_context():
            db.create_all()
        built.append(application)
        return application
    yield make
    for application in built:
        writer = ResponseWriter.of(application)
        if writer is not None:  # it keeps its connection for minutes: end it with the app
            writer.stop()
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app on a fresh database, tables created."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a role and return its email and password."""
    from server.catalog.users import create_user

    def make(email: str, password: str, role: str):
        with app.app_context():
            create_user(email, password, role)
        return email, password
    return make


def sign_in(client, email: str, password: str) -> str:
    """Sign a test client in through the admin API and return its CSRF token."""
    response = client.post("/api/admin/session", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["csrf_token"]


def signed_in_client(app, make_user, email: str, password: str, role: str):
    """A test client signed in with a new user of ``role``; its CSRF token rides on every request."""
    make_user(email, password, role)
    client = app.test_client()
    client.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(client, email, password)
    return client


@pytest.fixture
def admin_client(app, make_user):
    """A test client signed in as an admin."""
    return signed_in_client(app, make_user, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")


@pytest.fixture
def viewer_client(app, make_user):
    """A test client signed in as a viewer (reads only)."""
    return signed_in_client(app, make_user, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")


@pytest.fixture
def agent_client(app, make_user):
    """A test client signed in as an agent (reads, and acts on cases)."""
    return signed_in_client(app, make_user, AGENT_EMAIL, AGENT_PASSWORD, "agent")


class LiveServer:
    """The app served over real HTTP in a background thread; stop() and start() keep the port."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0):
        self.app, self.host, self.port = app, host, port
        self._server = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> LiveServer:
        self._server = make_server(self.host, self.port, self.app, threaded=True)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def live_server(app):
    """The app on a real port of 127.0.0.1."""
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium driven by Playwright."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing("Chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                            "--disable-background-networking", "--disable-component-update",
                                            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield chromium
        chromium.close()


@pytest.fixture
def new_uuid():
    return lambda: str(uuid.uuid4())


@pytest.fixture
def db_session(app):
    """Run a block inside the app context and hand back the session."""
    with app.app_context():
        yield db.session


def sql(app, statement: str, **params):
    """Run raw SQL against the app's database (committed) and return its rows, if any."""
    with app.app_context():
        result = db.session.execute(text(statement), params)
        rows = result.all() if result.returns_rows else []
        db.session.commit()
        return rows
