"""The real worker (`flask --app server worker` processes, huey consumers) drains the outbox without loss or
duplicates: answers stored while no worker runs, two workers at once, and a worker killed mid-delivery.
SQLite runs the embedded queue (SqliteHuey), PostgreSQL the Redis one."""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server.outbox.queue import make_huey
from tests.conftest import TEST_SECRET, sql
from tests.factories import post_json, response_body

BACKENDS = ("sqlite", "postgres")
ROOT = Path(__file__).resolve().parents[2]
N = 24


@pytest.fixture
def worker_env(app, backend, tmp_path, request):
    """The environment of a worker process: this test's database and queue, and fast rounds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SECRET_KEY": TEST_SECRET,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "WEBHOOKS_ALLOW_PRIVATE": "1",
           "WEBHOOK_TIMEOUT": "2", "OUTBOX_PUMP_SECONDS": "0.2", "WORKER_THREADS": "4"}
    env.pop("REDIS_URL", None)
    if backend == "postgres":
        redis_url = request.getfixturevalue("redis_url")
        env.update(REDIS_URL=redis_url, REDIS_PREFIX=app.config["REDIS_PREFIX"])
        app.config.update(REDIS_URL=redis_url)
    else:
        env["WORKER_QUEUE_FILE"] = str(tmp_path / "queue.sqlite")
        app.config["WORKER_QUEUE_FILE"] = env["WORKER_QUEUE_FILE"]
    yield env
    if backend == "postgres":
        make_huey(app).flush()  # the queue's keys are not under the test's prefix


@pytest.fixture
def app_config(app_config, request):
    """PostgreSQL runs use a Redis key prefix of their own (the queue's name includes it)."""
    return {**app_config, "REDIS_PREFIX": f"tptest:{os.getpid()}:{request.node.name[-20:]}:"}


@pytest.fixture
def workers(worker_env, tmp_path):
    """Start `flask --app server worker` processes; all are stopped (or killed) after the test."""
    started = []

    def start() -> subprocess.Popen:
        with open(tmp_path / f"worker-{len(started)}.log", "wb") as log:  # the child keeps its own descriptor
            process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "server", "worker"], cwd=ROOT,
                                       env=worker_env, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        return process
    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post_answers(client, key, survey, n: int) -> set[str]:
    """n answers through the real API while no worker runs; their response ids."""
    ids = set()
    for _ in range(n):
        body = response_body(key, survey, {"score": 2})
        assert post_json(client, "/v1/responses", body).status_code == 201
        ids.add(body["id"])
    assert sql(app_of(client), "SELECT count(*) FROM webhook_deliveries")[0][0] == 0  # nothing sent yet
    return ids


def app_of(client):
    return client.application


def wait_for(condition, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def settled(app) -> None:
    """Every delivery succeeded and holds no lease."""
    assert sql(app, "SELECT status, count(*) FROM webhook_deliveries GROUP BY status") == [("succeeded", N)]
    assert sql(app, "SELECT count(*) FROM webhook_deliveries WHERE lease_until IS NOT NULL")[0][0] == 0


def delivered_response_ids(receiver) -> collections.Counter:
    return collections.Counter(d.payload["data"]["response_id"] for d in receiver.deliveries)


@pytest.mark.parametrize("worker_count", [1, 2])
def test_answers_stored_while_no_worker_runs_are_each_delivered_once(app, client, hooked, receiver, workers,
                                                                    worker_count):
    key, survey, _ = hooked
    response_ids = post_answers(client, key, survey, N)
    for _ in range(worker_count):
        workers()
    wait_for(lambda: len(receiver.deliveries) >= N)
    time.sleep(1.5)  # several more pump rounds: anything sent twice would arrive now
    ids = receiver.ids()
    assert len(ids) == N and len(set(ids)) == N
    assert {d.payload["type"] for d in receiver.deliveries} == {"response.created"}
    assert delivered_response_ids(receiver) == collections.Counter(response_ids)
    wait_for(lambda: sql(app, "SELECT count(*) FROM webhook_deliveries WHERE status = 'succeeded'")[0][0] == N)
    settled(app)


def test_a_worker_killed_mid_delivery_loses_nothing_and_resends_only_with_the_same_id(app, client, hooked, receiver,
                                                                                     workers):
    key, survey, _ = hooked
    response_ids = post_answers(client, key, survey, N)
    receiver.hold_next = True  # the first request waits: the worker is killed while it is in flight
    first = workers()
    wait_for(receiver.holding.is_set)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    receiver.release()
    workers()  # its lease expires (4 × the 2 s timeout) and the second worker sends it again
    wait_for(lambda: set(receiver.ids()) >= {d.webhook_id for d in receiver.deliveries} and
             len(set(receiver.ids())) >= N)
    wait_for(lambda: sql(app, "SELECT count(*) FROM webhook_deliveries WHERE status = 'succeeded'")[0][0] == N)
    time.sleep(1.5)
    ids = collections.Counter(receiver.ids())
    assert len(ids) == N and set(delivered_response_ids(receiver)) == response_ids
    held = receiver.deliveries[0].webhook_id
    assert ids[held] == 2  # the one cut off was sent again, under its id
    again = {webhook_id for webhook_id, count in ids.items() if count > 1}
    # only what was in flight when the worker died (at most its 4 threads' worth) may arrive twice, never thrice
    assert held in again and len(again) <= 4 and max(ids.values()) == 2
    by_id = collections.defaultdict(set)
    for delivery in receiver.deliveries:
        by_id[delivery.webhook_id].add(delivery.body)
    assert all(len(bodies) == 1 for bodies in by_id.values())  # a re-delivery is the same event, byte for byte
    settled(app)


def test_a_worker_process_e_mails_each_alert_once(app, client, admin_client, workers, worker_env, smtp_server):
    """The pump leases due e-mails and its threads send them: N detractor answers, N e-mails, none twice."""
    from tests.factories import make_site, make_survey
    worker_env.update({key: str(value) for key, value in smtp_server.config.items()})
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    created = admin_client.post(f"/api/admin/sites/{site_id}/alerts",
                                json={"name": "Detractors", "category": "detractor", "recipients": ["cx@shop.test"]})
    assert created.status_code == 201
    for _ in range(6):
        body = response_body(key, survey, {"score": 2, "followup": "late"}, completed=True)
        assert post_json(client, "/v1/responses", body).status_code == 201
    workers()
    smtp_server.mailbox.wait_for(6, timeout=40)
    wait_for(lambda: sql(app, "SELECT count(*) FROM mail_jobs WHERE status = 'sent'")[0][0] == 6)
    time.sleep(1.5)  # more pump rounds: an e-mail sent twice would arrive now
    assert len(smtp_server.mailbox.messages) == 6
    assert sql(app, "SELECT count(*) FROM mail_jobs WHERE lease_until IS NOT NULL")[0][0] == 0
