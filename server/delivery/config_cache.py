"""Cache of the public site config, in Redis when configured and in process otherwise.

A site has one entry: its config is the same bytes for every visitor. Each
site has a version number; an entry is only served while it was built under
the current version, so an invalidation is never undone by a request
that read the database just before it. Entries also expire after
CONFIG_CACHE_TTL seconds, which bounds staleness if an invalidation is lost
(for instance while Redis is down).

In Redis a version never repeats: a bump is at least Redis's clock in
microseconds, so a flush (or the version key expiring) cannot make the counter
climb back to a value that an old entry or survey view was cached under.
"""
from __future__ import annotations

import gzip
import threading
import time
from typing import NamedTuple

from flask import current_app

EXTENSION = "touchpoint.config_cache"
VERSION_KEY_SECONDS = 30 * 86400  # a site nobody edits for this long loses its key (and reads as version 0)

# KEYS: the version, the shared entry. ARGV[1]: the version key's lifetime. Returns the new version:
# one more than the last, and never below the server's clock in microseconds, so that versions
# handed out after a flush or an expiry are new. The clock is read as strings, because Lua 5.1
# would print a number of 16 digits as 1.7e+15.
BUMP = """
local clock = redis.call('TIME')
local floor = clock[1] .. string.format('%06d', tonumber(clock[2]))
local version = redis.call('INCR', KEYS[1])
if version < tonumber(floor) then
  redis.call('SET', KEYS[1], floor)
  version = tonumber(floor)
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return version
"""


class CachedConfig(NamedTuple):
    status: int  # 200, or 404 for an unknown site (its body is the empty config, served with a 200)
    etag: str
    domains: tuple[str, ...]  # the site's allowed domains, for the Origin check
    body: bytes
    gzipped: bytes  # the body gzip-compressed once, for clients that accept it (not stored in Redis)

    @classmethod
    def of(cls, status: int, etag: str, domains: tuple[str, ...], body: bytes) -> CachedConfig:
        """An entry with its compressed body made now, once per entry and process (about a third of the bytes)."""
        return cls(status, etag, domains, body, gzip.compress(body, compresslevel=6, mtime=0))

    def pack(self, version: int) -> bytes:
        """Serialise as ``version\\nstatus\\netag\\ndomains\\nbody`` (domains never hold a newline)."""
        domains = "\t".join(self.domains).encode()
        return b"%d\n%d\n%s\n%s\n%s" % (version, self.status, self.etag.encode(), domains, self.body)

    @classmethod
    def unpack(cls, raw: bytes) -> tuple[int, CachedConfig]:
        """The inverse of pack(): (version, entry)."""
        version, status, etag, domains, body = raw.split(b"\n", 4)
        return int(version), cls.of(int(status), etag.decode(), tuple(filter(None, domains.decode().split("\t"))), body)


class MemoryConfigCache:
    """Per-process cache: exact for the embedded single-process default."""

    def __init__(self, ttl: int):
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, CachedConfig]] = {}
        self._versions: dict[str, int] = {}

    def version(self, site_key: str) -> int:
        """The site's current version: it changes whenever the site or one of its surveys does."""
        return self._versions.get(site_key, 0)

    def get(self, site_key: str) -> tuple[int, CachedConfig | None]:
        """(current version, entry or None)."""
        hit = self._entries.get(site_key)
        version = self._versions.get(site_key, 0)
        if hit and hit[0] > time.monotonic():
            return version, hit[1]
        return version, None

    def set(self, site_key: str, version: int, entry: CachedConfig) -> None:
        """Keep an entry built under ``version``, unless the site changed meanwhile."""
        with self._lock:
            if len(self._entries) > 20_000:  # unknown keys are cached too: keep the table bounded
                self._entries.clear()
            if self._versions.get(site_key, 0) == version:
                self._entries[site_key] = (time.monotonic() + self.ttl, entry)

    def invalidate(self, site_key: str) -> None:
        """Drop the site's entry and bump its version."""
        with self._lock:
            self._versions[site_key] = self._versions.get(site_key, 0) + 1
            self._entries.pop(site_key, None)


