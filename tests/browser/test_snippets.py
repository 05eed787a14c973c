"""Each snippets/*/example.html, served from another origin with {{HOST}} and {{SITE_KEY}} filled in,
does what its README promises: the widget loads and shows a survey, and the platform's cart and
purchase signals reach it."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from tests.browser.conftest import (
    SNIPPETS,
    armed,
    choose,
    events,
    fill,
    noise,
    popup,
    shown_at,
    wait_until,
)

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}


def serve(tp, snippet: str, path: str) -> str:
    """Serve snippets/<snippet> at path with the placeholders filled in; returns its URL."""
    return tp.host.put(path, fill((SNIPPETS / snippet).read_text(), tp.server.url, tp.key))


def cart_count(page, count: int) -> None:
    page.wait_for_function("n => (JSON.parse(localStorage.getItem('touchpoint')) || {}).c === n", arg=count)


def test_plain_html_example_loads_the_widget_and_its_buttons_call_the_api(tp):
    survey = tp.survey(trigger={"type": "custom_event", "event": "example_clicked"})
    page = tp.visit(serve(tp, "html/example.html", "/"))
    armed(page)
    page.click("#add")
    cart_count(page, 1)
    page.click("#buy")
    cart_count(page, 0)
    page.click("#track")
    shown_at(page)
    choose(page, 9)
    assert [(r["score"], r["trigger"]) for r in tp.wait_responses()] == [(9, "custom_event")]
    assert events(page, "shown")[0]["surveyId"] == survey and noise(page) == []


def test_the_strict_csp_example_works_and_its_documented_hash_is_the_stubs(tp):
    readme = (SNIPPETS / "html/README.md").read_text()
    stub = re.search(r"```html\n(<script>(.*?)</script>)\n", readme).group(2)
    digest = base64.b64encode(hashlib.sha256(stub.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in readme and f"'sha256-{digest}'" in (SNIPPETS / "html/csp.html").read_text()
    tp.survey(trigger=NOW)
    page = tp.visit(serve(tp, "html/csp.html", "/"))
    shown_at(page)
    choose(page, 10)
    tp.wait_responses()
    assert page.evaluate("window.__csp") == [] and noise(page) == []


def test_gtm_example_inits_without_data_site_and_reads_ga4_dataLayer(tp):
    tp.survey(trigger=NOW)
    tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 3600})  # makes it read dataLayer
    page = tp.visit(serve(tp, "gtm/example.html", "/"))
    shown_at(page)
    cart_count(page, 2)  # the add_to_cart (quantity 2) pushed before the widget loaded
    page.click("#remove")
    cart_count(page, 1)
    page.click("#buy")
    cart_count(page, 0)
    assert "touchpoint:shown" in [e.get("event") for e in page.evaluate("dataLayer")], "events go back to GTM"
    assert noise(page) == []


def test_wordpress_example_reports_the_woocommerce_cart_and_abandonment_follows(tp):
    survey = tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 5, "exit_intent": False})
    page = tp.visit(serve(tp, "wordpress/example.html", "/cart/"))
    viewed = armed(page)
    cart_count(page, 2)
    assert shown_at(page) - viewed >= 5000 and events(page, "shown")[0]["surveyId"] == survey
    assert noise(page) == []


def test_wordpress_block_themes_cart_is_read_from_the_store_api_after_each_store_api_write(tp):
    """Block themes change the cart through the Store API and fire no jQuery "added_to_cart"."""
    tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 3600})
    cart = {"items_count": 3, "totals": {"total_price": "5970", "currency_minor_unit": 2, "currency_code": "EUR"}}
    tp.host.put("/wp-json/wc/store/v1/cart", json.dumps(cart), "application/json")
    tp.host.put("/wp-json/wc/store/v1/cart/add-item", json.dumps(cart), "application/json")
    script = (SNIPPETS / "wordpress/woocommerce-cart.js").read_text()
    head = (SNIPPETS / "wordpress/example.html").read_text().split("</head>")[0] + "</head>"
    # the blocks read the Store API's answer, as here: Chromium reports the request to observers once its body is read
    shop = fill(head + """<body><button id="add" onclick="fetch('/wp-json/wc/store/v1/cart/add-item',
        {method: 'POST', body: '{}'}).then(r => r.json())">Add to cart</button>
        <script data-cart="/wp-json/wc/store/v1/cart">""" + script + "</script></body></html>", tp.server.url, tp.key)
    context = tp.context()
    reads = []
    context.on("request", lambda r: r.url.endswith("/wc/store/v1/cart") and reads.append(r.method))
    page = tp.visit(tp.host.put("/shop/", shop), context)
    armed(page)
    assert reads == [], "nothing is read on a page view"
    page.click("#add")
    cart_count(page, 3)
    # the mini-cart reading the cart (a GET of /cart itself) is not a write: no loop of reads
    page.evaluate("fetch('/wp-json/wc/store/v1/cart').then(r => r.json())")
    page.wait_for_timeout(300)
    assert reads == ["GET", "GET"] and noise(page) == []


def test_react_example_injects_once_and_re_checks_url_rules_on_client_side_routes(tp):
    survey = tp.survey(trigger=NOW, audience={"include": [{"match": "starts_with", "value": "/shop", "target": "path"}]})
    context = tp.context()
    scripts = []
    context.on("request", lambda r: r.url.endswith("/widget.js") and scripts.append(r.url))
    serve(tp, "react/example.html", "*")
    page = tp.visit(tp.host.origin + "/", context)
    viewed = armed(page)
    assert page.locator("script[data-touchpoint]").count() == 1 and len(scripts) == 1, "a second mount injects nothing"
    wait_until(page, viewed + 300)
    assert popup(page).count() == 0, "home is not a /shop page"

    page.click("#nav-item")
    shown_at(page)
    page.click("#add")
    cart_count(page, 1)
    choose(page, 8)
    page.wait_for_function(f"document.title == 'answered {survey}'")
    page.click("#nav-done")
    cart_count(page, 0)
    # three page views: /, /shop/item-1, /checkout/done (the widget counts a navigation on the next tick)
    page.wait_for_function("JSON.parse(localStorage.touchpoint).n === 3")
    assert noise(page) == []
