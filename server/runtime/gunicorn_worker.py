"""gunicorn's gevent worker, with read deadlines, a cap on requests in the app, and a connection cap that fits the fd limit.

Why gevent: a thread-per-request worker (gthread) gives a thread to a
connection before its body has arrived, so a few dozen sockets that trickle
their headers or body hold every thread and freeze the server. Here each
connection is a greenlet, which costs a few kilobytes while it waits, and the
app is only called once the request is whole:

- Headers: gunicorn's gevent worker reads each request's headers (and waits
  for the next one on a kept-alive connection) within ``keepalive`` seconds
  (gunicorn.conf.py), then closes the connection.
- Body: this worker reads the whole body, up to MAX_CONTENT_LENGTH, within
  REQUEST_BODY_SECONDS before the app sees the request; a client that is
  slower is disconnected without an answer (the widget resends on a network
  error, keeping the answer queued).
- The app: at most ``--threads`` requests per worker run in it at once, the
  others wait for a slot with the moment they began waiting in
  ``environ[QUEUED_AT]``; the load-shedding middleware (runtime/loadshed.py)
  refuses a write that waited longer than INGEST_MAX_QUEUE_SECONDS, as it did
  under gthread, and the database pool is not fought over by thousands of greenlets.

gevent monkey-patches the standard library in the worker after the fork, and
the app is loaded after that. The master imports this module to find the
class, so it must not import Flask, SQLAlchemy, psycopg, redis or any module
that makes a lock at import: it imports only the standard library, gunicorn,
gevent and server/settings.py (the ``server`` package itself imports nothing
at import time for the same reason). psycopg picks its wait function when it
is first imported; load_wsgi checks that it picked the cooperative one.

A worker that holds ``worker_connections`` connections stops accepting, and
visitors beyond that wait in the kernel's backlog. Each connection is a file
descriptor, and accept() past the open-files limit fails with EMFILE, so the
worker raises its soft limit to fit its connections, or lowers its cap to fit
the hard limit.
"""
from __future__ import annotations

import gc
import io
import resource
import sys
import time

import gevent
from gevent.lock import BoundedSemaphore
from gunicorn.workers.ggevent import GeventWorker as BaseGeventWorker

from ..settings import Settings


class GeventWorker(BaseGeventWorker):
    """gevent, plus a body read deadline, ``--threads`` app slots with queue-time stamps, and a connection cap."""

    def init_process(self):
        if not self.cfg.keepalive:
            # with keepalive 0 gunicorn reads headers with no deadline at all
            raise RuntimeError("the gevent worker needs keepalive > 0: it is the deadline for a request's headers")
        self.worker_connections = usable_connections(self.worker_connections)
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        from .loadshed import QUEUED_AT  # after the fork and the monkey-patching, with the app

        check_cooperative_psycopg()
        self.wsgi = admit(self.wsgi, BoundedSemaphore(self.cfg.threads), QUEUED_AT)
        # The app's modules, schemas, regexes and caches live as long as the worker: keep the cyclic
        # garbage collector from walking them again in every full collection (about 4 µs a request).
        gc.collect()
        gc.freeze()

    def handle_request(self, listener_name, req, sock, addr):
        if not read_body(req, sock, Settings.MAX_CONTENT_LENGTH, Settings.REQUEST_BODY_SECONDS):
            self.log.debug("Closing %s: its body did not arrive within %s s", addr, Settings.REQUEST_BODY_SECONDS)
            raise StopIteration()  # gunicorn closes the connection without answering
        try:
            return super().handle_request(listener_name, req, sock, addr)
        finally:
            # Yield between requests. A kept-alive client that answers fast (a load balancer, wrk) has its
            # next request waiting by the time this one is written, so the greenlet would read it without
            # ever switching, and serve one connection while others starve: p99 went from ~50 ms to
            # ~600 ms on the config endpoint. gthread got this fairness from the GIL's switch interval.
            gevent.sleep(0)


def read_body(req, sock, limit: int, seconds: float) -> bool:
    """Read the request's body into memory within ``seconds``; False when it did not arrive in time.

    A body declared larger than ``limit`` is left unread and the connection
    marked to close: the app refuses it with a 413 without reading it. A
    chunked body is read to one byte past ``limit``, so that the app sees it is too large.
    """
    length = getattr(req.body.reader, "length", None)  # None: chunked
    if length == 0:
        return True
    if length is not None and length > limit:
        req.force_close()
        return True
    if req._expected_100_continue:  # the client waits for this before it sends the body
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        req._expected_100_continue = False
    body = None
    with gevent.Timeout(seconds, False):
        body = req.body.read(limit + 1)
    if body is None:
        return False
    if len(body) > limit:
        req.force_close()
    req.body = io.BytesIO(body)
    return True


def admit(app, slots: BoundedSemaphore, queued_at_key: str):
    """Wrap a WSGI app so that at most ``slots`` requests run in it, each stamped with when it began waiting."""
    def admitted(environ, start_response):
        environ[queued_at_key] = time.monotonic()
        with slots:
            return app(environ, start_response)
    return admitted


def check_cooperative_psycopg() -> None:
    """Refuse to serve if psycopg was imported before gevent patched select: its C wait would block every greenlet."""
    waiting = sys.modules.get("psycopg.waiting")
    if waiting is not None and getattr(waiting, "wait_c", None) is waiting.wait:
        raise RuntimeError("psycopg was imported before gevent's monkey-patching; it would block the worker")


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
