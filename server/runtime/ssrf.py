"""Where a server-side request may go: a URL's host resolved once, and refused when it is not a public address.

Generic on purpose: webhook delivery uses it, and so will any other request
the server makes to an address an admin typed (an installation check). The
caller connects to the address returned, never to a second resolution of the
name, so a DNS answer that changes between the check and the connection (DNS
rebinding) cannot steer the request inside.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

# cloud metadata services: also link-local or private, named here so the refusal says what they are
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
            ipaddress.ip_address("100.100.100.200")}
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class UnsafeAddress(ValueError):
    """The URL cannot be requested: it does not resolve, or resolves to an address that is not public."""


def refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a server-side request must not go to this address, or None when it is a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for reason, test in (("a cloud metadata", address in METADATA), ("a loopback", address.is_loopback),
                         ("a link-local", address.is_link_local), ("an unspecified", address.is_unspecified),
                         ("a multicast", address.is_multicast), ("a private", address.is_private),
                         ("a reserved", address.is_reserved), ("a non-global", not address.is_global)):
        if test:
            return f"{reason} address"
    return None


def resolve_public(url: str, allow_private: bool = False) -> list[str]:
    """The addresses of the URL's host, every one checked; raises UnsafeAddress when one is not public.

    Refusing when any address is private (not only the first) keeps a name that
    answers both a public and an internal address from reaching the internal one.
    """
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise UnsafeAddress("The URL has no host.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeAddress(f"{host} does not resolve ({exc}).") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private:
        for text in addresses:
            reason = refusal(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason:
                raise UnsafeAddress(f"{host} resolves to {text}, {reason}; private addresses are not allowed.")
    return addresses


def endpoint_url_error(url: str, allow_private: bool = False) -> str | None:
    """Why a URL cannot be saved as a webhook endpoint, or None (no DNS look-up: the check at delivery does that).

    https is required; plain http only for localhost, and only where private
    addresses are allowed (development). An IP literal is checked here already.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Not a valid URL."
    del port  # parsed only to refuse a malformed port now rather than at delivery
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use an https:// URL."
    if parts.username or parts.password:
        return "Leave credentials out of the URL; the signature authenticates us."
    if parts.scheme == "http" and not (allow_private and parts.hostname in LOCAL_NAMES):
        return "Use https:// (plain http is allowed only for localhost in development)."
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None
    reason = refusal(literal)
    if reason and not allow_private:
        return f"{parts.hostname} is {reason}; private addresses are not allowed."
    return None
