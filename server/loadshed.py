"""Load shedding for ingest: a bounded number of requests work at once, the rest get a fast 503."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from flask import current_app

from .errors import ApiError
from .gunicorn_worker import QUEUED_AT

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _semaphore(size: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


@contextmanager
def ingest_slot():
    """Hold one of INGEST_MAX_IN_FLIGHT slots, or refuse with 503 after INGEST_QUEUE_TIMEOUT seconds.

    Refusing early keeps latency bounded under overload; the widget keeps the
    answer queued and retries after Retry-After, so nothing is lost.
    """
    semaphore = _semaphore(current_app.config["INGEST_MAX_IN_FLIGHT"])
    if not semaphore.acquire(timeout=current_app.config["INGEST_QUEUE_TIMEOUT"]):
        raise ApiError(503, "Too busy; retry shortly.", retry_after=2)
    try:
        yield
    finally:
        semaphore.release()


# the refusal of a write that queued too long (api/fastlane.py answers it before parsing the body)
OVERLOADED = ApiError(503, "Too busy; retry shortly.", retry_after=2, code="overloaded")


def queued_too_long(environ: dict, limit: float) -> bool:
    """True when the request waited longer than ``limit`` seconds for a worker thread.

    The wait is known under server.gunicorn_worker.ThreadWorker; elsewhere this is always False.
    Refusing such a request at once drains the queue, so latency stays bounded and every
    request gets an answer, which the widget retries.
    """
    queued_at = environ.get(QUEUED_AT)
    return queued_at is not None and time.monotonic() - queued_at > limit

