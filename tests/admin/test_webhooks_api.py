"""The webhook admin API on SQLite and PostgreSQL: endpoints, the secret shown once, rotation, enabling, the
delivery log with its attempts, test events and replay, and 4xx (never 5xx) for bad input."""
from __future__ import annotations

import pytest

from server.extensions import db
from server.models import WebhookEndpoint, utcnow
from server.outbox.dispatch import disable, drain
from tests.conftest import WEBHOOK_CONFIG
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def app_config(app_config):
    """Deliveries go to the test's receiver on 127.0.0.1."""
    return {**app_config, **WEBHOOK_CONFIG}


@pytest.fixture
def site_id(app):
    return make_site(app)[0]


def new_endpoint(admin_client, site_id, url, **fields):
    body = {"url": url, "events": ["response.created"], **fields}
    response = admin_client.post(f"/api/admin/sites/{site_id}/webhooks", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def deliver_all(app):
    with app.app_context():
        return drain()


def test_the_secret_is_shown_once_on_create_and_once_per_rotation(app, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url, description="CRM")
    assert created["secret"].startswith("whsec_") and created["kind"] == "webhook" and created["enabled"]
    endpoint_id = created["id"]
    for url in (f"/api/admin/sites/{site_id}/webhooks", f"/api/admin/webhooks/{endpoint_id}"):
        text = admin_client.get(url).get_data(as_text=True)
        assert "whsec_" not in text and "secret" not in text
    rotated = admin_client.post(f"/api/admin/webhooks/{endpoint_id}/rotate").get_json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert rotated["previous_valid_until"]
    changed = admin_client.patch(f"/api/admin/webhooks/{endpoint_id}", json={"description": "CRM 2"}).get_json()
    assert changed["description"] == "CRM 2" and "secret" not in changed


def test_a_test_event_lands_in_the_log_with_its_attempt(app, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    receiver.secrets.append(created["secret"])
    queued = admin_client.post(f"/api/admin/webhooks/{created['id']}/test")
    assert queued.status_code == 202 and queued.get_json()["status"] == "pending"
    receiver.replies.append((500, {}))  # the first try fails, so the log shows an error then a success
    deliver_all(app)
    log = admin_client.get(f"/api/admin/webhooks/{created['id']}/deliveries").get_json()
    assert log["total"] == 1 and log["pages"] == 1
    [row] = log["items"]
    assert row["event_type"] == "webhook.test" and row["status"] == "failed" and row["last_status"] == 500
    [attempt] = row["attempts"]
    assert attempt["status_code"] == 500 and attempt["response_excerpt"] == "ok" and attempt["latency_ms"] >= 0
    replayed = admin_client.post(f"/api/admin/webhooks/{created['id']}/deliveries/{row['id']}/replay")
    assert replayed.status_code == 202
    deliver_all(app)
    [row] = admin_client.get(f"/api/admin/webhooks/{created['id']}/deliveries").get_json()["items"]
    assert row["status"] == "succeeded" and [a["status_code"] for a in row["attempts"]] == [500, 200]
    assert len(receiver.deliveries) == 2 and receiver.deliveries[0].verified_by == [created["secret"]]
    assert receiver.ids()[0] == receiver.ids()[1] == row["event_id"]  # a replay keeps the webhook-id


def test_the_log_is_paginated_newest_first(app, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    ids = [admin_client.post(f"/api/admin/webhooks/{created['id']}/test").get_json()["id"] for _ in range(5)]
    first = admin_client.get(f"/api/admin/webhooks/{created['id']}/deliveries?per_page=2").get_json()
    last = admin_client.get(f"/api/admin/webhooks/{created['id']}/deliveries?per_page=2&page=3").get_json()
    assert [r["id"] for r in first["items"]] == ids[::-1][:2] and first["pages"] == 3 and first["total"] == 5
    assert [r["id"] for r in last["items"]] == [ids[0]]
    bad = admin_client.get(f"/api/admin/webhooks/{created['id']}/deliveries?per_page=0")
    assert bad.status_code == 422 and "per_page" in bad.get_json()["errors"]


def test_disable_and_re_enable_clears_the_reason(app, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    with app.app_context():
        disable(db.session.get(WebhookEndpoint, created["id"]), "The endpoint answered 410 Gone.", utcnow())
        db.session.commit()
    [listed] = admin_client.get(f"/api/admin/sites/{site_id}/webhooks").get_json()
    assert listed["enabled"] is False and listed["disabled_reason"] == "The endpoint answered 410 Gone."
    enabled = admin_client.post(f"/api/admin/webhooks/{created['id']}/enable").get_json()
    assert enabled["enabled"] is True and enabled["disabled_reason"] is None and enabled["disabled_at"] is None
    disabled = admin_client.post(f"/api/admin/webhooks/{created['id']}/disable").get_json()
    assert disabled["enabled"] is False and disabled["disabled_reason"] == "Disabled by an admin."


def test_filters_are_saved_without_the_unset_ones_and_checked(app, admin_client, site_id, receiver):
    survey_id = make_survey(app, site_id, "nps")
    created = new_endpoint(admin_client, site_id, receiver.url,
                           filters={"survey_id": survey_id, "category": "detractor", "max_score": 6,
                                    "touchpoint": None})
    assert created["filters"] == {"survey_id": survey_id, "category": "detractor", "max_score": 6}
    bad = admin_client.patch(f"/api/admin/webhooks/{created['id']}", json={"filters": {"category": "angry"}})
    assert bad.status_code == 422 and "filters.category" in bad.get_json()["errors"]


@pytest.mark.parametrize("body, field", [
    ({"url": "ftp://x.example/", "events": ["response.created"]}, "url"),
    ({"url": "http://hooks.example/in", "events": ["response.created"]}, "url"),  # plain http only for localhost
    ({"url": "https://10.0.0.5/in", "events": ["response.created"]}, "url"),
    ({"url": "https://hooks.example/in", "events": []}, "events"),
    ({"url": "https://hooks.example/in", "events": ["webhook.test"]}, "events.0"),
    ({"url": "https://hooks.example/in", "events": ["response.created"], "kind": "teams"}, "kind"),
    ({"url": "https://hooks.example/in", "events": ["response.created"], "filters": {"max_score": "low"}},
     "filters.max_score"),
    ({"events": ["response.created"]}, "url"),
])
def test_bad_endpoints_get_a_422_naming_the_field_and_write_nothing(app, make_app, site_id, admin_client, body,
                                                                     field):
    strict = make_app(WEBHOOKS_ALLOW_PRIVATE=False)
    client = strict.test_client()
    client.environ_base.update(admin_client.environ_base)
    client._cookies = admin_client._cookies  # the same signed-in session, on an app that refuses private addresses
    response = client.post(f"/api/admin/sites/{site_id}/webhooks", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    with app.app_context():
        assert db.session.query(WebhookEndpoint).count() == 0


def test_unknown_ids_are_404s(admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    assert admin_client.get("/api/admin/webhooks/999/deliveries").status_code == 404
    assert admin_client.post(f"/api/admin/webhooks/{created['id']}/deliveries/999/replay").status_code == 404
    assert admin_client.post("/api/admin/sites/999/webhooks", json={}).status_code == 404


def test_deleting_an_endpoint_removes_its_log(app, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    admin_client.post(f"/api/admin/webhooks/{created['id']}/test")
    deliver_all(app)
    assert admin_client.delete(f"/api/admin/webhooks/{created['id']}").status_code == 204
    assert admin_client.get(f"/api/admin/webhooks/{created['id']}").status_code == 404
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM webhook_deliveries")).scalar() == 0


def test_a_slack_endpoint_has_no_secret_to_show_or_rotate(admin_client, site_id):
    created = new_endpoint(admin_client, site_id, "https://hooks.slack.com/services/T0/B0/x", kind="slack")
    assert created["kind"] == "slack" and created["secret"] is None
    refused = admin_client.post(f"/api/admin/webhooks/{created['id']}/rotate")
    assert refused.status_code == 409 and refused.get_json()["code"] == "not_signed"


def test_viewers_read_the_webhooks_but_change_nothing(app, viewer_client, admin_client, site_id, receiver):
    created = new_endpoint(admin_client, site_id, receiver.url)
    assert viewer_client.get(f"/api/admin/sites/{site_id}/webhooks").status_code == 200
    assert viewer_client.get(f"/api/admin/webhooks/{created['id']}/deliveries").status_code == 200
    for path in ("rotate", "test", "disable"):
        assert viewer_client.post(f"/api/admin/webhooks/{created['id']}/{path}").status_code == 403
