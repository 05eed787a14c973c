"""Overload without loss: ingest offered twice its measured capacity; every acknowledged answer must be stored.

The load is open-loop: requests are started on a fixed schedule whether or not
earlier ones have been answered, so the server really is offered twice what it
can take, as a burst of visitors would. A request that finds no idle
connection gets a new one, as a new visitor would. Every answer is classified:
2xx (acknowledged), 429/503 (refused, which the widget retries), any other
status, or no answer at all (a timeout or a lost connection).

A request sent on a kept-alive connection just as the server closed it (most
likely after its keep-alive time) finds the connection gone before any byte
of an answer. Browsers resend in that case: Chromium resends a request on a reused
connection that fails before the answer's headers arrive. So does this
generator, once per request, and it counts how often; a request lost on a new
connection, or after part of its answer, still counts as lost.

The generator shares the machine's two cores with the server it measures, so it
must cost little: it is a minimal HTTP/1.1 client on asyncio protocols, and
every request is built before the run. aiohttp cost a whole core at 3,000
requests/s, which starved the server and made it look as if it could not even
refuse in time (docs/PERFORMANCE.md).
"""
from __future__ import annotations

import asyncio
import json
import random
import re
import uuid
from collections import Counter, deque
from urllib.parse import urlsplit

import psycopg

from .common import ORIGIN, gunicorn, table

TIMEOUT_SECONDS = 30
TICK = 0.005
MAX_CONNECTIONS = 4000
STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")
LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)


class Request:
    """One prepared request and, once answered, its outcome."""

    __slots__ = ("rid", "data", "started", "outcome", "resent")

    def __init__(self, rid: str, data: bytes):
        self.rid, self.data, self.started, self.outcome, self.resent = rid, data, 0.0, None, False


