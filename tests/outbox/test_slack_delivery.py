"""A Slack endpoint gets the message as JSON, unsigned, through the same guard, retries and log (both backends)."""
from __future__ import annotations

import json

from server.extensions import db
from server.models import Site
from server.outbox.dispatch import drain
from server.outbox.endpoints import attempts_of, create_endpoint
from tests.factories import make_site, make_survey, post_json, response_body

from .receiver import Receiver

BACKENDS = ("sqlite", "postgres")


def slack_endpoint(app, site_id, url):
    with app.app_context():
        endpoint, _ = create_endpoint(db.session.get(Site, site_id), url, ["response.created"], {}, "", "slack")
        return endpoint.id


def test_a_slack_endpoint_gets_a_readable_unsigned_message_and_is_retried(app, client):
    receiver = Receiver()
    try:
        app.config["PUBLIC_URL"] = "https://tp.example"
        site_id, key = make_site(app)
        survey = make_survey(app, site_id, "nps", touchpoint="Checkout")
        endpoint_id = slack_endpoint(app, site_id, receiver.url)
        receiver.replies.append((503, {}))
        body = response_body(key, survey, {"score": 2})
        assert post_json(client, "/v1/responses", body).status_code == 201
        with app.app_context():
            assert drain() == ["failed"]
            [delivery_id] = [row[0] for row in db.session.execute(db.text("SELECT id FROM webhook_deliveries"))]
            db.session.execute(db.text("UPDATE webhook_deliveries SET next_attempt_at = created_at"))
            db.session.commit()
            assert drain() == ["succeeded"]
            assert [a.status_code for a in attempts_of(delivery_id)] == [503, 200]
        first, second = receiver.deliveries
        assert first.body == second.body
        assert "webhook-signature" not in second.headers and "webhook-id" not in second.headers
        assert second.headers["content-type"] == "application/json"
        message = json.loads(second.body)
        text = message["blocks"][1]["text"]["text"]
        assert message["blocks"][0]["text"]["text"] == f"New answer · Checkout · {key}"
        assert text.startswith("*Score 2 · Detractor*") and f"/admin/#/surveys/{survey}/results|" in text
        assert endpoint_id
    finally:
        receiver.close()


def test_a_slack_endpoint_is_refused_at_delivery_when_it_resolves_to_loopback(app, client):
    receiver = Receiver()
    try:
        site_id, key = make_site(app)
        survey = make_survey(app, site_id, "nps")
        slack_endpoint(app, site_id, receiver.url.replace("127.0.0.1", "localhost"))
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = False  # saved while allowed; the guard runs again at delivery
        assert post_json(client, "/v1/responses", response_body(key, survey, {"score": 2})).status_code == 201
        with app.app_context():
            assert drain() == ["failed"]
            [(error,)] = db.session.execute(db.text("SELECT error FROM webhook_attempts")).all()
        assert "loopback" in error and receiver.deliveries == []
    finally:
        receiver.close()
