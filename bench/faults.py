"""Faults without loss: answers streamed through the Procfile's server while Redis, PostgreSQL or gunicorn fail.

Each scenario starts its own PostgreSQL cluster and Redis (so stopping them
harms nothing else on the machine) and the Procfile's `web:` command against
them. Senders post answers at a steady pace, each retried like the widget
retries (the same UUID again after no answer, 429 or 5xx, with backoff) until
acknowledged. Meanwhile one fault strikes:

- Redis shut down for 10 s, then started again;
- PostgreSQL stopped (fast shutdown) for 10 s, then started again;
- PostgreSQL frozen: every server process SIGSTOPped for 10 s, then SIGCONTed;
- a gunicorn worker SIGKILLed six times, 1.5 s apart;
- the gunicorn master stopped (SIGTERM) and a new one started, as a deploy does.

Printed per scenario: answers sent, acknowledged, stored, lost (acknowledged
but not stored), duplicates (rows beyond one per UUID) and never acknowledged
(still queued in the visitor's browser when the run ended; none expected).
"""
from __future__ import annotations

import http.client
import json
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from .common import ORIGIN, ROOT, flask, free_port, process_tree, procfile_web_command, table

SENDERS = 32
PACE = 150  # answers started per second: the stream spans the fault
FAULT_AFTER = 4.0  # seconds into the stream
OUTAGE = 10.0
DEADLINE = 240.0


class Postgres:
    """A private PostgreSQL cluster in a temporary folder, run as the postgres user when we are root."""

    def __init__(self):
        self.bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="tp-faults-pg-"))
        self.port = free_port()
        self.user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.user:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self._as_owner([str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres"])
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE faults")

    def _as_owner(self, command: list[str]) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.user else []
        subprocess.run(prefix + command, check=True, capture_output=True)

    def url(self, database: str = "faults") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                        "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start"])

    def stop(self) -> None:
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"])

    def pids(self) -> list[int]:
        postmaster = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        return process_tree(postmaster)

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """A private redis-server that keeps nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.proc = None
        self.start()

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Gunicorn:
    """The Procfile's web process on a free port."""

    def __init__(self, env: dict):
        self.env, self.port, self.proc = env, free_port(), None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(procfile_web_command(self.port), cwd=ROOT, env=self.env,
                                     start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        time.sleep(1.0)  # the workers booted

    def workers(self) -> list[int]:
        return process_tree(self.proc.pid)[1:]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


RETRIED = frozenset({None, 429, 500, 502, 503, 504})  # no answer, or what the widget retries


def send_until_acknowledged(port: int, body: str, deadline: float) -> int | None:
    """POST one answer like the widget: the same body again, with backoff, after no answer, 429 or 5xx.

    Returns the final status (2xx, or one the widget would not retry), or None if the deadline passed first.
    """
    delay = 0.1
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("POST", "/v1/responses", body, {"Content-Type": "text/plain", "Origin": ORIGIN})
            status = conn.getresponse().status
        except OSError:
            status = None
        finally:
            conn.close()
        if status not in RETRIED:
            return status
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 2.0)
    return None


class Stream:
    """Answers sent at PACE per second by SENDERS threads, each retried like the widget until acknowledged."""

    def __init__(self, port: int, site_key: str, survey_id: int, count: int):
        self.port, self.site_key, self.survey_id = port, site_key, survey_id
        self.ids = [str(uuid.uuid4()) for _ in range(count)]
        self.acknowledged: dict[str, int] = {}
        self.unexpected: list[int] = []
        self._next, self._lock = 0, threading.Lock()
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self._send_all, daemon=True) for _ in range(SENDERS)]
        for thread in self.threads:
            thread.start()

    def _take(self) -> int | None:
        with self._lock:
            if self._next >= len(self.ids):
                return None
            index, self._next = self._next, self._next + 1
        time.sleep(max(0.0, self.started + index / PACE - time.monotonic()))
        return index

    def _send_all(self) -> None:
        while (index := self._take()) is not None:
            self._send(self.ids[index])

    def _send(self, rid: str) -> None:
        body = json.dumps({"id": rid, "site_key": self.site_key, "survey_id": self.survey_id,
                           "answers": {"score": random.randint(0, 10)}, "completed": True,
                           "page_url": "https://shop.example/cart", "locale": "en", "trigger": "exit_intent"})
        status = send_until_acknowledged(self.port, body, self.started + DEADLINE)
        with self._lock:
            if status in (200, 201):
                self.acknowledged[rid] = status
            elif status is not None:
                self.unexpected.append(status)  # the widget would drop it: a loss of its own kind

    def wait(self) -> None:
        for thread in self.threads:
            thread.join(max(0.0, self.started + DEADLINE + 15 - time.monotonic()))


