"""Widget browser tests: the app on 127.0.0.1, host pages on another origin (localhost), real Chromium.

`tp` bundles what a widget test needs: a site that allows localhost, surveys made from
templates, and host pages (tests/browser/pages/host.html, with hostile global CSS, or any
HTML) served by `HostSite` from a different origin than the app. Every page opened
through `tp` records the widget's DOM events, CSP violations, console messages and page
errors, so that a test can assert on them. The helpers below the fixtures are shared by
the test_widget_* modules and test_snippets.py.
"""
from __future__ import annotations

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from server.catalog.sites import save_site
from server.extensions import db
from server.models import Response, Site
from tests.factories import make_site, make_survey

PAGES = Path(__file__).parent / "pages"
SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"
SHOTS = Path(os.environ.get("WIDGET_SHOTS", "/tmp/widget-shots"))  # screenshots for people to look at
# Playwright's descriptor of an iPhone 13 (the session-wide `browser` fixture does not expose pw.devices)
IPHONE_13 = {"user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 "
                           "(KHTML, like Gecko) Version/15.0 Mobile/15E148 Safari/604.1",
             "viewport": {"width": 390, "height": 664}, "screen": {"width": 390, "height": 844},
             "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# Installed in every page before its own scripts: what the widget tells the page, and CSP violations.
RECORDER = """
window.__tp = [];
for (const n of ['shown', 'answered', 'closed'])
  addEventListener('touchpoint:' + n, e => __tp.push({name: n, at: Date.now(), ...e.detail}));
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => __csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


class HostSite:
    """A web server for host pages on http://localhost:<port>: path → body; "*" answers unknown paths."""

    def __init__(self):
        self.routes: dict[str, tuple[bytes, str, dict]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                body, ctype, headers = routes.get(path) or routes.get("*") or (b"", "text/plain", {"status": 404})
                self.send_response(headers.get("status", 200))
                for name, value in {"Content-Type": ctype, "Content-Length": str(len(body)),
                                    "Cache-Control": "no-store", **headers}.items():
                    if name != "status":
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                """The same answer as GET, the body read and ignored (the Store API's writes in the WordPress test)."""
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_port}"
        self.put("/favicon.ico", b"", "image/x-icon")
        for css in PAGES.glob("*.css"):
            self.put("/" + css.name, css.read_text(), "text/css")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **headers) -> str:
        """Serve body at path (extra response headers as keyword arguments); returns the page's URL."""
        self.routes[path] = (body.encode() if isinstance(body, str) else body, content_type, headers)
        return self.origin + (path if path != "*" else "/")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def fill(template: str, server_url: str, site_key: str, **slots: str) -> str:
    """Replace {{HOST}}, {{SITE_KEY}} and any {{SLOT}} (the keyword upper-cased) in a page template."""
    text = template.replace("{{HOST}}", server_url).replace("{{SITE_KEY}}", site_key)
    for name, value in slots.items():
        text = text.replace("{{" + name.upper() + "}}", value)
    return text


class Touchpoint:
    """One test's world: the app on a live server, a site allowing localhost, host pages, browser contexts."""

    def __init__(self, app, server, host: HostSite, browser):
        self.app, self.server, self.host, self.browser = app, server, host, browser
        self.site_id, self.key = make_site(app)
        self.contexts = []

    def configure_site(self, **settings) -> None:
        """Change site settings (cooldown_days, honor_gpc, honor_dnt…) as the admin would."""
        with self.app.app_context():
            save_site(settings, db.session.get(Site, self.site_id))

    def survey(self, template: str = "nps", **overrides) -> int:
        """An active survey of the site from a template; follow-up off unless asked for."""
        overrides.setdefault("followup", {"enabled": False})
        return make_survey(self.app, self.site_id, template, **overrides)

    def context(self, **options):
        """A fresh browser context (its own localStorage and HTTP cache), closed after the test."""
        context = self.browser.new_context(**{**DESKTOP, **options})
        context.add_init_script(RECORDER)
        self.contexts.append(context)
        return context

    def page_html(self, head: str = "", body: str = "", key: str | None = None, css: str = "hostile") -> str:
        """The host page (pages/host.html) with the snippet for this site, or for another key."""
        return fill((PAGES / "host.html").read_text(), self.server.url, key or self.key, head=head, body=body, css=css)

    def visit(self, url: str, context=None, **context_options):
        """Open url in a new page (of a new context unless one is given), watching its console."""
        page = (context or self.context(**context_options)).new_page()
        watch(page)
        page.goto(url)
        return page

    def open(self, path: str = "/", head: str = "", body: str = "", html: str | None = None,
             headers: dict | None = None, context=None, **context_options):
        """Serve a host page at path (a ?query is kept for the visit) on the other origin and open it."""
        self.host.put(path.split("?")[0], html if html is not None else self.page_html(head, body), **(headers or {}))
        return self.visit(self.host.origin + path, context, **context_options)

    def responses(self) -> list[dict]:
        """Every stored response, oldest first, with its recovery (if any)."""
        with self.app.app_context():
            rows = db.session.execute(select(Response).order_by(Response.id)).scalars().all()
            return [{"uuid": str(r.uuid), "answers": r.answers, "completed": r.completed, "score": r.score,
                     "category": r.category, "trigger": r.trigger,
                     "recovery": r.recovery and {"message": r.recovery.message, "email": r.recovery.email,
                                                 "consent": r.recovery.contact_consent}} for r in rows]

    def wait_responses(self, timeout: float = 10.0) -> list[dict]:
        """Poll the database until a response is stored; returns the responses."""
        return wait_for(self.responses, timeout, "a stored response")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def watch(page) -> None:
    """Collect console messages as (type, text) on page.logs and uncaught errors on page.errors."""
    page.logs, page.errors = [], []
    page.on("console", lambda msg: page.logs.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))


