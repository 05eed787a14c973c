"""The worker's other e-mails, against a real SMTP server (aiosmtpd), on SQLite and PostgreSQL: the scheduled
digest (a periodic huey task), the notice that an endpoint was disabled, and pruning the outbox."""
from __future__ import annotations

import datetime as dt

import pytest

from server.extensions import db
from server.models import MailJob, OutboxEvent, WebhookDelivery
from server.outbox.dispatch import drain
from server.outbox.pruning import prune_outbox
from server.outbox.queue import OutboxQueue
from tests.admin.data import add_responses, at
from tests.conftest import ADMIN_EMAIL, sql
from tests.factories import make_site, make_survey, post_json, response_body

BACKENDS = ("sqlite", "postgres")
MONDAY = at("2026-11-30 01:00")  # the digest of the week of 23 to 29 November is due


@pytest.fixture
def app_config(app_config, smtp_server, tmp_path):
    return {**app_config, **smtp_server.config, "PUBLIC_URL": "https://touchpoint.example",
            "WORKER_QUEUE_FILE": str(tmp_path / "queue.sqlite")}


@pytest.fixture
def weekly(app, admin_client):
    """A site with two touchpoints answered last week and the week before, and a weekly digest to two people."""
    site_id, _ = make_site(app)
    checkout = make_survey(app, site_id, "nps", touchpoint="Checkout")
    search = make_survey(app, site_id, "nps", touchpoint="Search")
    add_responses(app, checkout, [{"score": 9, "created_at": "2026-11-17 10:00"},
                                  {"score": 10, "created_at": "2026-11-18 10:00"},
                                  {"answers": {"score": 2, "followup": "Parcel never came"},
                                   "created_at": "2026-11-24 10:00"},
                                  {"score": 9, "created_at": "2026-11-25 10:00"},
                                  {"answers": {"score": 3, "followup": "Too old to list"},
                                   "created_at": "2026-11-20 10:00"}])
    add_responses(app, search, [{"score": 8, "created_at": "2026-11-26 10:00"}])
    saved = admin_client.put(f"/api/admin/sites/{site_id}/digest",
                             json={"frequency": "weekly", "recipients": ["boss@shop.test", "cx@shop.test"]})
    assert saved.status_code == 200, saved.get_json()
    return site_id


def digest_now(app, now):
    from server.outbox.digests import record_due_digests
    with app.app_context():
        recorded = record_due_digests(now)
        drain(now)
        return recorded


def test_a_weekly_digest_has_score_and_trend_per_touchpoint_and_new_detractor_comments(app, weekly, smtp_server):
    assert digest_now(app, MONDAY) == 1
    [mail] = smtp_server.mailbox.wait_for(1)
    assert smtp_server.mailbox.envelopes[0][1] == ["boss@shop.test", "cx@shop.test"]
    assert mail["Subject"] == "Touchpoint weekly digest · Shop · 2026-11-23 to 2026-11-29"
    text = mail.get_body(("plain",)).get_content().splitlines()
    # Checkout: NPS 0 (one promoter, one detractor) against 33 the week before (2 promoters, 1 detractor)
    assert "- Checkout: 0 nps, ↓ down (2 answers)" in text
    assert "- Search: 0 nps, – (1 answers)" in text
    assert "- Checkout, score 2: Parcel never came" in text
    assert not any("Too old" in line for line in text)
    assert not any("case" in line.lower() for line in text)  # cases are off on this site: no cases section
    html = mail.get_body(("html",)).get_content()
    assert "Parcel never came" in html and "Score per touchpoint" in html
    assert digest_now(app, MONDAY + dt.timedelta(hours=5)) == 0  # the same period is never recorded twice
    assert len(smtp_server.mailbox.messages) == 1


def test_the_digest_lists_open_and_overdue_cases_when_the_site_has_cases(app, client, weekly, smtp_server,
                                                                        make_user):
    """The digest's "open or overdue cases": counts, then the oldest overdue cases with their owner."""
    from tests.admin.case_data import enable_cases, open_cases
    make_user("lead@shop.test", "a long password", "agent")
    [(lead,)] = sql(app, "SELECT id FROM users WHERE email = 'lead@shop.test'")
    enable_cases(app, weekly, touchpoint_owners=[{"touchpoint": "Checkout", "user_id": lead}])
    [(checkout,)] = sql(app, "SELECT id FROM surveys WHERE touchpoint = 'Checkout'")
    [(key,)] = sql(app, "SELECT key FROM sites WHERE id = :id", id=weekly)
    open_cases(app, client, key, checkout, [1, 2])
    sql(app, "UPDATE cases SET first_action_due = :old, opened_at = :old WHERE id = 1", old="2026-11-20 10:00:00+00:00")
    digest_now(app, MONDAY)
    [mail] = smtp_server.mailbox.wait_for(1)
    text = mail.get_body(("plain",)).get_content().splitlines()
    assert text[text.index("Cases"):text.index("Cases") + 3] == [
        "Cases", "- 2 open, 1 overdue", "- Case #1 · Checkout · lead@shop.test · opened 2026-11-20"]


