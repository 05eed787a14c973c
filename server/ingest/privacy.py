"""IP addresses are never stored raw: truncated, hashed with a daily salt, or dropped (the site's ip_mode)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import socket
import uuid

from ..extensions import ip_salts


def truncate_ip(ip: str) -> str:
    """Zero the host part: /24 for IPv4, /48 for IPv6.

    The C socket functions parse and print the address (a few µs less per answer
    than ipaddress); what they refuse, such as a scoped IPv6 address, goes through
    ipaddress, which also accepts it.
    """
    for family, kept in ((socket.AF_INET, 3), (socket.AF_INET6, 6)):
        try:
            packed = socket.inet_pton(family, ip)
        except (OSError, ValueError):
            continue
        return socket.inet_ntop(family, packed[:kept] + bytes(len(packed) - kept))
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def hash_ip(ip: str, secret: str, day: dt.date, salt: str) -> str:
    """HMAC of the IP keyed by the secret, the day and the day's random salt (ingest/ip_salts.py).

    The day links one visitor's answers within a day only; the salt, deleted two days on, makes the
    hash irreversible even to a holder of the secret; the secret keeps a leaked salt table alone useless.
    """
    key = hmac.new(secret.encode(), f"{day.isoformat()}:{salt}".encode(), hashlib.sha256).digest()
    return "h:" + hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def visitor_key(visitor: uuid.UUID | None, site_id: int, secret: str, linked: bool) -> str | None:
    """The pseudonymous key of the browser that answered, stored so a returning customer is known (the case
    inbox's recovery rate); None when the widget sent no id or the site turned linking off.

    The widget keeps a random id per browser in its own localStorage (it also
    samples with it). What is stored is an HMAC keyed by the secret and the site:
    the id itself never reaches the database, and one browser's keys on two sites
    cannot be matched.
    """
    if visitor is None or not linked:
        return None
    key = hmac.new(secret.encode(), f"visitor:{site_id}".encode(), hashlib.sha256).digest()
    return hmac.new(key, visitor.bytes, hashlib.sha256).hexdigest()[:32]


def mask_ip(ip: str | None, mode: str, secret: str, day: dt.date) -> str:
    """The form of ``ip`` a site's privacy setting allows us to store; hashing needs an app context (the salt)."""
    if not ip or mode == "none":
        return ""
    if mode == "hash":
        return hash_ip(ip, secret, day, ip_salts.current.of_day(day))
    return truncate_ip(ip)
