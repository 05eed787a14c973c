"""The app is killed and restarted during a stream of submissions: nothing is lost or duplicated.

A real gunicorn serves the app on PostgreSQL; a client that retries like the
widget (same UUID, on connection errors, 429 and 5xx) sends partial then
complete answers while the server is SIGKILLed once and restarted gracefully once.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench.faults import send_until_acknowledged
from tests.conftest import TEST_SECRET, free_port, sql
from tests.factories import make_site, make_survey

BACKENDS = ("postgres",)
ROOT = Path(__file__).resolve().parents[2]
RESPONSES = 120


def start_gunicorn(port: int, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
           "RATELIMIT_PUBLIC_WRITE": "100000/minute", "RATELIMIT_PER_SITE": "1000000/minute"}
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-k", "server.runtime.gunicorn_worker.GeventWorker", "-w", "2",
                             "--threads", "4",
                             "--graceful-timeout", "5", "-b", f"127.0.0.1:{port}", "server:create_app()"],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def post_until_acknowledged(port: int, body: dict, acks: list, deadline: float) -> None:
    """Send like the widget does: the same body again after any failure, until a 2xx."""
    status = send_until_acknowledged(port, json.dumps(body), deadline)
    assert status is not None, f"{body['id']} was never acknowledged"
    assert status in (200, 201), f"unexpected {status}: would be dropped by the widget"
    acks.append((body["id"], body["completed"], status))


def test_restarts_during_a_stream_lose_and_duplicate_nothing(app, pg_url):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    port = free_port()
    database_url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    server = {"proc": start_gunicorn(port, database_url)}
    acks: list = []
    ids = [str(uuid.uuid4()) for _ in range(RESPONSES)]

    def stream():
        deadline = time.monotonic() + 90
        for rid in ids:
            base = {"id": rid, "site_key": key, "survey_id": survey, "page_url": "https://shop.example/"}
            post_until_acknowledged(port, {**base, "answers": {"score": 3}, "completed": False}, acks, deadline)
            post_until_acknowledged(port, {**base, "answers": {"score": 3, "followup": f"late {rid[:8]}"},
                                           "completed": True}, acks, deadline)
    client = threading.Thread(target=stream)
    client.start()
    try:
        while len(acks) < RESPONSES * 2 // 3:
            time.sleep(0.01)
        os.killpg(server["proc"].pid, signal.SIGKILL)  # a crash: in-flight requests die unanswered
        server["proc"].wait()
        server["proc"] = start_gunicorn(port, database_url)
        while len(acks) < RESPONSES * 4 // 3:
            time.sleep(0.01)
        os.killpg(server["proc"].pid, signal.SIGTERM)  # a deploy: graceful stop, then a new process
        server["proc"].wait(15)
        server["proc"] = start_gunicorn(port, database_url)
        client.join(120)
    finally:
        os.killpg(server["proc"].pid, signal.SIGKILL)
        server["proc"].wait()
    assert not client.is_alive()
    rows = sql(app, "SELECT uuid, completed, comment, score FROM responses")
    assert len(rows) == RESPONSES, "exactly one row per response: nothing lost, nothing duplicated"
    assert {str(r[0]) for r in rows} == set(ids)
    assert all(r[1] and r[2] == f"late {str(r[0])[:8]}" and r[3] == 3.0 for r in rows), "every answer completed"
    assert len([a for a in acks if a[1]]) == RESPONSES
