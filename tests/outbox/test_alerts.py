"""E-mail alerts end to end, against a real SMTP server in the test process (aiosmtpd), on SQLite and PostgreSQL:
answers posted to the public API, the worker's own drain, the e-mail's content, consent, retries, alert.triggered."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from server.models import utcnow
from server.outbox.dispatch import drain
from tests.conftest import free_port, sql
from tests.factories import make_site, make_survey, post_json, response_body
from tests.mailbox import SmtpServer

from .conftest import add_endpoint

BACKENDS = ("sqlite", "postgres")
PUBLIC_URL = "https://touchpoint.example"


@pytest.fixture
def app_config(app_config, smtp_server):
    """Every app of these tests sends to the test's SMTP server and links to PUBLIC_URL."""
    return {**app_config, **smtp_server.config, "PUBLIC_URL": PUBLIC_URL}


@pytest.fixture
def shop(app):
    """A site with an active NPS survey at the checkout touchpoint: (site id, key, survey id)."""
    site_id, key = make_site(app)
    return site_id, key, make_survey(app, site_id, "nps", touchpoint="Checkout")


def add_rule(admin_client, site_id, **fields) -> dict:
    body = {"name": "Detractors", "recipients": ["cx@shop.test"], "category": "detractor", **fields}
    response = admin_client.post(f"/api/admin/sites/{site_id}/alerts", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, key, survey, score=2, comment="The parcel never came", completed=True, **extra) -> str:
    """An answer through the public API, from a phone; its response id."""
    from tests.factories import PHONE_UA
    body = response_body(key, survey, {"score": score, "followup": comment}, completed=completed,
                         page_url="https://shop.example/checkout", **extra)
    assert post_json(client, "/v1/responses", body, ua=PHONE_UA).status_code == 201
    return body["id"]


def run(app, now=None):
    with app.app_context():
        return drain(now)


def as_dict(payload) -> dict:
    return payload if isinstance(payload, dict) else json.loads(payload)


def test_a_detractor_answer_e_mails_score_comment_page_device_and_a_link(app, client, admin_client, shop,
                                                                       smtp_server):
    site_id, key, survey = shop
    rule = add_rule(admin_client, site_id, recipients=["cx@shop.test", "Owner@Shop.test"])
    response_id = answer(client, key, survey)
    run(app)
    [mail] = smtp_server.mailbox.wait_for(1)
    assert smtp_server.mailbox.envelopes[0][1] == ["cx@shop.test", "owner@shop.test"]
    assert mail["Subject"] == "Alert: 2 (Detractor) · Checkout · Shop"
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Reply-To"] is None
    text = mail.get_body(("plain",)).get_content()
    for line in ("Score: 2 (Detractor)", "Comment: The parcel never came", "Page: https://shop.example/checkout",
                 "Device: mobile", "Touchpoint: Checkout",
                 f"Open the answer in Touchpoint: {PUBLIC_URL}/admin/#/surveys/{survey}/results"):
        assert line in text.splitlines(), (line, text)
    assert "Contact" not in text
    html = mail.get_body(("html",)).get_content()
    assert "The parcel never came" in html and f'href="{PUBLIC_URL}/admin/#/surveys/{survey}/results"' in html
    # one e-mail: response.created did not alert, and a second round sends nothing again
    run(app)
    run(app, utcnow() + dt.timedelta(days=4))
    assert len(smtp_server.mailbox.messages) == 1
    assert sql(app, "SELECT kind, status, attempts, rule_id FROM mail_jobs") == [("alert", "sent", 1, rule["id"])]
    [(payload,)] = sql(app, "SELECT payload FROM outbox_events WHERE type = 'alert.triggered'")
    data = as_dict(payload)["data"]
    assert (data["rule_id"], data["response_id"], data["score"], data["category"], data["device"]) == (
        rule["id"], response_id, 2.0, "detractor", "mobile")
    assert data["source_event"]["type"] == "response.completed" and data["email"] is None


def test_answers_the_rule_does_not_match_send_nothing(app, client, admin_client, shop, smtp_server):
    site_id, key, survey = shop
    add_rule(admin_client, site_id, words=["refund"])
    answer(client, key, survey, score=9, comment="I want a refund")  # a promoter
    answer(client, key, survey, score=2, comment="Slow delivery")  # no word of the rule
    answer(client, key, survey, score=1, comment="Refunds take ages", completed=False)  # not completed yet
    run(app)
    assert sql(app, "SELECT count(*) FROM mail_jobs")[0][0] == 0 and smtp_server.mailbox.messages == []