@pytest.fixture
def host_site():
    site = HostSite()
    yield site
    site.close()


@pytest.fixture
def tp(app, live_server, host_site, browser):
    world = Touchpoint(app, live_server, host_site, browser)
    yield world
    world.close()


# ---- helpers shared by the widget tests ---------------------------------------------------------

def popup(page):
    """The survey dialog inside the widget's shadow root (Playwright's CSS engine pierces open roots)."""
    return page.locator("touchpoint-widget [role=dialog]")


def card(page):
    """A survey drawn in the page (a link page, an inline survey): a region named by its question, no dialog."""
    return page.locator("touchpoint-widget [role=region]")


def stored(page) -> dict:
    """The widget's whole state (the one localStorage key)."""
    return page.evaluate("JSON.parse(localStorage.getItem('touchpoint')) || {}")


def armed(page, timeout: float = 10_000) -> int:
    """Wait until the widget has evaluated this page view (it stores the view's time) and armed its triggers.

    Returns that time (ms since the epoch), the reference for trigger delays.
    """
    page.wait_for_function("() => (JSON.parse(localStorage.getItem('touchpoint')) || {}).t >= performance.timeOrigin",
                           timeout=timeout)
    return stored(page)["t"]


def settle(page) -> None:
    """Let pending tasks, timers due now and two frames run: enough for a synchronous trigger to show."""
    page.evaluate("() => new Promise(r => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 50))")


def events(page, name: str | None = None) -> list[dict]:
    """The touchpoint:* events this page has seen (name without the prefix), oldest first."""
    return [e for e in page.evaluate("window.__tp") if name in (None, e["name"])]


def shown_at(page, timeout: float = 10_000) -> int:
    """Wait for the popup; returns when it was shown (ms since the epoch)."""
    popup(page).wait_for(timeout=timeout)
    return events(page, "shown")[0]["at"]


def noise(page) -> list:
    """Console errors and warnings, and uncaught errors, except the browser's own line for a failed request
    ("Failed to load resource: …"), which Chromium prints for any non-2xx or unreachable fetch and no script can
    suppress."""
    logged = [(kind, text) for kind, text in page.logs
              if kind in ("error", "warning") and not text.startswith("Failed to load resource")]
    return logged + page.errors


def assert_not_shown(page, why: str) -> None:
    settle(page)
    assert popup(page).count() == 0 and not events(page, "shown"), why


def wait_until(page, epoch_ms: float) -> None:
    """Wait (in the page's clock) until a moment: for "not before" checks on time thresholds."""
    page.wait_for_function(f"() => Date.now() >= {epoch_ms}", polling=50)


def choose(page, label: int | str) -> None:
    """Click an answer button (a score or an option) of the current question, in the one card on the page."""
    page.locator("touchpoint-widget .w").get_by_role("group").get_by_role("button", name=str(label), exact=True).click()


def exit_top(page) -> None:
    """Move the real mouse into the page, then out through the top edge of the viewport."""
    page.mouse.move(640, 200)
    page.mouse.move(640, 3, steps=3)
    page.mouse.move(640, -20)


def retrying(page, response_id: str) -> dict:
    """Wait until a send of this response has failed (it stays queued, backing off); returns its queue item."""
    page.wait_for_function("id => (JSON.parse(localStorage.touchpoint).q || []).some(x => x.i == id && x.n >= 1)",
                           arg=response_id)
    return next(x for x in stored(page)["q"] if x["i"] == response_id)


def drained(page, timeout: float = 15_000) -> None:
    """Wait until the delivery queue is empty: everything was acknowledged."""
    page.wait_for_function("!(JSON.parse(localStorage.touchpoint).q || []).length", timeout=timeout)


def later(page, minutes: float) -> None:
    """Pretend `minutes` have passed: every time in the widget's state moves back that far."""
    page.evaluate("""ms => {
      const s = JSON.parse(localStorage.getItem('touchpoint'))
      for (const k of ['t', 'l']) if (s[k]) s[k] -= ms
      for (const x of Object.values(s.s || {})) for (const k of ['d', 'a', 'x']) if (x[k]) x[k] -= ms
      localStorage.setItem('touchpoint', JSON.stringify(s))
    }""", minutes * 60_000)


def wait_for(predicate, timeout: float = 10.0, what: str = "condition"):
    """Poll predicate until it returns something truthy, or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)

