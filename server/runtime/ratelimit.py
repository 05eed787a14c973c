"""Rate limits: fixed-window counters per client IP and per site, in Redis or in process.

Why not Flask-Limiter: measured on the same endpoint (bench/limiter.py, the
figures in docs/DECISIONS.md) it costs more CPU per request, and with Redis a
round trip per request. Here the counters are
kept in process and, with Redis, folded into shared Redis counters by RedisSync
in one pipeline per sync interval, so the hottest path makes no round trip.

Sign-ins are counted exactly instead (``exact=True``): one Redis round trip per
attempt, or this process's locked counters without Redis, because a login
burst must not get through by the interval's overshoot, and logins are rare.

Who is limited (an IP, an e-mail) goes into counter names only as a keyed
BLAKE2b (``hashed_key``): Redis never holds a raw client address or e-mail.
"""
from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections.abc import Sequence
from typing import NamedTuple

from flask import current_app, request

from ..errors import ApiError

EXTENSION = "touchpoint.counters"
EXACT_EXTENSION = "touchpoint.exact_counters"
KEY_EXTENSION = "touchpoint.ratelimit_key"
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
LIMIT_RE = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(second|minute|hour|day)s?\s*$")


class Limit(NamedTuple):
    amount: int
    seconds: int


class Rule(NamedTuple):
    scope: str  # what is limited: "read", "write", "site", "login"
    key: str  # who is limited: a hashed IP or e-mail (hashed_key), or a site key
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
        from .redis_sync import RedisCounters

        memory = MemoryCounters()
        app.extensions[EXTENSION] = shared_redis.sync if shared_redis else memory
        app.extensions[EXACT_EXTENSION] = (RedisCounters(shared_redis.guarded, app.config["REDIS_PREFIX"], memory)
                                           if shared_redis else memory)
        # a key of its own derived from SECRET_KEY, so a counter name reveals nothing without the secret
        app.extensions[KEY_EXTENSION] = hashlib.blake2b(app.config["SECRET_KEY"].encode(), digest_size=32,
                                                        person=b"tp-ratelimit-key").digest()

    @staticmethod
    def counters_of(app):
        """An app's counters: MemoryCounters, or the RedisSync that shares them."""
        return app.extensions[EXTENSION]

    def hit(self, rules: Sequence[Rule], exact: bool = False) -> None:
        """Count one request against every rule; raise a 429 ApiError with Retry-After when one is over.

        ``exact`` counts with one Redis round trip per call (or the locked in-process
        counters without Redis) instead of the interval sync, for rare requests that
        must never overshoot: sign-ins.
        """
        app = current_app._get_current_object()  # once: each use of the proxy looks the app up again
        if not app.config["RATELIMIT_ENABLED"]:
            return
        now = time.time()
        windows = [window(rule, now) for rule in rules]
        counters = app.extensions[EXACT_EXTENSION if exact else EXTENSION]
        counts = counters.incr(windows, now)
        for index, rule in enumerate(rules):
            if counts[index] > rule.limit.amount:
                # a refused request spends nothing of the later rules: one abusive IP,
                # stopped by its own limit, cannot use up the site's shared budget
                counters.decr(windows[index + 1:])
                raise ApiError(429, f"Too many requests: at most {rule.limit.amount} per {rule.limit.seconds} s "
                                    f"for this {who_is_limited(rule.scope)}; retry later.",
                               retry_after=max(1, int(windows[index][1] - now + 0.999)))



def who_is_limited(scope: str) -> str:
    """How a 429 names what ran out: this site's budget, this account's or this client's."""
    if scope.startswith("site"):
        return "site"
    return "account" if scope.endswith("account") else "client"


def hashed_key(value: str) -> str:
    """A keyed BLAKE2b of an IP or e-mail for counter names (see docs/DECISIONS.md)."""
    return keyed_hash(current_app.extensions[KEY_EXTENSION], value)


def keyed_hash(key: bytes, value: str) -> str:
    """The keyed hash of ``value`` under ``key``: hashed_key, with the app's key given."""
    return hashlib.blake2b(value.encode(), key=key, digest_size=12).hexdigest()


def client_ip() -> str:
    """The client's address (behind TRUSTED_PROXIES proxies, ProxyFix has already resolved it)."""
    return request.remote_addr or "-"


def public_rules(kind: str, site_key: str, ip: str | None = None) -> tuple[Rule, Rule]:
    """The per-IP rule first, then the site's shared budget, for a public read or write."""
    app = current_app._get_current_object()
    config = app.config
    return _public_rules(app.extensions[KEY_EXTENSION], kind, config["RATELIMIT_PUBLIC_READ" if kind == "read" else
                                                                     "RATELIMIT_PUBLIC_WRITE"],
                         config["RATELIMIT_PER_SITE"], ip or client_ip(), site_key[:32])


@functools.lru_cache(maxsize=65536)  # a visitor's page views come from one address: most lookups hit
def _public_rules(secret: bytes, kind: str, per_ip: str, per_site: str, ip: str, site_key: str) -> tuple[Rule, Rule]:
    """A public request's two rules, made once per client, site and setting, and looked up after that."""
    return (Rule(kind, keyed_hash(secret, ip), parse_limit(per_ip)),
            Rule(f"site-{kind}", site_key, parse_limit(per_site)))


def login_ip_rule() -> Rule:
    """Sign-in attempts per client IP (RATELIMIT_LOGIN): slows one machine guessing many accounts."""
    return Rule("login", hashed_key(client_ip()), parse_limit(current_app.config["RATELIMIT_LOGIN"]))


def login_account_rule(email: str) -> Rule:
    """Sign-in attempts per account, whatever the IP (RATELIMIT_LOGIN_ACCOUNT): slows many machines guessing one.

    ``email`` must be normalised already; unknown addresses are limited the same
    way, so a 429 does not tell whether an account exists.
    """
    return Rule("login-account", hashed_key(email), parse_limit(current_app.config["RATELIMIT_LOGIN_ACCOUNT"]))
