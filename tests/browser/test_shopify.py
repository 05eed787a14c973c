"""Touchpoint on a Shopify storefront in real Chromium, from the files as Shopify uses them (tests/platform/shopify.py):
the theme snippet and the app embed rendered by a Liquid engine, their one storefront script served as a theme asset,
and the Customer Events pixel leaving its mark at checkout for the next storefront page."""
from __future__ import annotations

import json
import time

import pytest

from tests.browser.conftest import armed, events, noise, shown_at
from tests.platform.shopify import ASSETS, PIXEL_SANDBOX, SHOPIFY, render_embed, render_theme_snippet

pytestmark = pytest.mark.browser
CART = json.loads((SHOPIFY / "cart.js").read_text())  # a saved /cart.js answer with two items


def storefront(tp, path: str, head: str, root: str = "/") -> str:
    """A storefront page at path whose <head> holds what the theme printed; Shopify.routes.root as Shopify sets it."""
    tp.host.put(ASSETS + "touchpoint-shopify.js", (SHOPIFY / "touchpoint-shopify.js").read_text(), "text/javascript")
    return tp.host.put(path, f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title>
        <script>window.Shopify = {{ routes: {{ root: '{root}' }} }};</script>{head}</head>
        <body><h1>Store</h1></body></html>""")


def cart_count(page, count: int) -> None:
    page.wait_for_function("n => (JSON.parse(localStorage.getItem('touchpoint')) || {}).c === n", arg=count)


def test_the_theme_snippet_reads_the_cart_and_again_when_the_theme_changes_it(tp):
    survey = tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 5, "exit_intent": False})
    tp.host.put("/fr/cart.js", json.dumps(CART), "application/json")  # a localized store: Shopify.routes.root is /fr/
    page = tp.visit(storefront(tp, "/fr/cart", render_theme_snippet(tp.server.url, tp.key), root="/fr/"))
    cart_count(page, 2)
    shown_at(page)
    assert events(page, "shown")[0]["surveyId"] == survey

    # the theme changes the cart through /cart/change.js: the script notices and reads /cart.js again
    tp.host.put("/fr/cart.js", json.dumps({**CART, "item_count": 0, "items": []}), "application/json")
    page.evaluate("fetch('/fr/cart/change.js', {method: 'GET'})")
    cart_count(page, 0)
    assert noise(page) == []


def checkout_completed(tp, context, marked_at_ms: float | None = None):
    """The order's thank-you page on the store's domain, where Shopify runs the custom pixel sandboxed; the
    checkout completes. Returns the mark the pixel left (or the one given, to play an old order)."""
    page = tp.visit(tp.host.put("/checkouts/c/1/thank-you", "<!doctype html><title>Thank you</title><p>Thank you!"),
                    context)
    page.evaluate(PIXEL_SANDBOX, (SHOPIFY / "customer-events.js").read_text())
    page.evaluate("firePixelEvent('checkout_completed', {data: {checkout: {order: {id: '1'}}}})")
    if marked_at_ms is not None:
        page.evaluate("at => localStorage.setItem('touchpoint_purchase', String(at))", marked_at_ms)
    mark = page.evaluate("localStorage.getItem('touchpoint_purchase')")
    page.close()
    return mark


def test_the_pixel_marks_a_completed_checkout_and_the_next_storefront_page_reports_the_purchase(tp):
    survey = tp.survey(trigger={"type": "custom_event", "event": "purchase"})
    tp.host.put("/cart.js", json.dumps(CART), "application/json")
    context = tp.context()
    page = tp.visit(storefront(tp, "/", render_embed(tp.server.url, tp.key)), context)
    cart_count(page, 2)
    armed(page)
    assert events(page, "shown") == []  # no order yet: the purchase survey waits
    page.close()

    mark = checkout_completed(tp, context)
    assert mark and abs(int(mark) - time.time() * 1000) < 60_000
    # "Continue shopping": Shopify has emptied the cart; the app embed's page takes the mark
    tp.host.put("/cart.js", json.dumps({**CART, "item_count": 0, "items": []}), "application/json")
    page = tp.visit(tp.host.origin + "/", context)
    shown_at(page)
    assert events(page, "shown")[0]["surveyId"] == survey
    assert page.evaluate("localStorage.getItem('touchpoint_purchase')") is None  # taken once
    cart_count(page, 0)
    assert noise(page) == []


def test_a_mark_older_than_a_week_is_dropped_without_a_survey(tp):
    tp.survey(trigger={"type": "custom_event", "event": "purchase"})
    tp.host.put("/cart.js", json.dumps({**CART, "item_count": 0, "items": []}), "application/json")
    context = tp.context()
    checkout_completed(tp, context, marked_at_ms=(time.time() - 8 * 86400) * 1000)
    page = tp.visit(storefront(tp, "/", render_embed(tp.server.url, tp.key)), context)
    armed(page)
    page.wait_for_function("localStorage.getItem('touchpoint_purchase') === null")
    page.wait_for_timeout(500)  # the custom event, had it been sent, shows the survey at once
    assert events(page, "shown") == []
