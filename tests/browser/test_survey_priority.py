"""Which survey wins in real Chromium: an exit-intent NPS and a cart-abandonment survey due at the same moment
(exit intent with a full cart). By default the more specific cart survey shows; an admin's order overrides it."""
from __future__ import annotations

import pytest

from server.catalog.surveys import save_order
from server.extensions import db
from server.models import Site
from tests.browser.conftest import armed, events, exit_top, shown_at, wait_until
from tests.browser.test_admin_screens import SHOTS, panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sql

pytestmark = pytest.mark.browser
CART_DWELL_MS = 5000  # the widget's fixed exit-intent dwell for cart abandonment (widget/README.md)


def winner(tp) -> int:
    """Open a cart page in a fresh browser, fill the cart, wait past both dwells and leave through the top."""
    page = tp.open("/cart", context=tp.context())
    viewed = armed(page)
    page.evaluate("touchpoint('cart', {items: 2, value: 50, currency: 'EUR'})")
    wait_until(page, viewed + CART_DWELL_MS + 300)
    exit_top(page)
    shown_at(page)
    page.wait_for_timeout(300)  # a second popup, were one to follow, would be on its way
    shown = events(page, "shown")
    assert len(shown) == 1, "one popup at a time"
    return shown[0]["surveyId"]


def test_the_more_specific_trigger_wins_until_the_admin_orders_otherwise(tp):
    nps = tp.survey(trigger={"type": "exit_intent", "min_dwell_seconds": 0, "touch": True})
    cart = tp.survey("cart_abandonment", trigger={"type": "cart_abandonment", "idle_seconds": 3600, "exit_intent": True})
    assert nps < cart, "the NPS is older: config order by id alone would let it win"
    assert winner(tp) == cart
    with tp.app.app_context():
        save_order(db.session.get(Site, tp.site_id), [nps, cart])
    assert winner(tp) == nps


def test_an_admin_moves_a_survey_up_and_the_rule_tester_shows_the_order(app, make_user, panel):  # noqa: F811
    from tests.factories import make_site, make_survey
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop", allowed_domains=["shop.example"])
    nps = make_survey(app, site_id, "nps", name="Exit NPS", trigger={"type": "exit_intent", "min_dwell_seconds": 5,
                                                                      "touch": True})
    cart = make_survey(app, site_id, "cart_abandonment", name="Cart rescue")
    page = panel(f"#/sites/{site_id}/surveys")
    rows = page.locator("tbody tr")
    rows.first.wait_for()
    assert rows.nth(0).inner_text().startswith("1") and "Cart rescue" in rows.nth(0).inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / "360-surveys-order.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.get_by_role("button", name="Move up: Exit NPS").click()
    page.get_by_text("“Exit NPS” is now 1st.").wait_for()
    page.locator("tbody tr").first.filter(has_text="Exit NPS").wait_for()
    assert dict(sql(app, "SELECT id, priority FROM surveys")) == {nps: 0, cart: 1}
    assert page.get_by_role("button", name="Move up: Exit NPS").is_disabled()
    page.screenshot(path=str(SHOTS / "1366-surveys-order.png"), full_page=True)

    page.get_by_role("tab", name="Rule tester").click()
    page.locator(".verdict").first.wait_for()
    cards = page.locator(".verdict-list > li")
    assert cards.count() == 2
    assert cards.nth(0).locator(".order-number").inner_text() == "1" and "Exit NPS" in cards.nth(0).inner_text()
    assert "Cart rescue" in cards.nth(1).inner_text()
    page.screenshot(path=str(SHOTS / "1366-rules-order.png"), full_page=True)
