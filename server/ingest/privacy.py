"""IP addresses are never stored raw: truncated, hashed with a daily salt, or dropped (the site's ip_mode)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress


def truncate_ip(ip: str) -> str:
    """Zero the host part: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def hash_ip(ip: str, secret: str, day: dt.date) -> str:
    """HMAC of the IP keyed by the secret and the day, so hashes cannot link visitors across days."""
    salt = hmac.new(secret.encode(), day.isoformat().encode(), hashlib.sha256).digest()
    return "h:" + hmac.new(salt, ip.encode(), hashlib.sha256).hexdigest()[:32]


def mask_ip(ip: str | None, mode: str, secret: str, day: dt.date) -> str:
    """The form of ``ip`` a site's privacy setting allows us to store."""
    if not ip or mode == "none":
        return ""
    if mode == "hash":
        return hash_ip(ip, secret, day)
    return truncate_ip(ip)
