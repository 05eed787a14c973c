"""The task queue (huey) that drains the outbox: built per app from its settings, run by `flask worker`.

SqliteHuey on a file in the instance folder for the embedded default, RedisHuey
on REDIS_URL otherwise; several consumers (on several machines with Redis)
share one queue. The web process never talks to it: ingest only writes outbox
rows, and the worker polls them.

The pump, about every OUTBOX_PUMP_SECONDS, dispatches new events and leases
due deliveries, then queues one ``deliver`` task per leased delivery for the
consumer's threads. It re-schedules itself as a chain; a lock (with a TTL, so
a killed holder cannot keep it) lets one pump run at a time across workers.
A chain is named: starting a new one (a worker starting, or the once-a-minute
watchdog finding no heartbeat) retires the old one, so chains never multiply.
The pump also leases due e-mails (mail_jobs.py) and queues one ``mail`` task each.

Periodic tasks: once a minute the case sweep flags overdue cases and e-mails
their owners (server/cases/overdue.py; a lock keeps two workers from sweeping
at once); every hour the digests that are due are recorded (digests.py); every
night finished outbox rows older than OUTBOX_RETENTION_DAYS are deleted
(pruning.py).
"""
from __future__ import annotations

import os
import time
import uuid
from contextlib import contextmanager

from flask import Flask
from huey import RedisHuey, SqliteHuey, crontab
from huey.exceptions import TaskLockedException

from ..cases.overdue import sweep
from .digests import record_due_digests
from .dispatch import deliver, pump_once
from .mail_jobs import claim_due_mail, send_mail
from .pruning import prune_outbox

CHAIN_KEY = "outbox-pump-chain"
HEARTBEAT_KEY = "outbox-pump-heartbeat"
PUMP_LOCK = "outbox-pump-lock"
PUMP_LOCK_TTL = 30  # seconds: far beyond one pump round, short enough that a killed worker's lock goes soon
STALE_AFTER = 30  # seconds without a pump round before the watchdog starts a new chain
SWEEP_LOCK = "cases-overdue-lock"
SWEEP_LOCK_TTL = 300  # seconds: e-mails to many owners can take a while


@contextmanager
def expiring_lock(huey, key: str, ttl: float):
    """Hold a lock in huey's storage, or raise TaskLockedException; a lock older than ``ttl`` (its holder was
    killed) is taken over. huey's own TTL locks exist on Redis only, and this must work on SQLite too."""
    now = time.time()
    if not huey.put_if_empty(key, now):
        held_since = huey.get(key, peek=True)
        if held_since is not None and now - held_since < ttl:
            raise TaskLockedException(key)
        huey.delete(key)
        if not huey.put_if_empty(key, now):
            raise TaskLockedException(key)
    try:
        yield
    finally:
        huey.delete(key)


def queue_file(app: Flask) -> str:
    """The SQLite file of the embedded queue."""
    return app.config["WORKER_QUEUE_FILE"] or os.path.join(app.instance_path, "worker-queue.sqlite")


def make_huey(app: Flask):
    """The huey instance the app's settings ask for (results are not kept: tasks report through the database)."""
    name = app.config["REDIS_PREFIX"] + "outbox"
    if app.config["REDIS_URL"]:
        return RedisHuey(name, url=app.config["REDIS_URL"], results=False)
    os.makedirs(os.path.dirname(queue_file(app)) or ".", exist_ok=True)
    return SqliteHuey(name, filename=queue_file(app), results=False)


class OutboxQueue:
    """One app's huey and its tasks: pump, deliver, mail, the watchdog, the overdue-case sweep, digests and pruning."""

    def __init__(self, app: Flask):
        self.app = app
        self.huey = huey = make_huey(app)
        interval = app.config["OUTBOX_PUMP_SECONDS"]

        @huey.task(name="outbox.deliver")
        def deliver_task(delivery_id: int) -> None:
            with app.app_context():
                deliver(delivery_id)

        @huey.task(name="outbox.mail")
        def mail_task(job_id: int) -> None:
            with app.app_context():
                send_mail(job_id)

        @huey.task(name="outbox.pump")
        def pump_task(chain: str) -> None:
            if huey.get(CHAIN_KEY, peek=True) != chain:
                return  # a newer chain took over
            try:
                with expiring_lock(huey, PUMP_LOCK, PUMP_LOCK_TTL), app.app_context():
                    for delivery_id in pump_once():
                        deliver_task(delivery_id)
                    for job_id in claim_due_mail():
                        mail_task(job_id)
                    huey.put(HEARTBEAT_KEY, time.time())
            except TaskLockedException:
                pass
            finally:
                pump_task.schedule((chain,), delay=interval)

        @huey.periodic_task(crontab(minute="*"), name="outbox.watchdog")
        def watchdog_task() -> None:
            if time.time() - (huey.get(HEARTBEAT_KEY, peek=True) or 0) > STALE_AFTER:
                self.start_pump()

        @huey.periodic_task(crontab(minute="7"), name="outbox.digests")
        def digest_task() -> int:
            with app.app_context():
                return record_due_digests()

        @huey.periodic_task(crontab(hour="3", minute="17"), name="outbox.prune")
        def prune_task() -> tuple[int, int]:
            with app.app_context():
                return prune_outbox(app.config["OUTBOX_RETENTION_DAYS"])

        @huey.periodic_task(crontab(minute="*"), name="cases.overdue")
        def overdue_task() -> None:
            try:
                with expiring_lock(huey, SWEEP_LOCK, SWEEP_LOCK_TTL), app.app_context():
                    sweep(app.config)
            except TaskLockedException:
                pass

        self.pump_task, self.deliver_task, self.watchdog_task = pump_task, deliver_task, watchdog_task
        self.mail_task, self.digest_task, self.prune_task = mail_task, digest_task, prune_task
        self.overdue_task = overdue_task

    def start_pump(self) -> str:
        """Start a new pump chain, retiring any other; its name."""
        chain = uuid.uuid4().hex
        self.huey.put(CHAIN_KEY, chain)
        self.huey.put(HEARTBEAT_KEY, time.time())
        self.pump_task(chain)
        return chain

    def run(self, threads: int) -> None:
        """Run a huey consumer in this process until it is stopped (SIGTERM, or SIGINT to finish tasks first)."""
        self.start_pump()
        self.huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                                  initial_delay=0.05, max_delay=0.5, backoff=1.15).run()
