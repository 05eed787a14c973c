"""Cache of the public site config, in Redis when configured and in process otherwise.

Each site has a version number; an entry is only served while it was built
under the current version, so an invalidation is never undone by a request
that read the database just before it. Entries also expire after
CONFIG_CACHE_TTL seconds, which bounds staleness if an invalidation is lost
(for instance while Redis is down).
"""
from __future__ import annotations

import threading
import time
from typing import NamedTuple

DEVICE_CLASSES = ("desktop", "tablet", "mobile", "bot")


class CachedConfig(NamedTuple):
    status: int  # 200, or 404 for an unknown site
    etag: str
    domains: tuple[str, ...]  # the site's allowed domains, for the Origin check
    body: bytes

    def pack(self, version: int) -> bytes:
        """Serialise as ``version\\nstatus\\netag\\ndomains\\nbody`` (domains never hold a newline)."""
        domains = "\t".join(self.domains).encode()
        return b"%d\n%d\n%s\n%s\n%s" % (version, self.status, self.etag.encode(), domains, self.body)

    @classmethod
    def unpack(cls, raw: bytes) -> tuple[int, CachedConfig]:
        """The inverse of pack(): (version, entry)."""
        version, status, etag, domains, body = raw.split(b"\n", 4)
        return int(version), cls(int(status), etag.decode(), tuple(filter(None, domains.decode().split("\t"))), body)


class MemoryConfigCache:
    """Per-process cache: exact for the embedded single-process default."""

    def __init__(self, ttl: int):
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], tuple[float, CachedConfig]] = {}
        self._versions: dict[str, int] = {}

    def version(self, site_key: str) -> int:
        return self._versions.get(site_key, 0)

    def get(self, site_key: str, device: str) -> tuple[int, CachedConfig | None]:
        """(current version, entry or None)."""
        hit = self._entries.get((site_key, device))
        version = self._versions.get(site_key, 0)
        if hit and hit[0] > time.monotonic():
            return version, hit[1]
        return version, None

    def set(self, site_key: str, device: str, version: int, entry: CachedConfig) -> None:
        with self._lock:
            if self._versions.get(site_key, 0) == version:
                self._entries[(site_key, device)] = (time.monotonic() + self.ttl, entry)

    def invalidate(self, site_key: str) -> None:
        with self._lock:
            self._versions[site_key] = self._versions.get(site_key, 0) + 1
            for device in DEVICE_CLASSES:
                self._entries.pop((site_key, device), None)


class RedisConfigCache:
    """Shared cache for several workers and instances; one round trip per hit."""

    def __init__(self, guarded, ttl: int, prefix: str = "tp:"):
        self.redis, self.ttl, self.prefix = guarded, ttl, prefix

    def _keys(self, site_key: str, device: str) -> tuple[str, str]:
        return f"{self.prefix}cfgver:{site_key}", f"{self.prefix}cfg:{site_key}:{device}"

    def get(self, site_key: str, device: str) -> tuple[int | None, CachedConfig | None]:
        """(current version or None when Redis is down, entry or None)."""
        raw = self.redis.call(lambda r: r.mget(self._keys(site_key, device)))
        if raw is None:
            return None, None
        version = int(raw[0] or 0)
        if raw[1] is None:
            return version, None
        entry_version, entry = CachedConfig.unpack(raw[1])
        return version, (entry if entry_version == version else None)

    def set(self, site_key: str, device: str, version: int | None, entry: CachedConfig) -> None:
        if version is None:
            return
        self.redis.call(lambda r: r.set(self._keys(site_key, device)[1], entry.pack(version), ex=self.ttl))

    def invalidate(self, site_key: str) -> None:
        ver_key = self._keys(site_key, "")[0]
        entry_keys = [self._keys(site_key, device)[1] for device in DEVICE_CLASSES]

        def bump(r):
            pipe = r.pipeline()
            pipe.incr(ver_key)
            pipe.expire(ver_key, 30 * 86400)
            pipe.delete(*entry_keys)
            return pipe.execute()
        self.redis.call(bump)
