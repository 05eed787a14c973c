"""Group commit for new responses on PostgreSQL: one writer thread per process inserts them in batches.

Request threads queue the row and wait; the writer takes everything queued,
inserts it with one multi-row INSERT … ON CONFLICT (uuid) DO NOTHING in
autocommit, and wakes each waiter with its row id (or None when the UUID was
already stored: a re-send). An answer is acknowledged only after its batch is
committed, so nothing acknowledged can be lost. With no load a batch is one
row and adds no delay; under load PostgreSQL commits once per batch, which
halves its CPU per answer, and the Python side makes one call instead of many
(docs/PERFORMANCE.md). Under gevent, woken by a batch's first row, the writer
first lets every other greenlet with work run (runtime/idle.py): the requests
in the app were a few hundred microseconds from queueing theirs, and sending at
once made batches of one to three rows under load. The thread has its own
connection and exits after IDLE_EXIT_SECONDS without work. That is minutes,
not seconds: a new connection costs about 6 ms of CPU (most of it PostgreSQL
starting and ending a backend) where an answer costs about 1 ms, so a site
whose answers come seconds apart would pay one per answer. TCP keepalive
probes every 30 s idle keep a firewall or load balancer from expiring the
connection, and find one that was dropped silently; a send on a dead connection
gives up after TCP_USER_TIMEOUT_MS. A batch that fails on a kept connection that
turned out broken is retried once on a new connection.
The embedded SQLite has no writer: ingest/store.py inserts there directly.
Responses to a survey with a quota do not come here either: ingest/quota.py
inserts them one at a time per survey, which is what keeps the quota exact.
"""
from __future__ import annotations

import os
import queue
import threading
from functools import lru_cache

import psycopg
from flask import current_app
from psycopg.types.json import Jsonb
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from ..errors import ApiError
from ..models import Response
from ..runtime.idle import until_idle

EXTENSION = "touchpoint.response_writer"

COLUMNS = ("uuid", "survey_id", "site_id", "created_at", "updated_at", "completed", "answers", "score", "category",
           "comment", "page_url", "page_path", "referrer", "device", "browser", "os", "locale", "trigger", "channel",
           "hidden_fields", "ip", "visitor_key", "first_answer_ms", "duration_ms")
MAX_BATCH = 64
# Under gevent the writer waits until the process has nothing else to run before it sends (runtime/idle.py), so
# that the answers other requests are about to queue share the commit; at most this long when the loop never idles.
GATHER_SECONDS = 0.01
IDLE_EXIT_SECONDS = 300.0  # a quiet site's answers minutes apart still share a connection
# libpq's TCP settings for the kept connection: probe after 30 s idle, every 10 s; unacknowledged data is given up on
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 5000
STOP = object()  # queued by stop(): the thread writes what came before it, then ends


@lru_cache(maxsize=2)
def insert_sql(with_events: bool = False) -> str:
    """INSERT of a JSON array of responses that skips UUIDs already stored and returns the new (uuid, id) pairs.

    One statement and one parameter whatever the batch size: psycopg then parses
    and prepares it once (it re-parses every statement with over 50 parameters),
    and the batch is encoded by json.dumps in C rather than value by value. The
    column types come from the model.

    With events, each row carries its outbox rows in an "events" array and the
    statement grows into a CTE that inserts them for the rows actually inserted:
    the batch's events commit with its rows or not at all, and a re-sent UUID
    (skipped by ON CONFLICT) writes none.
    """
    dialect = postgresql.dialect()
    names = ", ".join(f'"{name}"' for name in COLUMNS)
    record = ", ".join(f'"{name}" {Response.__table__.c[name].type.compile(dialect=dialect)}' for name in COLUMNS)
    if not with_events:
        return (f"INSERT INTO responses ({names}) SELECT {names} FROM jsonb_to_recordset(%s) AS r({record}) "
                "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id")
    return (f"WITH r AS (SELECT * FROM jsonb_to_recordset(%s) AS r({record}, events jsonb)), "
            f"inserted AS (INSERT INTO responses ({names}) SELECT {names} FROM r "
            "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id), "
            "outbox AS (INSERT INTO outbox_events (event_id, type, site_id, survey_id, payload, created_at) "
            "SELECT e.event_id, e.type, r.site_id, r.survey_id, e.payload, r.created_at "
            "FROM inserted JOIN r ON r.uuid = inserted.uuid "
            "CROSS JOIN LATERAL jsonb_to_recordset(r.events) AS e(event_id text, type text, payload jsonb)) "
            "SELECT uuid, id FROM inserted")


class Pending:
    """One queued row and what its request thread waits for."""

    __slots__ = ("values", "events", "done", "row_id", "error")

    def __init__(self, values: dict, events: list[dict]):
        self.values, self.events, self.done, self.row_id, self.error = values, events, threading.Event(), None, None

    def row(self, events: list[dict] | None = None) -> dict:
        """The row as JSON-ready values (the UUID and times as text), with its outbox rows when given."""
        row = {name: self.values[name] for name in COLUMNS}
        row.update(uuid=str(row["uuid"]), created_at=row["created_at"].isoformat(),
                   updated_at=row["updated_at"].isoformat())
        if events is not None:
            row["events"] = [{"event_id": e["event_id"], "type": e["type"], "payload": e["payload"]} for e in events]
        return row


