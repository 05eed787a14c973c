"""gunicorn's threaded worker, noting when each request was queued, so overload can be shed early.

gthread hands a readable connection to a thread pool whose queue is
unbounded: under overload a request can wait there for seconds before the app
sees it, and a client that gives up is neither served nor refused. This worker
records when the connection was queued and passes it to the app as
``environ["touchpoint.queued_at"]`` (time.monotonic()); ingest answers a 503
with Retry-After at once to a request that waited longer than
INGEST_MAX_QUEUE_SECONDS (server/loadshed.py). Run gunicorn with
``--worker-class server.gunicorn_worker.ThreadWorker`` (the Procfile does).
"""
from __future__ import annotations

import threading
import time

from gunicorn.workers.gthread import ThreadWorker as GthreadWorker

QUEUED_AT = "touchpoint.queued_at"
_current = threading.local()


class ThreadWorker(GthreadWorker):
    """gthread, plus the time each request was queued for a thread."""

    def enqueue_req(self, conn):
        conn.touchpoint_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        _current.queued_at = getattr(conn, "touchpoint_queued_at", None)
        return super().handle_request(req, conn)

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = stamp_queue_time(self.wsgi)


def stamp_queue_time(app):
    """Wrap a WSGI app so that each request carries the moment its connection was queued."""
    def stamped(environ, start_response):
        queued_at = getattr(_current, "queued_at", None)
        if queued_at is not None:
            environ[QUEUED_AT] = queued_at
        return app(environ, start_response)
    return stamped