def recover(client, key, survey, form) -> None:
    response_id = answer(client, key, survey, score=1, comment="Broken on arrival")
    assert client.post(f"/r/{response_id}", data=form).status_code == 302


def test_a_recovery_form_with_consent_carries_the_customers_address(app, client, admin_client, shop, smtp_server):
    site_id, key, survey = shop
    add_rule(admin_client, site_id, trigger="recovery", name="Recovery forms")
    recover(client, key, survey, {"message": "Please call me", "email": "ann@example.com", "consent": "yes"})
    run(app)
    [mail] = smtp_server.mailbox.wait_for(1)
    text = mail.get_body(("plain",)).get_content()
    assert "Contact (consented): ann@example.com" in text and "Recovery message: Please call me" in text
    assert "Comment: Broken on arrival" in text and "Page: https://shop.example/checkout" in text
    assert "ann@example.com" in mail.get_body(("html",)).get_content()
    assert mail["Reply-To"] == "ann@example.com"  # support can answer the customer directly
    [(payload,)] = sql(app, "SELECT payload FROM outbox_events WHERE type = 'alert.triggered'")
    assert as_dict(payload)["data"]["email"] == "ann@example.com"


def test_a_recovery_form_without_consent_never_shows_an_address(app, client, admin_client, shop, smtp_server):
    site_id, key, survey = shop
    add_rule(admin_client, site_id, trigger="recovery")
    refused = client.post(f"/r/{answer(client, key, survey, score=1)}",
                          data={"message": "x", "email": "ann@example.com"})
    assert refused.status_code == 422  # an address without the box ticked is not taken at all
    recover(client, key, survey, {"message": "Please fix it"})
    run(app)
    [mail] = smtp_server.mailbox.wait_for(1)
    whole = mail.as_string()
    assert "Recovery message: Please fix it" in mail.get_body(("plain",)).get_content()
    assert "ann@example.com" not in whole and "Contact" not in whole and mail["Reply-To"] is None


def test_an_smtp_outage_is_retried_later_and_the_alert_arrives_once(make_app, admin_client, smtp_server):
    port = free_port()
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2.0)
    site_id, key = make_site(down)
    survey = make_survey(down, site_id, "nps")
    add_rule(admin_client, site_id)
    answer(down.test_client(), key, survey)
    run(down)
    [(status, attempts, error, next_at)] = sql(down, "SELECT status, attempts, last_error, next_attempt_at FROM mail_jobs")
    assert status == "failed" and attempts == 1 and "Connection" in error and next_at is not None
    run(down)  # not due yet... or due at once: the first retry is immediate, and the server is still down
    later = utcnow() + dt.timedelta(hours=1)
    server = SmtpServer(port)  # the SMTP server comes back
    try:
        run(down, later)
        [mail] = server.mailbox.wait_for(1)
        assert mail["Subject"].startswith("Alert: 2 (Detractor)")
        run(down, later + dt.timedelta(days=4))
        assert len(server.mailbox.messages) == 1
    finally:
        server.close()
    assert sql(down, "SELECT status FROM mail_jobs") == [("sent",)]


def test_without_a_mail_server_alerts_are_recorded_as_mail_off(make_app, admin_client):
    off = make_app(MAIL_SERVER=None)
    site_id, key = make_site(off)
    survey = make_survey(off, site_id, "nps")
    add_rule(admin_client, site_id)
    answer(off.test_client(), key, survey)
    run(off)
    assert sql(off, "SELECT status, attempts FROM mail_jobs") == [("mail_off", 0)]
    overview = admin_client.get(f"/api/admin/sites/{site_id}/alerts").get_json()
    assert overview["recent"][0]["status"] == "mail_off"


def test_only_sites_with_an_enabled_rule_or_endpoint_write_events(app, client, admin_client, shop):
    site_id, key, survey = shop
    answer(client, key, survey)
    assert sql(app, "SELECT count(*) FROM outbox_events")[0][0] == 0
    rule = add_rule(admin_client, site_id)
    answer(client, key, survey)
    assert sql(app, "SELECT count(*) FROM outbox_events")[0][0] == 2  # created and completed
    admin_client.patch(f"/api/admin/alerts/{rule['id']}", json={"enabled": False})
    answer(client, key, survey)
    assert sql(app, "SELECT count(*) FROM outbox_events")[0][0] == 2


