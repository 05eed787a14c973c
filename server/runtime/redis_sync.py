"""Shared counters and versions in Redis, synced in one round trip at most every REDIS_SYNC_SECONDS.

A Redis round trip costs about as much CPU as a whole "hello" request in
Flask, so the hot request path must not make one each time. Each process
therefore counts locally and folds its counts into Redis (INCRBY) while
re-reading the values it watches (the sites' config versions) in the same
pipeline, at most once per interval. Rate limits become shared across
instances with an overshoot bounded by one interval's traffic, and a change
made on another instance is seen within one interval. An interval of 0 syncs
on every call: exact, one round trip per request.

The exchange is one Lua script (EXCHANGE) rather than a pipeline of INCRBY,
EXPIREAT and GET commands, and the counters travel in it as one text argument,
a line each, rather than as three arguments each: with per-IP counters nearly
every request brings a counter of its own, and redis-py packs arguments one by
one in Python (about 3 µs of CPU per counter, more than half of what rate
limiting cost a config request under load), while one joined string costs it
nothing. The counters are therefore not declared as KEYS, and the watched keys
are not in one hash slot either, so this needs a single Redis (with replicas if
you like), not Redis Cluster.
"""
from __future__ import annotations

import math
import threading
import time

# ARGV[1]: the counters, one per line: "name increment end", where end is the Unix time its window ends.
# KEYS: the watched keys. Returns the counters' totals in their order, then the watched values (false where unset).
EXCHANGE = """
local out = {}
for name, increment, ends in string.gmatch(ARGV[1], "([^\\n]+) (%-?%d+) (%d+)") do
  out[#out + 1] = redis.call('INCRBY', name, increment)
  redis.call('EXPIREAT', name, ends)
end
for i = 1, #KEYS do
  out[#out + 1] = redis.call('GET', KEYS[i])
end
return out
"""


def counter_lines(prefix: str, counts) -> str:
    """EXCHANGE's ARGV[1]: one "name increment end" line per (name, increment, window end)."""
    return "\n".join(f"{prefix}{name} {increment} {int(ends) + 1}" for name, increment, ends in counts)


