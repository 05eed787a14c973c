"""Rate limits: fixed-window counters per client IP and per site, in Redis or in process.

Why not Flask-Limiter: measured on the same endpoint (bench/limiter.py, the
figures in docs/DECISIONS.md) it costs more CPU per request, and with Redis a
round trip per request. Here the counters are
kept in process and, with Redis, folded into shared Redis counters by RedisSync
in one pipeline per sync interval, so the hottest path makes no round trip.
"""
from __future__ import annotations

import functools
import re
import threading
import time
from typing import NamedTuple

from flask import current_app, request

from ..errors import ApiError

EXTENSION = "touchpoint.counters"
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
LIMIT_RE = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(second|minute|hour|day)s?\s*$")


class Limit(NamedTuple):
    amount: int
    seconds: int


class Rule(NamedTuple):
    scope: str  # what is limited: "read", "write", "site", "login"
    key: str  # who is limited: an IP or a site key
    limit: Limit


@functools.lru_cache(maxsize=64)
def parse_limit(text: str) -> Limit:
    """Parse "120/minute" (or "120 per minute") into a Limit."""
    match = LIMIT_RE.match(text)
    if not match:
        raise ValueError(f"not a rate limit: {text!r} (use e.g. 120/minute)")
    return Limit(int(match.group(1)), UNITS[match.group(2)])


def window(rule: Rule, now: float) -> tuple[str, float]:
    """The counter name of the rule's current window, and when that window ends."""
    index = int(now // rule.limit.seconds)
    return f"rl:{rule.scope}:{rule.key}:{index}", (index + 1) * rule.limit.seconds


class MemoryCounters:
    """Counters of this process only: exact for one process, per-process for several."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}

    def incr(self, names_and_ends: list[tuple[str, float]], now: float) -> list[int]:
        """Count one hit on each window and return the windows' totals."""
        with self._lock:
            if len(self._counts) > 50_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
            out = []
            for name, ends in names_and_ends:
                count = self._counts.get(name, (ends, 0))[1] + 1
                self._counts[name] = (ends, count)
                out.append(count)
            return out

    def decr(self, names_and_ends: list[tuple[str, float]]) -> None:
        """Take back one hit on each window."""
        with self._lock:
            for name, ends in names_and_ends:
                if name in self._counts:
                    self._counts[name] = (ends, self._counts[name][1] - 1)


class RateLimiter:
    """The app's limiter, bound with init_app; its counters live in app.extensions, so the object is app-agnostic."""

    def init_app(self, app, shared_redis=None) -> None:
        """Counters in this process, or shared through Redis (runtime/redis.py) when there is one."""
        app.extensions[EXTENSION] = shared_redis.sync if shared_redis else MemoryCounters()

    @staticmethod
    def counters_of(app):
        """An app's counters: MemoryCounters, or the RedisSync that shares them."""
        return app.extensions[EXTENSION]

    def hit(self, rules: list[Rule]) -> None:
        """Count one request against every rule; raise a 429 ApiError with Retry-After when one is over."""
        app = current_app
        if not app.config["RATELIMIT_ENABLED"]:
            return
        now = time.time()
        windows = [window(rule, now) for rule in rules]
        counters = app.extensions[EXTENSION]
        counts = counters.incr(windows, now)
        for index, (rule, (_, ends), count) in enumerate(zip(rules, windows, counts, strict=True)):
            if count > rule.limit.amount:
                # a refused request spends nothing of the later rules: one abusive IP,
                # stopped by its own limit, cannot use up the site's shared budget
                counters.decr(windows[index + 1:])
                raise ApiError(429, f"Too many requests: at most {rule.limit.amount} per {rule.limit.seconds} s "
                                    f"for this {'site' if rule.scope.startswith('site') else 'client'}; retry later.",
                               retry_after=max(1, int(ends - now + 0.999)))

    def limit(self, limit_setting: str, key_func=None, scope: str | None = None):
        """Decorate a view with one limit: ``limit_setting`` names a config key such as RATELIMIT_LOGIN."""
        def decorate(view):
            @functools.wraps(view)
            def limited(*args, **kwargs):
                key = key_func() if key_func else client_ip()
                self.hit([Rule(scope or view.__name__, key, parse_limit(current_app.config[limit_setting]))])
                return view(*args, **kwargs)
            return limited
        return decorate


def client_ip() -> str:
    """The client's address (behind TRUSTED_PROXIES proxies, ProxyFix has already resolved it)."""
    return request.remote_addr or "-"


def public_rules(kind: str, site_key: str, ip: str | None = None) -> list[Rule]:
    """The per-IP rule first, then the site's shared budget, for a public read or write."""
    config = current_app.config
    setting = "RATELIMIT_PUBLIC_READ" if kind == "read" else "RATELIMIT_PUBLIC_WRITE"
    return [Rule(kind, ip or client_ip(), parse_limit(config[setting])),
            Rule(f"site-{kind}", site_key[:32], parse_limit(config["RATELIMIT_PER_SITE"]))]