def test_the_digest_is_a_periodic_task_of_the_worker(app, weekly, smtp_server):
    queue = OutboxQueue(app)
    task = queue.digest_task.task_class()
    assert task.validate_datetime(dt.datetime(2026, 11, 30, 3, 7))  # every hour at :07
    assert not task.validate_datetime(dt.datetime(2026, 11, 30, 3, 8))
    assert queue.digest_task.call_local() == 1  # the week just ended, whatever today is
    assert queue.digest_task.call_local() == 0
    with app.app_context():
        [job] = db.session.query(MailJob).all()
        assert job.kind == "digest" and job.status == "pending"


def test_a_daily_digest_and_turning_it_off(app, admin_client, smtp_server):
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps", touchpoint="Checkout")
    add_responses(app, survey, [{"score": 10, "created_at": "2026-11-29 10:00"}])
    admin_client.put(f"/api/admin/sites/{site_id}/digest", json={"frequency": "daily", "recipients": ["a@shop.test"]})
    assert digest_now(app, MONDAY) == 1
    [mail] = smtp_server.mailbox.wait_for(1)
    assert "2026-11-29" in mail["Subject"] and "- Checkout: 100 nps, – (1 answers)" in mail.get_body(
        ("plain",)).get_content()
    admin_client.put(f"/api/admin/sites/{site_id}/digest", json={"frequency": "off"})
    assert digest_now(app, MONDAY + dt.timedelta(days=1)) == 0


def test_a_disabled_endpoint_e_mails_the_admins_once(app, client, admin_client, make_user, receiver, smtp_server):
    from .conftest import add_endpoint
    make_user("second-admin@example.com", "a long password", "admin")
    make_user("viewer@shop.test", "a long password", "viewer")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    endpoint_id, secret = add_endpoint(app, site_id, receiver.url)
    receiver.secrets.append(secret)
    receiver.replies.append((410, {}))
    assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201
    with app.app_context():
        assert drain() == ["failed"]
        drain()
    [mail] = smtp_server.mailbox.wait_for(1)
    assert smtp_server.mailbox.envelopes[0][1] == [ADMIN_EMAIL, "second-admin@example.com"]
    assert mail["Subject"] == f"Webhook endpoint disabled: {receiver.url} · Shop"
    text = mail.get_body(("plain",)).get_content()
    assert "Why: The endpoint answered 410 Gone." in text
    assert f"https://touchpoint.example/admin/#/sites/{site_id}/webhooks" in text
    assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201
    with app.app_context():
        drain()
    assert len(smtp_server.mailbox.messages) == 1
    # enabled again by hand and disabled by hand: an admin's own action sends nothing
    admin_client.post(f"/api/admin/webhooks/{endpoint_id}/enable")
    admin_client.post(f"/api/admin/webhooks/{endpoint_id}/disable")
    with app.app_context():
        drain()
    assert len(smtp_server.mailbox.messages) == 1


def test_pruning_deletes_finished_events_and_e_mails_past_the_retention_only(app, client, admin_client, receiver,
                                                                            smtp_server):
    from .conftest import add_endpoint
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    _, secret = add_endpoint(app, site_id, receiver.url)
    receiver.secrets.append(secret)
    admin_client.post(f"/api/admin/sites/{site_id}/alerts",
                      json={"name": "All", "recipients": ["cx@shop.test"]})
    for _ in range(2):
        post_json(client, "/v1/responses", response_body(key, survey, {"score": 2}, completed=True))
    with app.app_context():
        drain()
        drain()
    smtp_server.mailbox.wait_for(2)
    receiver.replies.append((500, {}))
    post_json(client, "/v1/responses", response_body(key, survey, {"score": 2}))  # its delivery keeps retrying
    with app.app_context():
        drain()
    old = at("2026-01-01 00:00")
    sql(app, "UPDATE outbox_events SET created_at = :old", old=old)
    sql(app, "UPDATE mail_jobs SET created_at = :old", old=old)
    undispatched = sql(app, "SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL")[0][0]
    with app.app_context():
        assert prune_outbox(30, old + dt.timedelta(days=29)) == (0, 0)  # not old enough yet
        assert prune_outbox(0, old + dt.timedelta(days=365)) == (0, 0)  # 0 keeps everything
        events, mails = prune_outbox(30, old + dt.timedelta(days=31))
        left = db.session.query(OutboxEvent).all()
        retrying = db.session.query(WebhookDelivery).filter_by(status="failed").one()
        assert [e.id for e in left if e.dispatched_at is not None] == [retrying.outbox_event_id]
        assert len(left) == 1 + undispatched
        assert mails == 2 and db.session.query(MailJob).count() == 0
        assert events >= 6  # created+completed twice, their alert.triggered events
    assert sql(app, "SELECT count(*) FROM webhook_attempts WHERE delivery_id NOT IN "
                    "(SELECT id FROM webhook_deliveries)")[0][0] == 0


def test_pruning_is_a_nightly_task_of_the_worker_that_reads_the_retention_setting(make_app):
    app = make_app(OUTBOX_RETENTION_DAYS=7)
    task = OutboxQueue(app).prune_task
    assert task.task_class().validate_datetime(dt.datetime(2026, 12, 3, 3, 17))
    assert not task.task_class().validate_datetime(dt.datetime(2026, 12, 3, 4, 17))
    site_id, _ = make_site(app)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    sql(app, "INSERT INTO outbox_events (event_id, type, site_id, payload, created_at, dispatched_at) "
             "VALUES ('msg_old', 'response.created', :site, '{}', :old, :old)", site=site_id, old=old)
    assert task.call_local() == (1, 0)