def redis_down(ctx) -> None:
    ctx["redis"].stop()
    time.sleep(OUTAGE)
    ctx["redis"].start()


def postgres_stopped(ctx) -> None:
    ctx["postgres"].stop()
    time.sleep(OUTAGE)
    ctx["postgres"].start()


def postgres_frozen(ctx) -> None:
    pids = ctx["postgres"].pids()
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(OUTAGE)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def workers_killed(ctx) -> None:
    for _ in range(6):
        workers = ctx["gunicorn"].workers()
        if workers:
            os.kill(random.choice(workers), signal.SIGKILL)
        time.sleep(1.5)


def master_restarted(ctx) -> None:
    server = ctx["gunicorn"]
    server.stop(signal.SIGTERM)
    server.start()


SCENARIOS: list[tuple[str, int, Callable]] = [
    ("Redis shut down for 10 s", 3000, redis_down),
    ("PostgreSQL stopped for 10 s", 3000, postgres_stopped),
    ("PostgreSQL frozen (SIGSTOP) for 10 s", 1500, postgres_frozen),
    ("a worker SIGKILLed 6 times", 3000, workers_killed),
    ("master restarted (SIGTERM, new master)", 3000, master_restarted),
]


@contextmanager
def services():
    postgres, redis_server = Postgres(), Redis()
    try:
        yield postgres, redis_server
    finally:
        redis_server.proc.kill()
        redis_server.proc.wait()
        postgres.remove()


def prepare(database_url: str, redis_url: str) -> tuple[dict, str, int]:
    """Migrate and seed the scenario's database; the server's environment, the site key and the NPS survey."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "faults-" + "x" * 40,
           "RATELIMIT_PUBLIC_WRITE": "1000000/minute", "RATELIMIT_PER_SITE": "100000000/minute"}
    flask(["db", "upgrade"], env)
    flask(["seed-demo"], env)
    with psycopg.connect(database_url) as conn:
        key, survey = conn.execute("SELECT s.key, v.id FROM sites s JOIN surveys v ON v.site_id = s.id "
                                   "WHERE v.kind = 'nps' ORDER BY v.id LIMIT 1").fetchone()
        conn.execute("""UPDATE sites SET allowed_domains = '["shop.example"]'""")
        conn.execute("UPDATE surveys SET quota = NULL, status = 'active'")
    return env, key, survey


def scenario(name: str, count: int, fault: Callable) -> list:
    """Run one fault during one stream; the table row."""
    with services() as (postgres, redis_server):
        env, key, survey = prepare(postgres.url(), redis_server.url())
        server = Gunicorn(env)
        try:
            stream = Stream(server.port, key, survey, count)
            time.sleep(FAULT_AFTER)
            fault({"postgres": postgres, "redis": redis_server, "gunicorn": server})
            stream.wait()
        finally:
            server.stop(signal.SIGKILL)
        with psycopg.connect(postgres.url()) as conn:
            rows, distinct = conn.execute("SELECT count(*), count(DISTINCT uuid) FROM responses").fetchone()
            stored = {str(r[0]) for r in conn.execute("SELECT uuid FROM responses")}
    acknowledged = set(stream.acknowledged)
    lost = len(acknowledged - stored)
    return [name, count, len(acknowledged), distinct, lost, rows - distinct,
            count - len(acknowledged), len(stream.unexpected), f"{time.monotonic() - stream.started:.0f}"]


def run() -> list[list]:
    """Every scenario; prints the table and returns its rows."""
    rows = [scenario(*spec) for spec in SCENARIOS]
    print(table(["fault", "sent", "acknowledged", "stored", "lost", "duplicates", "never acknowledged",
                 "refused for good", "seconds"], rows))
    held = all(row[4] == 0 and row[5] == 0 and row[6] == 0 and row[7] == 0 for row in rows)
    print("holds: nothing lost, nothing duplicated, every answer acknowledged" if held else "FAILS")
    return rows
