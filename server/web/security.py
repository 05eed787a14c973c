"""Security headers of the pages we serve (CSP, framing, a stricter referrer policy), and the CSP nonce their
templates use. What every answer carries (nosniff, the default referrer policy) is added at the edge: web/headers.py."""
from __future__ import annotations

import secrets

from flask import g, request

PAGE_CSP = {
    "pages.demo": "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
                  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    # the site's brand colour comes in one nonced <style>; still no script at all
    "pages.recovery": "default-src 'none'; style-src 'self' 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'; "
                      "base-uri 'none'",
    # a survey link: the page's renderer, its JSON (a data block, never run) and the brand colour in one nonced
    # <style>; the widget's shadow root adopts constructed stylesheets, which style-src does not restrict
    "pages.survey_link": "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
                         "connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    # the webhook log shows bodies anyone may post: no script at all, like the recovery page
    "demo_hooks.webhook_log": "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
}
# The admin panel: no inline script or style at all; only the builder may frame the preview page.
ADMIN_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
             "connect-src 'self'; frame-ancestors {ancestors}; base-uri 'none'; form-action 'self'")
PAGE_CSP.update({"admin_files.index": ADMIN_CSP.format(ancestors="'none'"),
                 "admin_files.asset": ADMIN_CSP.format(ancestors="'none'"),
                 "admin_files.preview": ADMIN_CSP.format(ancestors="'self'")})
PAGE_FRAME_OPTIONS = {"admin_files.preview": "SAMEORIGIN"}
# The recovery URL holds the response id: keep it out of Referer headers.
PAGE_REFERRER = {"pages.recovery": "no-referrer", "pages.survey_link": "no-referrer"}


def csp_nonce() -> str:
    """A per-request nonce for the one inline script a page may carry (the snippet's queue stub)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def add_page_headers(response):
    """after_request of the blueprints that serve pages: an HTML page gets its CSP, framing and referrer policy."""
    endpoint = request.endpoint or ""
    if endpoint in PAGE_CSP:
        response.headers["Content-Security-Policy"] = PAGE_CSP[endpoint].format(nonce=csp_nonce())
        response.headers["X-Frame-Options"] = PAGE_FRAME_OPTIONS.get(endpoint, "DENY")
    if endpoint in PAGE_REFERRER:
        response.headers["Referrer-Policy"] = PAGE_REFERRER[endpoint]
    return response
