"""Waiting until the process has nothing else to do: how the response writer gathers a batch under gevent.

Under gunicorn's gevent worker every request of a process runs in one thread,
one greenlet at a time. When the response writer (ingest/writer.py) is woken by
the first answer of a batch, the other requests in the app have not reached
their insert yet: they are ready to run, or about to be admitted, and each needs
a few hundred microseconds of CPU first. Sending at once made batches of one to
three rows under load, and PostgreSQL paid a commit for each. Waiting until the
event loop is idle lets them queue their rows first, without waiting for
anything the CPU would not be busy with anyway: an idle process sends at once.

The loop may never go idle while sockets keep becoming readable (an overload),
so the wait is bounded. Under real threads there is nothing to wait for: the
other threads run beside the writer, and so the wait is a no-op.
"""
from __future__ import annotations

import sys


def gevent_patched() -> bool:
    """Whether gevent monkey-patched threading in this process (the app runs in the gevent worker)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


def until_idle(limit: float) -> None:
    """Under gevent, let every other greenlet with work run first: return when the event loop is idle, or after
    ``limit`` seconds; at once elsewhere."""
    if not gevent_patched():
        return
    from gevent import Timeout, get_hub

    hub = get_hub()
    with Timeout(limit, False), hub.loop.idle() as watcher:
        hub.wait(watcher)
