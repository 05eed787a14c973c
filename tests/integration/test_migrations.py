"""Migrations upgrade cleanly on SQLite and PostgreSQL and match the models exactly."""
import json
import re
import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from server import create_app
from server.extensions import db
from tests.conftest import PG_ADMIN_URL, TEST_SECRET, missing


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    """A brand-new, empty database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    name = f"touchpoint_migrate_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        missing("PostgreSQL", str(exc).strip().splitlines()[0])
    yield PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_creates_everything_and_matches_the_models(empty_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert tables >= {"sites", "surveys", "responses", "recoveries", "events", "event_counts", "users",
                          "alembic_version"}
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()


def test_cli_commands_create_admin_and_seed_demo(runner, app):
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.com", "--password", "long enough"])
    assert result.exit_code == 0 and "admin boss@example.com is ready" in result.output
    short = runner.invoke(args=["create-admin", "--email", "x@example.com", "--password", "short"])
    assert short.exit_code != 0 and "8 characters" in short.output
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0 and "Demo site created" in first.output
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "Demo site exists" in again.output
    from tests.conftest import sql
    assert sql(app, "SELECT count(*) FROM sites")[0][0] == 1
    triggers = sql(app, "SELECT trigger FROM surveys WHERE status = 'active'")
    kinds = sorted((row[0] if isinstance(row[0], dict) else json.loads(row[0]))["type"] for row in triggers)
    assert kinds == ["cart_abandonment", "exit_intent", "feedback_button", "inline", "link_only"]
    assert sql(app, "SELECT role FROM users WHERE email = 'boss@example.com'")[0][0] == "admin"
    assert sql(app, "SELECT name, category FROM alert_rules") == [("Demo: every detractor", "detractor")]
    assert re.search(r"Demo survey link \(Delivery survey \(e-mail link\)\): http://127\.0\.0\.1:5000/s/[\w-]{12}\?order=A-1001",
                     first.output), first.output
    assert "Demo alert rule: every detractor, e-mailed to cx-team@example.com: recorded (MAIL_SERVER" in first.output


def test_surveys_saved_before_keep_their_detractor_recovery(empty_database):
    """0008: a survey with a recovery_url keeps sending detractors there, one without keeps the hosted page."""
    from sqlalchemy import text
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        upgrade(revision="0005_webhook_admin")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO sites (id, key, name, allowed_domains, cooldown_days, honor_gpc, honor_dnt, "
                              "ip_mode, created_at, updated_at) VALUES (1, 'k', 'S', '[]', 0, false, false, 'truncate', "
                              "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            for survey_id, outcomes in ((1, '{"recovery_url": "https://shop.example/sorry"}'), (2, '{}')):
                conn.execute(text("INSERT INTO surveys (id, site_id, name, kind, touchpoint, journey_stage, status, "
                                  "default_locale, texts, questions, followup, trigger, audience, frequency, appearance, "
                                  "outcomes, created_at, updated_at) VALUES (:id, 1, 'n', 'nps', '', 'consideration', "
                                  "'active', 'en', '{}', '[]', '{}', '{}', '{}', '{}', '{}', :o, CURRENT_TIMESTAMP, "
                                  "CURRENT_TIMESTAMP)"), {"id": survey_id, "o": outcomes})
        upgrade()
        from server.models import Survey
        outcomes = {s.id: s.outcomes for s in db.session.query(Survey).order_by(Survey.id)}
        assert outcomes == {1: {"recovery_url": "https://shop.example/sorry", "detractor": "redirect"},
                            2: {"detractor": "hosted"}}
        db.session.remove()
        downgrade(revision="0005_webhook_admin")
        with db.engine.connect() as conn:
            assert [row[0] for row in conn.execute(text("SELECT outcomes FROM surveys ORDER BY id"))] in (
                [{"recovery_url": "https://shop.example/sorry"}, {}], ['{"recovery_url": "https://shop.example/sorry"}', "{}"])
        db.engine.dispose()
