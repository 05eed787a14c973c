"""Signed delivery to a real receiver that verifies with the official standardwebhooks package: signature,
timestamp, rotation, retries, Retry-After, 410, redirects and the SSRF guard, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from server.extensions import db
from server.models import WebhookDelivery, WebhookEndpoint, utcnow
from server.outbox.dispatch import drain
from server.outbox.endpoints import attempts_of, replay, rotate_secret, send_test_event
from tests.conftest import sql
from tests.factories import post_json, response_body

from .conftest import add_endpoint, endpoint_row

BACKENDS = ("sqlite", "postgres")


def answer(client, key, survey, score=3, **extra):
    """Post one answer through the public API; its UUID."""
    body = response_body(key, survey, {"score": score}, **extra)
    assert post_json(client, "/v1/responses", body).status_code == 201
    return body["id"]


def run(app, now=None):
    """One worker round in this thread: dispatch, lease and send what is due."""
    with app.app_context():
        return drain(now)


def delivery_row(app) -> WebhookDelivery:
    with app.app_context():
        [delivery] = db.session.query(WebhookDelivery).all()
        db.session.expunge(delivery)
        return delivery


def test_a_delivery_is_signed_and_carries_the_event(app, client, hooked, receiver):
    key, survey, _ = hooked
    response_id = answer(client, key, survey, score=2, page_url="https://shop.example/checkout")
    assert run(app) == ["succeeded"]
    [got] = receiver.deliveries
    assert got.verified_by == receiver.secrets
    assert got.webhook_id.startswith("msg_") and got.headers["content-type"] == "application/json"
    payload = got.payload
    assert payload["type"] == "response.created" and payload["timestamp"].endswith("Z")
    data = payload["data"]
    assert (data["response_id"], data["survey_id"], data["site_key"], data["score"], data["category"]) == (
        response_id, survey, key, 2.0, "detractor")
    assert data["page_url"] == "https://shop.example/checkout" and data["kind"] == "nps"
    assert {"touchpoint", "stage", "device", "locale", "trigger", "channel", "hidden_fields", "answers", "comment",
            "created_at"} <= set(data)
    assert run(app) == []  # delivered once; nothing due again


def test_the_signature_covers_body_id_and_timestamp(app, client, hooked, receiver):
    key, survey, _ = hooked
    answer(client, key, survey)
    run(app)
    [got] = receiver.deliveries
    verifier = Webhook(receiver.secrets[0])
    tampered_body = got.body.replace(b'"score":3.0', b'"score":10.0')
    assert tampered_body != got.body
    with pytest.raises(WebhookVerificationError):
        verifier.verify(tampered_body, got.headers)
    with pytest.raises(WebhookVerificationError):
        verifier.verify(got.body, {**got.headers, "webhook-id": "msg_other"})
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)


def test_the_timestamp_is_the_attempts_so_a_late_retry_verifies_and_an_old_capture_does_not(app, client, hooked,
                                                                                             receiver):
    key, survey, _ = hooked
    answer(client, key, survey)
    sql(app, "UPDATE outbox_events SET created_at = :old", old=utcnow() - dt.timedelta(days=2))
    run(app)
    [got] = receiver.deliveries
    assert got.verified_by  # an event from two days ago, retried now: within the receiver's 5-minute tolerance
    assert abs(int(got.headers["webhook-timestamp"]) - utcnow().timestamp()) < 10
    old = str(int(got.headers["webhook-timestamp"]) - 6 * 60)
    with pytest.raises(WebhookVerificationError):  # a capture replayed later is refused
        Webhook(receiver.secrets[0]).verify(got.body, {**got.headers, "webhook-timestamp": old})


def test_during_a_rotation_both_secrets_verify_then_only_the_new_one(app, client, hooked, receiver):
    key, survey, endpoint_id = hooked
    old_secret = receiver.secrets[0]
    with app.app_context():
        new_secret = rotate_secret(db.session.get(WebhookEndpoint, endpoint_id))
    receiver.secrets.append(new_secret)
    answer(client, key, survey)
    run(app)
    assert receiver.deliveries[-1].verified_by == [old_secret, new_secret]
    assert len(receiver.deliveries[-1].headers["webhook-signature"].split(" ")) == 2
    sql(app, "UPDATE webhook_endpoints SET previous_secret_until = :past", past=utcnow() - dt.timedelta(seconds=1))
    answer(client, key, survey)
    run(app)
    assert receiver.deliveries[-1].verified_by == [new_secret]


def test_a_500_is_retried_on_the_schedule_with_the_same_id(app, client, hooked, receiver):
    key, survey, _ = hooked
    receiver.replies.append((500, {}))
    answer(client, key, survey)
    before = utcnow()
    assert run(app) == ["failed"]
    delivery = delivery_row(app)
    assert (delivery.attempts, delivery.last_status, delivery.lease_until) == (1, 500, None)
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 5 <= wait <= 5 * 1.1 + 2  # the schedule's 5 s, with up to 10 % jitter, never earlier
    assert run(app) == []  # not due yet
    assert run(app, delivery.next_attempt_at + dt.timedelta(seconds=1)) == ["succeeded"]
    first, second = receiver.deliveries
    assert first.webhook_id == second.webhook_id and first.body == second.body
    with app.app_context():
        attempts = attempts_of(delivery.id)
        assert [a.status_code for a in attempts] == [500, 200] and attempts[1].response_excerpt == "ok"


def test_retry_after_on_a_429_is_honoured_when_later_than_the_schedule(app, client, hooked, receiver):
    key, survey, _ = hooked
    receiver.replies.append((429, {"Retry-After": "120"}))
    answer(client, key, survey)
    before = utcnow()
    run(app)
    delivery = delivery_row(app)
    assert delivery.last_status == 429 and 120 <= (delivery.next_attempt_at - before).total_seconds() < 125
    assert run(app, before + dt.timedelta(seconds=60)) == []  # the schedule's 5 s alone would have sent it
    assert run(app, before + dt.timedelta(seconds=126)) == ["succeeded"]
    assert len(receiver.deliveries) == 2


def test_a_410_disables_the_endpoint_and_stops_its_events(app, client, hooked, receiver):
    key, survey, endpoint_id = hooked
    receiver.replies.append((410, {}))
    answer(client, key, survey)
    assert run(app) == ["failed"]
    endpoint = endpoint_row(app, endpoint_id)
    assert not endpoint.enabled and "410" in endpoint.disabled_reason and endpoint.disabled_at is not None
    answer(client, key, survey)
    assert run(app, utcnow() + dt.timedelta(days=1)) == []
    assert len(receiver.deliveries) == 1
    # the site has no enabled endpoint left, so its next answers write no event at all
    assert sql(app, "SELECT count(*) FROM outbox_events")[0][0] == 1


def test_a_redirect_is_a_failure_and_is_not_followed(app, client, hooked, receiver):
    key, survey, _ = hooked
    receiver.replies.append((302, {"Location": receiver.url.replace("/hook", "/elsewhere")}))
    answer(client, key, survey)
    assert run(app) == ["failed"]
    assert [d.path for d in receiver.deliveries] == ["/hook"]
    assert delivery_row(app).last_status == 302


def test_a_url_resolving_to_loopback_is_refused_at_delivery_unless_private_addresses_are_allowed(app, client, hooked,
                                                                                                 receiver):
    key, survey, _ = hooked
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    sql(app, "UPDATE webhook_endpoints SET url = :url", url=receiver.url.replace("127.0.0.1", "localhost"))
    answer(client, key, survey)
    assert run(app) == ["failed"]
    assert receiver.deliveries == []
    delivery = delivery_row(app)
    with app.app_context():
        [attempt] = attempts_of(delivery.id)
    assert attempt.status_code is None and "127.0.0.1" in attempt.error and "loopback" in attempt.error
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    assert run(app, delivery.next_attempt_at + dt.timedelta(seconds=1)) == ["succeeded"]
    assert len(receiver.deliveries) == 1 and receiver.deliveries[0].headers["host"].startswith("localhost:")


def test_filters_choose_which_events_an_endpoint_gets(app, client, hooked, receiver):
    key, survey, _ = hooked
    with app.app_context():
        site_id = sql(app, "SELECT id FROM sites")[0][0]
    _, secret = add_endpoint(app, site_id, receiver.url.replace("/hook", "/detractors"), category="detractor",
                             max_score=4)
    receiver.secrets.append(secret)
    for score in (1, 5, 9):
        answer(client, key, survey, score=score)
    run(app)
    paths = sorted((d.path, d.payload["data"]["score"]) for d in receiver.deliveries)
    assert paths == [("/detractors", 1.0), ("/hook", 1.0), ("/hook", 5.0), ("/hook", 9.0)]


def test_replay_and_test_event_reuse_the_delivery_machinery(app, client, hooked, receiver):
    key, survey, endpoint_id = hooked
    answer(client, key, survey)
    run(app)
    with app.app_context():
        replay(db.session.query(WebhookDelivery).one())
        send_test_event(db.session.get(WebhookEndpoint, endpoint_id))
    assert sorted(run(app)) == ["succeeded", "succeeded"]
    first, again, test = receiver.deliveries
    assert again.webhook_id == first.webhook_id  # a replay is the same event: receivers de-duplicate it
    assert json.loads(test.body)["type"] == "webhook.test"