class GroupCommitWriter:
    """The per-process writer of one app; its thread starts on first use."""

    def __init__(self, dsn: str, connect_timeout: int, wait_timeout: float):
        self.dsn, self.connect_timeout, self.wait_timeout = dsn, connect_timeout, wait_timeout
        self._queue: queue.SimpleQueue[Pending] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = None
        self.batches = 0
        self.rows = 0

    def insert(self, values: dict, events: list[dict] = ()) -> int | None:
        """Insert one response and its outbox events; its new row id, or None when the UUID was already stored."""
        item = Pending(values, list(events))
        self._queue.put(item)
        self._ensure_thread()
        if not item.done.wait(self.wait_timeout):
            # the row may still be written later: the widget's retry of the same UUID is harmless
            raise ApiError(503, "The database is slow to answer; retry later.", retry_after=5)
        if item.error is not None:
            raise item.error
        return item.row_id

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to end once what is queued is written, closing its connection, and wait up to
        ``timeout`` seconds (an app that is done); True when no thread is left running."""
        with self._lock:
            thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(STOP)
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="touchpoint-response-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        conn = None
        try:
            while True:
                try:
                    first = self._queue.get(timeout=IDLE_EXIT_SECONDS)
                except queue.Empty:
                    first = STOP
                batch = [] if first is STOP else [first]
                stopping = first is STOP
                if not stopping:
                    until_idle(GATHER_SECONDS)  # the other requests in the app queue theirs first (gevent)
                while not stopping and len(batch) < MAX_BATCH:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    stopping = item is STOP
                    if not stopping:
                        batch.append(item)
                if batch:
                    conn = self._write(conn, batch)
                if stopping:
                    with self._lock:
                        if self._queue.empty():  # a row queued just now would otherwise wait for nobody
                            self._thread = None
                            return
        finally:
            if conn is not None:
                conn.close()

    def _connect(self):
        return psycopg.connect(self.dsn, autocommit=True, connect_timeout=self.connect_timeout,
                               application_name="touchpoint-writer", tcp_user_timeout=TCP_USER_TIMEOUT_MS,
                               **KEEPALIVES)

    def _write(self, conn, batch: list[Pending]):
        """Insert a batch and wake its waiters; returns the connection to keep (None after it failed).

        A kept connection that fails with an operational error (closed by the server, a restart or a
        proxy while it waited) gets one retry on a new connection. Retrying is safe: ON CONFLICT skips a
        row an attempt stored before the connection broke, and its waiter is told it was stored already,
        as for a re-send; its events were written with it.
        """
        try:
            if conn is None:
                conn = self._connect()
                self._insert(conn, batch)
            else:
                try:
                    self._insert(conn, batch)
                except psycopg.OperationalError:
                    if not conn.broken:  # the connection still works: the statement itself failed
                        raise
                    conn.close()
                    conn = self._connect()
                    self._insert(conn, batch)
        except psycopg.OperationalError:
            if conn is not None:
                conn.close()
            for item in batch:
                item.error = ApiError(503, "The database is unreachable; retry later.", retry_after=5)
            conn = None
        except psycopg.Error:
            # one row the database refuses (its survey deleted meanwhile) must not fail the others
            if len(batch) > 1:
                for item in batch:
                    conn = self._write(conn, [item])
                return conn
            batch[0].error = ApiError(404, "The survey no longer exists.", {"survey_id": ["Unknown survey."]})
        finally:
            for item in batch:
                item.done.set()
        return conn

    def _insert(self, conn, batch: list[Pending]) -> None:
        if any(item.events for item in batch):
            # a UUID twice in a batch: only its first row, the one inserted, carries events (the others merge)
            seen: set = set()
            rows = [item.row([] if item.values["uuid"] in seen or seen.add(item.values["uuid"]) else item.events)
                    for item in batch]
            stored = dict(conn.execute(insert_sql(True), [Jsonb(rows)]).fetchall())
        else:
            stored = dict(conn.execute(insert_sql(), [Jsonb([item.row() for item in batch])]).fetchall())
        for item in batch:
            # a UUID twice in one batch (two tabs re-sending it): the later ones merge, as any re-send does
            item.row_id = stored.pop(item.values["uuid"], None)
        self.batches += 1
        self.rows += len(batch)


class ResponseWriter:
    """The writer as an extension: bound with init_app, a GroupCommitWriter on PostgreSQL, none on SQLite."""

    def init_app(self, app) -> None:
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        writer = None
        if url.get_backend_name() == "postgresql":
            dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
            timeout = app.config["DB_CONNECT_TIMEOUT"]
            writer = GroupCommitWriter(dsn, timeout, timeout + app.config["DB_POOL_TIMEOUT"])
        app.extensions[EXTENSION] = writer

    @staticmethod
    def of(app) -> GroupCommitWriter | None:
        """An app's writer, or None where rows are inserted directly."""
        return app.extensions[EXTENSION]

    @property
    def current(self) -> GroupCommitWriter | None:
        """The current app's writer."""
        return self.of(current_app)
