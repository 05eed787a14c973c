"""Load shedding for ingest: writes that queued too long are refused before Flask, and a bounded number work at once.

Two limits keep latency bounded under overload, and both answer 503 with
Retry-After, which the widget honours while the answer stays queued in the
visitor's browser, so nothing is lost:

- QueueTimeShedding, a WSGI middleware, refuses a write that waited longer
  than INGEST_MAX_QUEUE_SECONDS for one of the worker's slots in the app.
  The wait is known when the server stamps ``environ[QUEUED_AT]``, as the
  Procfile's worker (runtime/gunicorn_worker.py) does; elsewhere it never refuses.
- ingest_slot() lets INGEST_MAX_IN_FLIGHT writes per process store at once;
  the others wait up to INGEST_QUEUE_TIMEOUT seconds for a slot.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from flask import current_app

from ..errors import ApiError

QUEUED_AT = "touchpoint.queued_at"  # time.monotonic() when the whole request began waiting for a slot in the app
BUSY = ApiError(503, "Too busy; retry shortly.", retry_after=2)
OVERLOADED = ApiError(503, "Too busy; retry shortly.", retry_after=2, code="overloaded")

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def ingest_slots(size: int) -> threading.BoundedSemaphore:
    """The process's semaphore of ``size`` ingest slots."""
    with _slots_lock:
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


@contextmanager
def ingest_slot():
    """Hold one of INGEST_MAX_IN_FLIGHT slots, or raise the busy 503 after INGEST_QUEUE_TIMEOUT seconds."""
    semaphore = ingest_slots(current_app.config["INGEST_MAX_IN_FLIGHT"])
    if not semaphore.acquire(timeout=current_app.config["INGEST_QUEUE_TIMEOUT"]):
        raise BUSY
    try:
        yield
    finally:
        semaphore.release()


def queued_too_long(environ: dict, limit: float) -> bool:
    """True when the request waited longer than ``limit`` seconds for a slot in the app."""
    queued_at = environ.get(QUEUED_AT)
    return queued_at is not None and time.monotonic() - queued_at > limit


class QueueTimeShedding:
    """WSGI middleware: a listed write that queued too long gets ``refusal(environ)`` at once.

    ``refusal`` returns (status line, headers, body); the web layer builds it in
    the one error shape with the public API's CORS headers, so the widget can read it.
    """

    def __init__(self, wsgi_app, writes: Iterable[str], max_seconds: float,
                 refusal: Callable[[dict], tuple[str, list[tuple[str, str]], bytes]]):
        self.wsgi_app, self.writes, self.max_seconds, self.refusal = wsgi_app, frozenset(writes), max_seconds, refusal

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") in self.writes
                and queued_too_long(environ, self.max_seconds)):
            status, headers, body = self.refusal(environ)
            start_response(status, headers)
            return [body]
        return self.wsgi_app(environ, start_response)
