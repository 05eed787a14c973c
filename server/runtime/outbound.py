"""Requests the server makes to URLs admins typed (webhook deliveries, installation checks): one path.

Each goes to the address the SSRF guard checked, follows no redirect, waits a
bounded time and reads a bounded reply. urllib3 does the HTTP. The connection
goes to the checked IP address while the Host header, TLS SNI and certificate
check use the URL's host name, so a second DNS answer can never redirect the
request (ssrf.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3

from .ssrf import UnsafeAddress, resolve_public

EXCERPT_BYTES = 1024  # what a webhook attempt keeps of the receiver's reply


@dataclass
class Outcome:
    """What one attempt got back: a status (None when no HTTP answer came), the wait and why it failed."""

    status_code: int | None
    latency_ms: int
    excerpt: str = ""  # the start of the reply's body, decoded as UTF-8
    error: str = ""
    retry_after: str | None = None
    content_type: str = ""
    location: str | None = None  # a redirect's target, never followed here

    @property
    def ok(self) -> bool:
        """A 2xx: the receiver took the event. Anything else (3xx included) is a failure."""
        return self.status_code is not None and 200 <= self.status_code < 300


def pool_for(scheme: str, address: str, port: int, host: str, timeout: float):
    """A one-connection pool to ``address`` that speaks TLS for ``host`` (SNI and certificate) on https."""
    options = dict(maxsize=1, retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout, total=timeout))
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(address, port, server_hostname=host, assert_hostname=host,
                                           cert_reqs="CERT_REQUIRED", **options)
    return urllib3.HTTPConnectionPool(address, port, **options)


def host_header(host: str, port: int, scheme: str) -> str:
    """The Host header for a URL's host and port (the default port left out, IPv6 in brackets)."""
    name = f"[{host}]" if ":" in host else host
    return name if port == (443 if scheme == "https" else 80) else f"{name}:{port}"


def post(url: str, body: bytes, headers: dict[str, str], timeout: float, allow_private: bool) -> Outcome:
    """POST ``body`` to ``url`` once (a webhook delivery); never raises for a network or address problem."""
    return send("POST", url, body, headers, timeout, allow_private, EXCERPT_BYTES)


def send(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float, allow_private: bool,
         read_bytes: int) -> Outcome:
    """One request to ``url``, reading at most ``read_bytes`` of the reply; problems are in the Outcome."""
    started = time.monotonic()
    elapsed = lambda: int((time.monotonic() - started) * 1000)
    try:
        addresses = resolve_public(url, allow_private)
    except UnsafeAddress as exc:
        return Outcome(None, elapsed(), error=str(exc))
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {**headers, "host": host_header(parts.hostname, port, parts.scheme)}
    error = ""
    for address in addresses:  # the next checked address only when this one cannot be reached
        pool = pool_for(parts.scheme, address, port, parts.hostname, timeout)
        try:
            response = pool.urlopen(method, target, body=body, headers=headers, redirect=False, retries=False,
                                    preload_content=False, assert_same_host=False)
            try:
                excerpt = response.read(read_bytes).decode("utf-8", "replace")
            except urllib3.exceptions.HTTPError:
                excerpt = ""
            response.release_conn()
            return Outcome(response.status, elapsed(), excerpt, "", response.headers.get("Retry-After"),
                           response.headers.get("Content-Type", ""), response.headers.get("Location"))
        except urllib3.exceptions.NewConnectionError as exc:
            error = f"Cannot connect to {address}: {exc.__class__.__name__}"
        except urllib3.exceptions.HTTPError as exc:
            return Outcome(None, elapsed(), error=f"{exc.__class__.__name__}: {exc}"[:500])
        finally:
            pool.close()
    return Outcome(None, elapsed(), error=error)
