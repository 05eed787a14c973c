"""Which page origins may talk to a site's public API."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from ..errors import ApiError

# Second-level labels that registries sell names under (shop.co.uk, shop.com.au): with a two-letter
# country code after them they are a public suffix, not an owner's domain.
REGISTRY_LABELS = frozenset({"ac", "co", "com", "edu", "go", "gob", "gov", "ltd", "me", "mil", "ne", "net", "nic",
                             "or", "org", "plc", "sch"})
# Suffixes shared by many unrelated owners that the rule above misses (from the Public Suffix List;
# no network here, so a short built-in list of the common ones).
SHARED_SUFFIXES = frozenset({
    "github.io", "gitlab.io", "herokuapp.com", "vercel.app", "netlify.app", "pages.dev", "workers.dev", "web.app",
    "firebaseapp.com", "appspot.com", "azurewebsites.net", "cloudfront.net", "blogspot.com", "wordpress.com",
    "myshopify.com", "squarespace.com", "wixsite.com", "fly.dev", "onrender.com", "amazonaws.com", "ngrok.io",
    "ngrok-free.app", "glitch.me", "repl.co", "surge.sh", "now.sh", "uk.com", "us.com", "eu.com", "gb.net",
})


def is_public_suffix(name: str) -> bool:
    """True for a name under which unrelated owners register domains: com, co.uk, github.io."""
    labels = name.split(".")
    if len(labels) == 1 or name in SHARED_SUFFIXES:
        return True
    return len(labels) == 2 and labels[0] in REGISTRY_LABELS and len(labels[1]) == 2


def too_broad(pattern: str) -> bool:
    """True for a wildcard that would allow every site under a public suffix (*.com, *.co.uk, *)."""
    return pattern == "*" or (pattern.startswith("*.") and is_public_suffix(pattern[2:]))


def normalise_domain(entry: str) -> str:
    """Reduce what an owner typed ("https://Shop.example/path") to a lower-case host pattern."""
    entry = entry.strip().lower()
    if "://" in entry:
        entry = urlsplit(entry).hostname or ""
    return entry.split("/", 1)[0].split(":", 1)[0].rstrip(".")


def host_allowed(host: str, allowed_domains: list[str]) -> bool:
    """True when ``host`` matches an allowed domain.

    ``shop.example`` allows itself and ``www.shop.example`` (the usual surprise);
    ``*.shop.example`` allows the apex and every subdomain.
    """
    host = host.lower().rstrip(".")
    for entry in allowed_domains:
        pattern = normalise_domain(entry)
        if not pattern or too_broad(pattern):  # one saved before the schema refused it allows nothing
            continue
        if pattern.startswith("*."):
            apex = pattern[2:]
            if host == apex or host.endswith("." + apex):
                return True
        elif host in (pattern, "www." + pattern):
            return True
    return False


@lru_cache(maxsize=4096)
def origin_allowed(origin: str | None, allowed_domains: tuple[str, ...]) -> bool:
    """True when an ``Origin`` header value is an http(s) origin on an allowed domain (cached: hot path)."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and host_allowed(host, allowed_domains)


def require_origin(origin: str | None, allowed_domains, required: bool) -> None:
    """Refuse a browser request from a page outside the site's allowed domains (403 naming Origin).

    ``required`` is set for writes: every browser sends Origin on a POST, so a
    missing one means a script that is not the widget.
    """
    if origin is None and not required:
        return
    if origin is None:
        raise ApiError(403, "An Origin header is required.", {"Origin": ["Missing."]}, code="origin_required")
    if not origin_allowed(origin, tuple(allowed_domains)):
        raise ApiError(403, f"Origin {origin[:200]} is not an allowed domain of this site; add it in the site's "
                            "Settings, under Allowed domains.",
                       {"Origin": [f"{origin[:200]} is not allowed for this site."]}, code="origin_not_allowed")
