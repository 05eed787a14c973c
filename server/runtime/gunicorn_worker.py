"""gunicorn's threaded worker, noting when each request was queued, so overload can be shed early.

gthread hands a readable connection to a thread pool whose queue is
unbounded: under overload a request can wait there for seconds before the app
sees it, and a client that gives up is neither served nor refused. This worker
records when the connection was queued and passes it to the app as
``environ[QUEUED_AT]`` (time.monotonic()); the load-shedding middleware
answers a 503 with Retry-After at once to a write that waited longer than
INGEST_MAX_QUEUE_SECONDS (runtime/loadshed.py). Run gunicorn with
``--worker-class server.runtime.gunicorn_worker.ThreadWorker`` (the Procfile does).

A worker that holds ``worker_connections`` connections stops accepting, and
visitors beyond that wait in the kernel's backlog, unanswered, until they time
out: under a burst the cap must be well above rate × queue time. Each
connection is a file descriptor, and an accept() past the open-files limit
fails with EMFILE, which gthread does not expect (the worker dies). So the
worker raises its soft limit to fit its connections, or lowers its cap to fit
the hard limit.
"""
from __future__ import annotations

import resource
import threading
import time

from gunicorn.workers.gthread import ThreadWorker as GthreadWorker

from .loadshed import QUEUED_AT

_current = threading.local()


class ThreadWorker(GthreadWorker):
    """gthread, plus the time each request was queued for a thread, and a connection cap that fits the fd limit."""

    def init_process(self):
        self.worker_connections = usable_connections(self.worker_connections)
        self.max_keepalived = self.worker_connections - self.cfg.threads
        super().init_process()

    def enqueue_req(self, conn):
        conn.touchpoint_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        _current.queued_at = getattr(conn, "touchpoint_queued_at", None)
        return super().handle_request(req, conn)

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = stamp_queue_time(self.wsgi)


def usable_connections(wanted: int, headroom: int = 64) -> int:
    """How many connections this process can hold: raises the soft open-files limit for ``wanted`` if allowed.

    ``headroom`` descriptors stay free for the listener, database and Redis sockets and files.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = wanted + headroom
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else max(1, min(wanted, soft - headroom))


def stamp_queue_time(app):
    """Wrap a WSGI app so that each request carries the moment its connection was queued."""
    def stamped(environ, start_response):
        queued_at = getattr(_current, "queued_at", None)
        if queued_at is not None:
            environ[QUEUED_AT] = queued_at
        return app(environ, start_response)
    return stamped
