"""The demo's built-in receiver (/demo/webhook-log): it verifies what it gets, keeps the newest 50, and on a
seeded demo a real `flask worker` process delivers an answer to it within seconds (SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import re
import time
import urllib.request

from server.extensions import db
from server.models import DemoWebhookReceipt
from server.outbox.demo_receiver import KEEP
from server.outbox.events import new_event_id
from server.outbox.signing import headers as signed_headers
from tests.conftest import sql
from tests.factories import post_json, response_body

from .test_worker import app_config, wait_for, worker_env, workers  # noqa: F401 (the real-worker fixtures)

BACKENDS = ("sqlite", "postgres")
LOG = "/demo/webhook-log"


def seed(app, runner, port: int) -> str:
    """Run `flask seed-demo --port` and return the demo endpoint's secret (read from the database)."""
    result = runner.invoke(args=["seed-demo", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}{LOG}" in result.output
    return sql(app, "SELECT secret FROM webhook_endpoints")[0][0]


def test_signed_deliveries_verify_and_anything_else_is_logged_as_unverified(app, client, runner):
    secret = seed(app, runner, 5000)
    body = json.dumps({"type": "webhook.test", "timestamp": "2026-01-01T00:00:00Z", "data": {}}).encode()
    good = signed_headers([secret], new_event_id(), int(time.time()), body)
    assert client.post(LOG, data=body, headers=good).get_json()["verified"] is True
    forged = signed_headers(["whsec_" + "A" * 44], new_event_id(), int(time.time()), body)
    assert client.post(LOG, data=body, headers=forged).get_json()["verified"] is False
    stale = signed_headers([secret], new_event_id(), int(time.time()) - 600, body)
    assert "5 minutes" in client.post(LOG, data=body, headers=stale).get_json()["verdict"]
    assert client.post(LOG, data=b"<b>hi</b>").get_json()["verdict"].startswith("Unsigned")
    page = client.get(LOG)
    assert page.status_code == 200 and "script-src" not in page.headers["Content-Security-Policy"]
    text = page.get_data(as_text=True)
    assert "&lt;b&gt;hi&lt;/b&gt;" in text and "<b>hi</b>" not in text  # posted bodies are escaped
    assert text.index("Unsigned") < text.index("Signature verified")  # newest first


def test_without_the_demo_endpoint_the_receiver_is_not_there(app, client):
    assert client.post(LOG, data=b"{}").status_code == 404 and client.get(LOG).status_code == 404
    with app.app_context():
        assert db.session.query(DemoWebhookReceipt).count() == 0


def test_the_log_keeps_the_newest_entries_only_and_refuses_large_bodies(app, client, runner):
    seed(app, runner, 5000)
    for n in range(KEEP + 5):
        client.post(LOG, data=json.dumps({"type": f"t{n}"}))
    with app.app_context():
        kept = [r.event_type for r in db.session.query(DemoWebhookReceipt).order_by(DemoWebhookReceipt.id)]
    assert kept == [f"t{n}" for n in range(5, KEEP + 5)]
    too_big = client.post(LOG, data=b"x" * (64 * 1024 + 1))
    assert too_big.status_code == 413 and too_big.get_json()["code"] == "too_large"


def test_make_run_path_an_answer_reaches_the_demo_receiver_through_a_real_worker(
        app, client, runner, live_server, request):
    secret = seed(app, runner, live_server.port)
    assert secret.startswith("whsec_")
    key, survey = sql(app, "SELECT s.key, v.id FROM sites s JOIN surveys v ON v.site_id = s.id "
                           "WHERE v.name = 'Exit-intent NPS'")[0]
    body = response_body(key, survey, {"score": 2}, page_url="http://127.0.0.1/demo")
    assert post_json(client, "/v1/responses", body, origin="http://127.0.0.1").status_code == 201
    started = time.monotonic()
    request.getfixturevalue("workers")()  # a `flask --app server worker` process, as `make run` starts

    def page() -> str:
        with urllib.request.urlopen(live_server.url + LOG, timeout=5) as response:
            return response.read().decode()
    wait_for(lambda: body["id"] in page(), timeout=30)
    assert time.monotonic() - started < 30
    html = page()
    assert re.search(r'class="receipt verified".*?response\.created', html, re.S)
    assert "unverified" not in html
