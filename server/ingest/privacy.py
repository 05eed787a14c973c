"""IP addresses are never stored raw: truncated, hashed with a daily salt, or dropped (the site's ip_mode)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress

from ..extensions import ip_salts


def truncate_ip(ip: str) -> str:
    """Zero the host part: /24 for IPv4, /48 for IPv6."""
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


def mask_ip(ip: str | None, mode: str, secret: str, day: dt.date) -> str:
    """The form of ``ip`` a site's privacy setting allows us to store; hashing needs an app context (the salt)."""
    if not ip or mode == "none":
        return ""
    if mode == "hash":
        return hash_ip(ip, secret, day, ip_salts.current.of_day(day))
    return truncate_ip(ip)