def test_alert_triggered_reaches_a_webhook_that_subscribes_to_it(app, client, admin_client, shop, receiver,
                                                                 smtp_server):
    site_id, key, survey = shop
    rule = add_rule(admin_client, site_id)
    _, secret = add_endpoint(app, site_id, receiver.url, events=("alert.triggered",))
    receiver.secrets.append(secret)
    response_id = answer(client, key, survey)
    run(app)  # the answer's events: the e-mail is recorded with its alert.triggered event
    run(app)  # the alert.triggered event: delivered to the endpoint
    [got] = receiver.deliveries
    assert got.payload["type"] == "alert.triggered"
    assert got.payload["data"]["rule_id"] == rule["id"] and got.payload["data"]["response_id"] == response_id
    smtp_server.mailbox.wait_for(1)


def test_a_site_name_with_a_line_break_cannot_break_the_headers(app, client, admin_client, shop, smtp_server):
    site_id, key, survey = shop
    sql(app, "UPDATE sites SET name = :name WHERE id = :id", name="Shop\r\nBcc: victim@example.com", id=site_id)
    add_rule(admin_client, site_id)
    answer(client, key, survey)
    run(app)
    [mail] = smtp_server.mailbox.wait_for(1)
    assert mail["Bcc"] is None and mail["Subject"].endswith("· Shop Bcc: victim@example.com")
    assert smtp_server.mailbox.envelopes[0][1] == ["cx@shop.test"]


def test_a_message_that_cannot_be_built_gives_up_at_once_with_the_reason(app, client, admin_client, shop,
                                                                         smtp_server):
    site_id, key, survey = shop
    add_rule(admin_client, site_id)
    answer(client, key, survey)
    with app.app_context():
        from server.outbox.dispatch import dispatch_events
        dispatch_events()
    sql(app, "UPDATE mail_jobs SET reply_to = :bad", bad="a@b.test\r\nBcc: x@y.test")
    run(app)
    [(status, error)] = sql(app, "SELECT status, last_error FROM mail_jobs")
    assert status == "gave_up" and error.startswith("The message could not be built")
    assert smtp_server.mailbox.messages == []


def test_an_answer_with_a_case_links_the_alert_to_its_case(app, client, admin_client, shop, smtp_server):
    """Cases open earlier in the same dispatch round, so the alert leads to the case page, and says which case."""
    from tests.admin.case_data import enable_cases
    site_id, key, survey = shop
    enable_cases(app, site_id)
    add_rule(admin_client, site_id)
    response_id = answer(client, key, survey, score=1)
    run(app)
    [mail] = smtp_server.mailbox.wait_for(1)
    [(case_id,)] = sql(app, "SELECT c.id FROM cases c JOIN responses r ON r.id = c.response_id")
    assert f"{PUBLIC_URL}/admin/#/cases/{case_id}" in mail.get_body(("plain",)).get_content()
    triggered = [as_dict(p) for (p,) in sql(app, "SELECT payload FROM outbox_events WHERE type = 'alert.triggered'")]
    assert [(t["data"]["case_id"], t["data"]["response_id"]) for t in triggered] == [(case_id, response_id)]


def test_a_rule_can_e_mail_the_owner_of_the_answers_touchpoint(app, client, admin_client, shop, smtp_server,
                                                               make_user):
    """"Who: the owner of the touchpoint": the touchpoint's owner, else the site's default owner (as cases route)."""
    from tests.admin.case_data import enable_cases
    site_id, key, survey = shop
    make_user("checkout-lead@shop.test", "a long password", "agent")
    make_user("duty@shop.test", "a long password", "agent")
    [(lead,)] = sql(app, "SELECT id FROM users WHERE email = 'checkout-lead@shop.test'")
    [(duty,)] = sql(app, "SELECT id FROM users WHERE email = 'duty@shop.test'")
    enable_cases(app, site_id, touchpoint_owners=[{"touchpoint": "Checkout", "user_id": lead}], default_owner_id=duty)
    other = make_survey(app, site_id, "nps", touchpoint="Delivery")
    owner_only = admin_client.post(f"/api/admin/sites/{site_id}/alerts",
                                   json={"name": "Owners", "recipients": [], "notify_owner": True, "category": "detractor"})
    assert owner_only.status_code == 201 and owner_only.get_json()["notify_owner"] is True
    answer(client, key, survey, score=1)
    answer(client, key, other, score=2)
    run(app)
    smtp_server.mailbox.wait_for(2)
    assert sorted(to for _, to in smtp_server.mailbox.envelopes) == [["checkout-lead@shop.test"], ["duty@shop.test"]]
    nobody = admin_client.post(f"/api/admin/sites/{site_id}/alerts", json={"name": "Nobody", "recipients": []})
    assert nobody.status_code == 422 and "recipients" in nobody.get_json()["errors"]
