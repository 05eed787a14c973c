"""Check installation in real Chromium: an admin gives a page of the site and reads whether the snippet is there."""
from __future__ import annotations

import pytest

from server.catalog.demo import seed_demo
from tests.browser.test_admin_screens import SHOTS, panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, WEBHOOK_CONFIG, sql

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    """The page checked is this test's own server on 127.0.0.1: private addresses allowed, as in `make run`."""
    return {**app_config, **WEBHOOK_CONFIG}


def test_the_demo_page_is_found_installed_and_a_bare_page_is_not(app, make_user, panel, live_server):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    with app.app_context():
        seed_demo()
    [(site_id,)] = sql(app, "SELECT id FROM sites")
    sql(app, "UPDATE sites SET allowed_domains = :d WHERE id = :id", d='["localhost"]', id=site_id)
    page = panel(f"#/sites/{site_id}/settings")
    url = page.get_by_label("Page to check")
    url.fill(live_server.url.replace("127.0.0.1", "localhost") + "/demo")
    page.get_by_role("button", name="Check installation").click()
    status = page.get_by_role("status")
    status.get_by_text("Installed.").wait_for()
    assert "The snippet is on the page with this site's key." in status.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "1366-settings-install-check.png"), full_page=True)

    url.fill(live_server.url.replace("127.0.0.1", "localhost") + "/admin/")
    page.get_by_role("button", name="Check installation").click()
    status.get_by_text("Not yet.").wait_for()
    assert "No Touchpoint snippet in the page's HTML" in status.inner_text()

    url.fill("ftp://shop.example/")
    page.get_by_role("button", name="Check installation").click()
    page.locator(".field-error").wait_for()
    assert "http" in page.locator(".field-error").inner_text()


def test_a_refused_domain_is_listed_and_allowed_in_one_click(app, make_user, panel, client):  # noqa: F811
    from server.delivery import sightings
    from tests.factories import DESKTOP_UA, make_site
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, key = make_site(app, name="Shop", allowed_domains=["shop.example"])
    for origin in ("https://shop.example", "https://shop.myshopify.com"):
        client.get(f"/v1/sites/{key}/config", headers={"Origin": origin, "User-Agent": DESKTOP_UA})
    page = panel(f"#/sites/{site_id}/settings")
    seen = page.locator(".sightings")
    seen.get_by_text("Refused in the last 7 days").wait_for()
    assert "https://shop.example" in seen.locator("ul").first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "1366-settings-origins.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / "360-settings-origins.png"), full_page=True)
    page.get_by_role("button", name="Allow shop.myshopify.com").click()
    page.get_by_text("shop.myshopify.com is allowed.").wait_for()
    assert sql(app, "SELECT allowed_domains FROM sites WHERE id = :id", id=site_id)[0][0] in (
        ["shop.example", "shop.myshopify.com"], '["shop.example", "shop.myshopify.com"]')
    sightings.RECORD_EVERY, before = 0, sightings.RECORD_EVERY
    try:
        answer = client.get(f"/v1/sites/{key}/config", headers={"Origin": "https://shop.myshopify.com", "User-Agent": DESKTOP_UA})
    finally:
        sightings.RECORD_EVERY = before
    assert answer.status_code == 200, "the next page view on that domain gets surveys"


def test_a_shopify_storefront_check_offers_to_allow_its_myshopify_address(app, make_user, panel, host_site):  # noqa: F811
    from tests.factories import make_site
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, key = make_site(app, name="Shop", allowed_domains=["localhost"])
    store = host_site.put("/", f"""<!doctype html><html><head><script>var Shopify = Shopify || {{}};
        Shopify.shop = "demo-store.myshopify.com";</script>
        <script async src="https://tp.example/widget.js" data-site="{key}"></script></head><body>Store</body></html>""")
    page = panel(f"#/sites/{site_id}/settings")
    page.get_by_label("Page to check").fill(store)
    page.get_by_role("button", name="Check installation").click()
    status = page.get_by_role("status")
    status.get_by_text("Installed.").wait_for()
    assert "Shopify also serves it at demo-store.myshopify.com" in status.inner_text()
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    page.screenshot(path=str(SHOTS / "360-settings-install-check-shopify.png"), full_page=True)
    page.get_by_role("button", name="Allow demo-store.myshopify.com").click()
    page.get_by_text("demo-store.myshopify.com is allowed.").wait_for()
    assert sql(app, "SELECT allowed_domains FROM sites WHERE id = :id", id=site_id)[0][0] in (
        ["localhost", "demo-store.myshopify.com"], '["localhost", "demo-store.myshopify.com"]')