class RedisConfigCache:
    """Shared cache for several workers and instances, with a local copy of each entry.

    Each site has a version in Redis, re-read by RedisSync at most every sync
    interval; a local copy is served while its version is current, so neither
    the version nor the body costs a round trip on the hot path. The instance
    that makes a change sees it at once; others within one sync interval. While
    Redis is down, local copies younger than OUTAGE_TTL seconds are served and
    older ones are rebuilt from the database.
    """

    OUTAGE_TTL = 5.0

    def __init__(self, guarded, sync, ttl: int, prefix: str = "tp:"):
        self.redis, self.sync, self.ttl, self.prefix = guarded, sync, ttl, prefix
        self._local: dict[str, tuple[int | None, float, CachedConfig]] = {}
        self._bump = guarded.client.register_script(BUMP)  # no round trip: EVALSHA, loaded on first use

    @staticmethod
    def version_key(site_key: str) -> str:
        return f"cfgver:{site_key}"

    def _entry_key(self, site_key: str) -> str:
        return f"{self.prefix}cfg:{site_key}"

    def version(self, site_key: str) -> int | None:
        """The site's version as of the last sync, or None while Redis is down."""
        raw = self.sync.read(self.version_key(site_key), time.time())
        return int(raw or 0) if self.redis.available else None

    def get(self, site_key: str) -> tuple[int | None, CachedConfig | None]:
        """(current version or None when Redis is down, entry or None)."""
        now = time.monotonic()
        raw_version = self.sync.read(self.version_key(site_key), time.time())
        local = self._local.get(site_key)
        if not self.redis.available:
            if local and now - local[1] < self.OUTAGE_TTL:
                return None, local[2]
            return None, None
        version = int(raw_version or 0)
        if local and local[0] == version and now < local[1] + self.ttl:
            return version, local[2]
        raw = self.redis.call(lambda r: r.get(self._entry_key(site_key)))
        if raw is not None:
            entry_version, entry = CachedConfig.unpack(raw)
            if entry_version == version:
                self._remember(site_key, version, entry)
                return version, entry
        return version, None

    def _remember(self, site_key: str, version: int | None, entry: CachedConfig) -> None:
        if len(self._local) > 20_000:
            self._local.clear()
        self._local[site_key] = (version, time.monotonic(), entry)

    def set(self, site_key: str, version: int | None, entry: CachedConfig) -> None:
        """Keep an entry built under ``version`` here and, unless Redis is down, for every instance."""
        self._remember(site_key, version, entry)
        if version is not None:
            self.redis.call(lambda r: r.set(self._entry_key(site_key), entry.pack(version), ex=self.ttl))

    def invalidate(self, site_key: str) -> None:
        """Drop the site's entry everywhere: bump its version in Redis (others see it at their next sync)."""
        self._local.pop(site_key, None)
        keys = [self.prefix + self.version_key(site_key), self._entry_key(site_key)]
        version = self.redis.call(lambda r: self._bump(keys=keys, args=[VERSION_KEY_SECONDS], client=r))
        if version is not None:
            self.sync.learned(self.version_key(site_key), str(version).encode())


class ConfigCache:
    """The config cache as an extension: bound with init_app to a Redis or an in-process backend."""

    def init_app(self, app, shared_redis=None) -> None:
        ttl = app.config["CONFIG_CACHE_TTL"]
        app.extensions[EXTENSION] = (RedisConfigCache(shared_redis.guarded, shared_redis.sync, ttl,
                                                      prefix=app.config["REDIS_PREFIX"])
                                     if shared_redis else MemoryConfigCache(ttl))

    @property
    def backend(self) -> MemoryConfigCache | RedisConfigCache:
        return current_app.extensions[EXTENSION]

    def version(self, site_key: str) -> int | None:
        """The site's current version (None while Redis is down)."""
        return self.backend.version(site_key)

    def get(self, site_key: str) -> tuple[int | None, CachedConfig | None]:
        """(current version, the entry built under it or None)."""
        return self.backend.get(site_key)

    def set(self, site_key: str, version: int | None, entry: CachedConfig) -> None:
        """Keep an entry built under ``version``."""
        self.backend.set(site_key, version, entry)

    def invalidate(self, site_key: str) -> None:
        """Drop the site's entry everywhere, at once: call after any site or survey change."""
        self.backend.invalidate(site_key)
