"""Cart abandonment: the cart known from the JS API, GA4 dataLayer events or a count selector,
then exit intent or idle time on a cart page; never with an empty cart, never after a purchase."""
from __future__ import annotations

import pytest

from tests.browser.conftest import (
    armed,
    assert_not_shown,
    events,
    exit_top,
    shown_at,
    stored,
    wait_until,
)

pytestmark = pytest.mark.browser
DWELL_MS = 5000  # the widget's fixed exit-intent dwell for cart abandonment (widget/README.md)
GA4 = "<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments) }</script>"
COUNT = '<p>Cart: <span id="cart-count">0</span> items</p>'

# source: (script that fills the cart with 2 items, script of a purchase, count_selector)
SOURCES = {
    "js-api": ("touchpoint('cart', {items: 2, value: 50, currency: 'EUR'})", "touchpoint('purchase')", None),
    "gtm-dataLayer": ("dataLayer.push({event: 'add_to_cart', ecommerce: {currency: 'EUR', value: 50, "
                      "items: [{item_id: 'a', quantity: 2}]}})",
                      "dataLayer.push({event: 'purchase', ecommerce: {transaction_id: 't1', value: 50}})", None),
    "gtag-dataLayer": ("gtag('event', 'add_to_cart', {items: [{item_id: 'a'}, {item_id: 'b'}]})",
                       "gtag('event', 'purchase', {transaction_id: 't1'})", None),
    "count-selector": ("document.querySelector('#cart-count').textContent = '2 items'",
                       "document.querySelector('#cart-count').textContent = '0'", "#cart-count"),
}


def cart_survey(tp, **trigger) -> int:
    return tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 5, **trigger})


@pytest.mark.parametrize("source", SOURCES)
def test_cart_abandonment_on_exit_intent_with_a_full_cart_and_not_after_a_purchase(tp, source):
    fill_cart, purchase, selector = SOURCES[source]
    survey = cart_survey(tp, count_selector=selector)
    page = tp.open("/cart", head=GA4, body=COUNT)
    viewed = armed(page)
    wait_until(page, viewed + DWELL_MS + 500)  # past the dwell and the 5 s idle time
    exit_top(page)
    assert_not_shown(page, "an empty cart: no idle popup, no exit popup")

    page.evaluate(fill_cart)
    page.evaluate(purchase)
    exit_top(page)
    assert_not_shown(page, "the cart was bought")
    assert stored(page)["c"] == 0

    page.evaluate(fill_cart)
    exit_top(page)
    shown_at(page)
    assert stored(page)["c"] == 2
    assert [(e["surveyId"], e["trigger"]) for e in events(page, "shown")] == [(survey, "cart_abandonment")]


def test_cart_abandonment_on_idle_time_only_on_cart_pages(tp):
    cart_survey(tp, exit_intent=False)
    fill = "<script>touchpoint('cart', {items: [{item_id: 'a', quantity: 1}], value: 20, currency: 'EUR'})</script>"
    about = tp.open("/about", body=fill)  # two visitors at once, each in a context of their own
    checkout = tp.open("/checkout/shipping", body=fill)
    about_viewed, viewed = armed(about), armed(checkout)
    for step in range(2):  # activity keeps resetting the idle time
        wait_until(checkout, checkout.evaluate("Date.now()") + 1500)
        checkout.mouse.move(300, 300 + step * 20)
    active_until = checkout.evaluate("Date.now()")
    assert active_until - viewed >= 3000
    idle = shown_at(checkout) - active_until
    assert idle >= 4900, f"shown {idle} ms after the last pointer move"

    wait_until(about, about_viewed + 6500)
    assert stored(about)["c"] == 1
    assert_not_shown(about, "idle on a page that is not a cart page")


def test_no_cart_pages_means_idle_time_counts_nowhere(tp):
    """The builder promises "No cart pages: only leaving with a full cart triggers it"; the widget used to put the
    default pages back for an empty list, so idle time on /cart still showed the survey."""
    cart_survey(tp, exit_intent=False, cart_pages=[])
    page = tp.open("/cart", body="<script>touchpoint('cart', {items: 1})</script>")
    viewed = armed(page)
    wait_until(page, viewed + 6500)  # past the 5 s idle time
    assert stored(page)["c"] == 1
    assert_not_shown(page, "idle on /cart with no cart pages")
