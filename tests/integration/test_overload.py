"""Load shedding: a write that queued too long for a worker thread gets a fast 503, never a timeout."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import TEST_SECRET, free_port, sql
from tests.factories import ORIGIN, make_site, make_survey, post_json, response_body
from tests.tcp_proxy import TcpProxy

BACKENDS = ("postgres",)
ROOT = Path(__file__).resolve().parents[2]


def test_stale_writes_are_refused_at_once_with_retry_after(app, client, new_uuid):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    stale = {"touchpoint.queued_at": time.monotonic() - 5}
    for path, body in (("/v1/responses", response_body(key, survey)),
                       ("/v1/events", {"site_key": key, "events": [{"id": new_uuid(), "survey_id": survey,
                                                                    "type": "display"}]})):
        refused = post_json(client, path, body, environ_base=stale)
        assert refused.status_code == 503 and refused.get_json()["code"] == "overloaded", path
        assert refused.headers["Retry-After"] == "2"
        assert refused.headers["Access-Control-Allow-Origin"] == ORIGIN, "the widget can read the refusal"
    fresh = post_json(client, "/v1/responses", response_body(key, survey),
                      environ_base={"touchpoint.queued_at": time.monotonic()})
    assert fresh.status_code == 201
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 1
    assert sql(app, "SELECT count(*) FROM events")[0][0] == 0


def test_gunicorn_worker_stamps_queue_time_and_queued_writes_are_shed(app, pg_url):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    proxy = TcpProxy("127.0.0.1", 5432, mode="blackhole")
    port = free_port()
    env = {**os.environ, "SECRET_KEY": TEST_SECRET, "INGEST_MAX_QUEUE_SECONDS": "0.5",
           "DATABASE_URL": pg_url.replace("postgresql+psycopg://", "postgresql://").replace(
               "127.0.0.1:5432", f"127.0.0.1:{proxy.port}")}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--worker-class", "server.runtime.gunicorn_worker.GeventWorker",
                               "--workers", "1", "--threads", "1", "-b", f"127.0.0.1:{port}", "server:create_app()"],
                              cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.05)
        proxy.cut()  # the one thread will hang on the database for its connect timeout
        outcomes = {}

        def post(name):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.monotonic()
            try:
                conn.request("POST", "/v1/responses", json.dumps(response_body(key, survey)),
                             {"Content-Type": "text/plain", "Origin": ORIGIN})
                response = conn.getresponse()
                outcomes[name] = (response.status, json.loads(response.read())["code"], time.monotonic() - started)
            finally:
                conn.close()
        first = threading.Thread(target=post, args=("first",))
        first.start()
        time.sleep(0.3)
        queued = [threading.Thread(target=post, args=(f"queued{i}",)) for i in range(3)]
        for thread in queued:
            thread.start()
        for thread in [first, *queued]:
            thread.join(30)
        assert outcomes["first"][:2] == (503, "unavailable"), outcomes
        for i in range(3):
            status, code, took = outcomes[f"queued{i}"]
            assert (status, code) == (503, "overloaded"), outcomes
            assert took < outcomes["first"][2] + 1.0, "refused as soon as a thread was free, not after the database"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
        proxy.close()