class RedisSync:
    """Local counters and watched values, reconciled with Redis through a GuardedRedis."""

    WATCH_IDLE_SECONDS = 300  # stop re-reading a key nobody asked for in this long

    def __init__(self, guarded, prefix: str, interval: float):
        self.redis, self.prefix, self.interval = guarded, prefix, interval
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._known: dict[str, list] = {}  # counter → [window end, count in Redis at last sync]
        self._prune_at = math.inf  # the earliest window end in _known: nothing in it has ended before then
        self._pending: dict[str, list] = {}  # counter → [window end, increments not yet sent]
        self._values: dict[str, object] = {}  # watched key → value at last sync
        self._watched: dict[str, float] = {}  # watched key → last time a request asked for it
        self._last_sync = 0.0
        self._script = None
        self.round_trips = 0

    def incr(self, windows: list[tuple[str, float]], now: float) -> list[int]:
        """Count one hit on each window; return each window's estimated total across all instances."""
        with self._lock:
            pending_counts, known_counts = self._pending, self._known
            estimates = []
            for name, ends in windows:
                pending = pending_counts.get(name)
                if pending is None:
                    pending = pending_counts[name] = [ends, 0]
                pending[1] += 1
                known = known_counts.get(name)
                estimates.append(pending[1] if known is None else known[1] + pending[1])
        if self._due(now):
            self.sync(now)
            with self._lock:
                estimates = [self._known.get(name, (ends, 0))[1] + self._pending.get(name, (ends, 0))[1]
                             for name, ends in windows]
        return estimates

    def decr(self, windows: list[tuple[str, float]]) -> None:
        """Take back one hit on each window (a request that another rule refused)."""
        with self._lock:
            for name, ends in windows:
                self._pending.setdefault(name, [ends, 0])[1] -= 1

    def read(self, key: str, now: float):
        """The value of ``key`` as of the last sync; the first request for a key syncs at once."""
        with self._lock:
            first = key not in self._watched
            self._watched[key] = now
        if first or self._due(now):
            self.sync(now)
        return self._values.get(key)

    def learned(self, key: str, value) -> None:
        """Record a value this process has just written to Redis itself (seen at once here)."""
        with self._lock:
            self._values[key] = value

    def _due(self, now: float) -> bool:
        return now - self._last_sync >= self.interval

    def sync(self, now: float) -> bool:
        """Send pending counts and re-read watched keys in one round trip; False when Redis is down."""
        if not self._sync_lock.acquire(blocking=self.interval == 0):
            return True  # another thread is syncing right now; its result serves us too
        try:
            with self._lock:
                pending, self._pending = self._pending, {}
                self._watched = {k: t for k, t in self._watched.items() if now - t < self.WATCH_IDLE_SECONDS}
                watched = list(self._watched)
            result = self.redis.call(lambda client: self._exchange(client, pending, watched))
            self._last_sync = now
            self.round_trips += 1
            with self._lock:
                self._prune_at = min(self._prune_at, min((ends for ends, _ in pending.values()), default=math.inf))
                self._forget_ended(time.time())
                if result is None:  # Redis is down: keep limiting with what this process saw
                    for name, (ends, count) in pending.items():
                        self._known.setdefault(name, [ends, 0])[1] += count
                    return False
                totals, values = result[:len(pending)], result[len(pending):]
                for (name, (ends, _)), total in zip(pending.items(), totals, strict=True):
                    self._known[name] = [ends, int(total)]
                self._values.update(zip(watched, (value or None for value in values), strict=True))
                return True
        finally:
            self._sync_lock.release()

    def known_counters(self) -> int:
        """How many counters this process holds totals of (those of ended windows go at the next sync)."""
        with self._lock:
            return len(self._known)

    def _forget_ended(self, wall: float) -> None:
        """Drop the counters whose window has ended, once one has: not on every sync.

        Windows are fixed, so the counters of one limit all end together, at
        the limit's window boundary. With a counter per visitor address,
        walking all of them on every sync cost 13.6 µs of CPU per request at
        60,000 known counters and 1,000 requests a sync; 1.8 µs without the
        walk (docs/PERFORMANCE.md).
        """
        if wall < self._prune_at:
            return
        self._known = {k: v for k, v in self._known.items() if v[0] > wall}
        self._prune_at = min((v[0] for v in self._known.values()), default=math.inf)

    def _exchange(self, client, pending: dict, watched: list[str]) -> list:
        if self._script is None:
            self._script = client.register_script(EXCHANGE)
        counters = counter_lines(self.prefix, ((name, count, ends) for name, (ends, count) in pending.items()))
        return self._script(keys=[self.prefix + key for key in watched], args=[counters], client=client)


class RedisCounters:
    """Exact shared counters: one EXCHANGE call per hit, for rare requests (sign-ins) that must not overshoot.

    While Redis is down (the breaker is open) they count in ``fallback``, this
    process's locked counters: exact per process, as without Redis.
    """

    def __init__(self, guarded, prefix: str, fallback):
        self.redis, self.prefix, self.fallback = guarded, prefix, fallback
        self._script = None

    def incr(self, windows: list[tuple[str, float]], now: float) -> list[int]:
        """Add one to each window in Redis, atomically, and return the totals across all instances."""
        totals = self._add(windows, 1)
        return self.fallback.incr(windows, now) if totals is None else [int(total) for total in totals]

    def decr(self, windows: list[tuple[str, float]]) -> None:
        """Take back one hit on each window (a request that another rule refused)."""
        if windows and self._add(windows, -1) is None:
            self.fallback.decr(windows)

    def _add(self, windows: list[tuple[str, float]], amount: int) -> list | None:
        def exchange(client):
            if self._script is None:
                self._script = client.register_script(EXCHANGE)
            counters = counter_lines(self.prefix, ((name, amount, ends) for name, ends in windows))
            return self._script(keys=[], args=[counters], client=client)
        return self.redis.call(exchange)
