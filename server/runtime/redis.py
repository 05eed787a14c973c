"""The shared Redis connection, with a short circuit breaker so an outage costs no latency."""
from __future__ import annotations

import logging
import time
from typing import NamedTuple

import redis

from .redis_sync import RedisSync

log = logging.getLogger(__name__)
EXTENSION = "touchpoint.redis"


class GuardedRedis:
    """Wraps a Redis client: a failure opens the breaker for a few seconds, callers fall back."""

    def __init__(self, url: str, open_seconds: float = 2.0):
        self.client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25,
                                           health_check_interval=15)
        self.open_seconds = open_seconds
        self._open_until = 0.0

    @property
    def available(self) -> bool:
        """False while the breaker is open after a recent failure."""
        return time.monotonic() >= self._open_until

    def call(self, fn, default=None):
        """Run ``fn(client)``; on a Redis error open the breaker and return ``default``."""
        if not self.available:
            return default
        try:
            return fn(self.client)
        except (redis.RedisError, OSError) as exc:
            log.warning("redis unavailable, falling back: %s", exc)
            self._open_until = time.monotonic() + self.open_seconds
            return default


class SharedRedis(NamedTuple):
    """Redis as the app shares it: the guarded client and the sync of counters and watched values."""

    guarded: GuardedRedis
    sync: RedisSync


class RedisConnection:
    """The optional shared Redis, bound with init_app: a SharedRedis when REDIS_URL is set, else None."""

    def init_app(self, app) -> None:
        shared = None
        if app.config.get("REDIS_URL"):
            guarded = GuardedRedis(app.config["REDIS_URL"])
            shared = SharedRedis(guarded, RedisSync(guarded, app.config["REDIS_PREFIX"],
                                                    app.config["REDIS_SYNC_SECONDS"]))
        app.extensions[EXTENSION] = shared

    @staticmethod
    def of(app) -> SharedRedis | None:
        """The app's shared Redis, or None in the embedded default."""
        return app.extensions[EXTENSION]