def prepared(host: str, site_key: str, survey_id: int, count: int) -> list[Request]:
    """Every request of the run, built in advance: a new response id each, as the widget sends it."""
    requests = []
    for _ in range(count):
        rid = str(uuid.uuid4())
        body = json.dumps({"id": rid, "site_key": site_key, "survey_id": survey_id,
                           "answers": {"score": random.randint(0, 10)}, "completed": False,
                           "page_url": "https://shop.example/cart", "locale": "en",
                           "trigger": "exit_intent"}).encode()
        forwarded = f"10.{random.randint(0, 3)}.{random.randint(0, 49)}.{random.randint(1, 50)}"
        head = (f"POST /v1/responses HTTP/1.1\r\nHost: {host}\r\nOrigin: {ORIGIN}\r\n"
                f"Content-Type: text/plain;charset=UTF-8\r\nX-Forwarded-For: {forwarded}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        requests.append(Request(rid, head.encode() + body))
    return requests


class Connection(asyncio.Protocol):
    """One keep-alive connection, carrying one request at a time."""

    def __init__(self, pool: Pool):
        self.pool, self.transport, self.buffer, self.current, self.answered = pool, None, b"", None, 0

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.pool.opened(self)

    def send(self, request: Request) -> None:
        self.current, self.buffer = request, b""
        self.transport.write(request.data)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0 or self.current is None:
            return
        head = self.buffer[:end]
        length = LENGTH.search(head)
        if length and len(self.buffer) - end - 4 < int(length.group(1)):
            return
        status = STATUS.match(head)
        request, self.current = self.current, None
        self.answered += 1
        self.pool.finished(request, int(status.group(1)) if status else "BadResponse", self,
                           keep=b"connection: close" not in head.lower())

    def connection_lost(self, exc) -> None:
        self.pool.closed(self)


def resendable(connection: Connection, request: Request) -> bool:
    """A browser's rule: the connection had carried an answer before, and no byte of this one arrived; once."""
    return connection.answered > 0 and not connection.buffer and not request.resent and request.outcome is None


class Pool:
    """Idle connections, requests waiting for one, and the outcomes."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list[Connection] = []
        self.busy: set[Connection] = set()
        self.waiting: deque[Request] = deque()
        self.opening = 0
        self.resent = 0  # requests sent again after their kept-alive connection closed under them
        self.outcomes: list[tuple[str, object, float]] = []
        self.loop = asyncio.get_running_loop()

    def submit(self, request: Request) -> None:
        request.started = self.loop.time()
        if self.idle:
            self._send(self.idle.pop(), request)
            return
        self.waiting.append(request)
        if len(self.busy) + len(self.idle) + self.opening < MAX_CONNECTIONS:
            self.opening += 1
            self.loop.create_task(self._open())

    async def _open(self) -> None:
        try:
            await self.loop.create_connection(lambda: Connection(self), self.host, self.port)
        except OSError:
            self.opening -= 1

    def opened(self, connection: Connection) -> None:
        self.opening -= 1
        self._next(connection)

    def _send(self, connection: Connection, request: Request) -> None:
        self.busy.add(connection)
        connection.send(request)

    def _next(self, connection: Connection) -> None:
        while self.waiting and self.waiting[0].outcome is not None:
            self.waiting.popleft()  # timed out while waiting
        if self.waiting:
            self._send(connection, self.waiting.popleft())
        else:
            self.idle.append(connection)

    def record(self, request: Request, outcome) -> None:
        if request.outcome is None:
            request.outcome = outcome
            self.outcomes.append((request.rid, outcome, self.loop.time() - request.started))

    def finished(self, request: Request, status, connection: Connection, keep: bool) -> None:
        self.record(request, status)
        self.busy.discard(connection)
        if keep:
            self._next(connection)
        else:
            connection.transport.close()

    def closed(self, connection: Connection) -> None:
        self.busy.discard(connection)
        if connection in self.idle:
            self.idle.remove(connection)
        request = connection.current
        if request is not None and resendable(connection, request):
            request.resent = True
            self.resent += 1
            self.waiting.appendleft(request)
        elif request is not None:
            self.record(request, "ConnectionLost")
        if self.waiting and len(self.busy) + len(self.idle) + self.opening < MAX_CONNECTIONS:
            self.opening += 1
            self.loop.create_task(self._open())

    def expire(self) -> None:
        """Give up on requests older than TIMEOUT_SECONDS, waiting or sent."""
        deadline = self.loop.time() - TIMEOUT_SECONDS
        for request in self.waiting:
            if request.outcome is None and request.started < deadline:
                self.record(request, "TimeoutError")
        for connection in list(self.busy):
            if connection.current.started < deadline:
                self.record(connection.current, "TimeoutError")
                connection.transport.abort()

    def shut(self) -> None:
        for connection in self.idle + list(self.busy):
            connection.transport.close()


async def drive(url: str, rate: float, seconds: int, site_key: str, survey_id: int) -> tuple[list, float, int]:
    """Start rate × seconds requests on schedule; returns the outcomes, the rate actually offered and how many
    requests were resent."""
    parts = urlsplit(url)
    requests = prepared(parts.netloc, site_key, survey_id, int(rate * seconds))
    pool = Pool(parts.hostname, parts.port)
    loop = pool.loop
    start, sent = loop.time(), 0
    while sent < len(requests):
        due = min(len(requests), int((loop.time() - start) * rate) + 1)
        for request in requests[sent:due]:
            pool.submit(request)
        sent = due
        pool.expire()
        await asyncio.sleep(TICK)
    offered = len(requests) / (loop.time() - start)
    while len(pool.outcomes) < len(requests):
        pool.expire()
        await asyncio.sleep(0.05)
    pool.shut()
    return pool.outcomes, offered, pool.resent


def run(capacity_rps: float, env: dict, site_key: str, survey_id: int, seconds: int = 30) -> dict:
    """Offer 2x capacity for ``seconds``; compare acknowledgements with stored rows."""
    rate = 2 * capacity_rps
    with gunicorn("server:create_app()", env) as (tp, _):
        outcomes, offered, resent = asyncio.run(drive(tp + "/v1/responses", rate, seconds, site_key, survey_id))
    acked = [rid for rid, status, _ in outcomes if isinstance(status, int) and 200 <= status < 300]
    kinds = Counter(status for _, status, _ in outcomes)
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        stored = conn.execute("SELECT count(*) FROM responses WHERE uuid = ANY(%s::uuid[])", (acked,)).fetchone()[0]
    refused = kinds.get(429, 0) + kinds.get(503, 0)
    other = {str(k): n for k, n in kinds.items() if not (isinstance(k, int) and (200 <= k < 300 or k in (429, 503)))}
    latencies = sorted(seconds for _, _, seconds in outcomes)
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0
    lost = len(acked) - stored
    holds = lost == 0 and not other
    print(table(["offered req/s", "sent", "acknowledged", "stored of acked", "lost", "429", "503", "other / no answer",
                 "p50 ms", "p99 ms", ""],
                [[f"{offered:.0f} (2 × {capacity_rps:.0f})", len(outcomes), len(acked), stored, lost, kinds.get(429, 0),
                  kinds.get(503, 0), sum(other.values()), f"{p50:.0f}", f"{p99:.0f}",
                  "holds" if holds else "FAILS"]]))
    print(f"  resent after their kept-alive connection closed before any byte of an answer, as browsers do: {resent}")
    if other:
        print("  other outcomes:", other)
    return {"offered_rps": offered, "sent": len(outcomes), "resent": resent, "acknowledged": len(acked), "stored_acked": stored,
            "lost": lost, "refused": refused, "other": other, "p99_ms": p99, "holds": holds}
