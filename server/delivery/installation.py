"""Is the snippet on a page? The server fetches a URL an admin gives and reads its HTML for the site key.

The fetch goes through the same guarded path as webhook deliveries
(runtime/outbound.py): every hop's address is checked by the SSRF guard, so an
admin cannot make the server read an internal address unless private
addresses are allowed (WEBHOOKS_ALLOW_PRIVATE). Up to three redirects are
followed, each checked again. Reading is pure: :func:`find_snippets` takes HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..runtime.outbound import send
from .origins import host_allowed

MAX_HTML = 1024 * 1024  # bytes of a page read: the snippet belongs in <head>
MAX_REDIRECTS = 3
HEADERS = {"user-agent": "Touchpoint-InstallCheck/1 (+snippet check requested by the site owner)",
           "accept": "text/html,application/xhtml+xml"}
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
WIDGET_SRC = re.compile(r"/widget(?:\.[0-9a-f]{6,64})?\.js(?:[?#]|$)")
# touchpoint('init', { site: 'KEY', host: … }): the GTM tag and other loaders that re-create the script
INIT_CALL = re.compile(r"""touchpoint\(\s*['"]init['"]\s*,\s*\{[^}]*?\bsite\s*:\s*['"]([^'"]+)['"]""")
# a Shopify storefront names its store's own address in every page: Shopify.shop = "name.myshopify.com";
SHOPIFY_SHOP = re.compile(r"""Shopify\.shop\s*=\s*['"]([a-z0-9][a-z0-9-]*\.myshopify\.com)['"]""", re.I)


@dataclass
class Found:
    """What a page's HTML holds: the site keys its snippets name and the widget URLs it loads."""

    keys: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    shopify_address: str | None = None  # the store's *.myshopify.com address, on a Shopify storefront


def find_snippets(html: str) -> Found:
    """The site keys and widget script URLs in a page (script tags with data-site, and init calls)."""
    found = Found()
    for tag in SCRIPT_TAG.findall(html):
        attributes = {name.lower(): "".join(values) for name, *values in ATTRIBUTE.findall(tag)}  # one group matched
        src = attributes.get("src", "")
        if WIDGET_SRC.search(src):
            found.sources.append(src)
            if attributes.get("data-site"):
                found.keys.append(attributes["data-site"])
    found.keys += INIT_CALL.findall(html)
    found.keys = list(dict.fromkeys(found.keys))
    shop = SHOPIFY_SHOP.search(html)
    found.shopify_address = shop.group(1).lower() if shop else None
    return found


def shopify_note(found: Found, host: str, allowed_domains: list[str]) -> str | None:
    """A Shopify store answers on its own domain and on its myshopify.com address: say so when one is not allowed."""
    address = found.shopify_address
    if not address or address == host or host_allowed(address, allowed_domains):
        return None
    return (f"This is a Shopify store: Shopify also serves it at {address} (the theme editor's preview, apps, some "
            "links), where the widget gets no surveys until you add that domain too.")


def verdict(found: Found, site_key: str, url: str, allowed_domains: list[str]) -> dict:
    """The check's answer for a fetched page: ok, or what is wrong and what to do about it."""
    host = urlsplit(url).hostname or ""
    domain_ok = host_allowed(host, allowed_domains)
    domain_note = None if domain_ok else (f"{host} is not an allowed domain of this site, so the widget on it "
                                          "gets no surveys: add it under Allowed domains.")
    if site_key in found.keys:
        status = "ok" if domain_ok else "domain_not_allowed"
        message = "The snippet is on the page with this site's key." if domain_ok else domain_note
    elif found.keys:
        status, message = "wrong_key", (f"The page loads Touchpoint for another site key ({', '.join(found.keys)}); "
                                        f"this site's key is {site_key}.")
    elif found.sources:
        status, message = "no_key", ("The page loads the widget but names no site key: add data-site to its "
                                     "script tag, or a touchpoint('init', {site: …}) call.")
    else:
        status, message = "missing", ("No Touchpoint snippet in the page's HTML. A tag manager or a single-page "
                                      "app may add it later from JavaScript: open the page with "
                                      "?touchpoint_debug=1 and read the browser console to be sure.")
    also_allow = shopify_note(found, host, allowed_domains)
    return {"status": status, "message": " ".join(filter(None, [message, also_allow])), "url": url,
            "keys": found.keys, "widget_sources": found.sources, "domain_allowed": domain_ok,
            "also_allow": found.shopify_address if also_allow else None}


def check_installation(url: str, site_key: str, allowed_domains: list[str], timeout: float,
                       allow_private: bool) -> dict:
    """Fetch a page (following up to three checked redirects) and say whether this site's snippet is on it."""
    for _ in range(MAX_REDIRECTS + 1):
        outcome = send("GET", url, None, dict(HEADERS), timeout, allow_private, MAX_HTML)
        if outcome.status_code in (301, 302, 303, 307, 308) and outcome.location:
            url = urljoin(url, outcome.location)
            if urlsplit(url).scheme not in ("http", "https"):
                break
            continue
        break
    else:
        return failure("too_many_redirects", url, f"The page redirected more than {MAX_REDIRECTS} times.")
    if outcome.status_code is None:
        return failure("unreachable", url, f"The page could not be fetched: {outcome.error}")
    if not 200 <= outcome.status_code < 300:
        return failure("http_error", url, f"The page answered HTTP {outcome.status_code}.")
    return verdict(find_snippets(outcome.excerpt), site_key, url, allowed_domains)


def failure(status: str, url: str, message: str) -> dict:
    return {"status": status, "message": message, "url": url, "keys": [], "widget_sources": [], "domain_allowed": None,
            "also_allow": None}
