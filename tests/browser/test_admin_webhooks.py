"""The Webhooks screen in real Chromium: add an endpoint, see its secret once, send a test event that the
worker's code delivers to a verifying receiver, see it in the log, replay it; a disabled one is a banner."""
from __future__ import annotations

import re

import pytest

from server.outbox.dispatch import drain
from tests.browser.test_admin_screens import SHOTS, panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, WEBHOOK_CONFIG
from tests.factories import make_site, make_survey

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    """Deliveries go to the test's receiver on 127.0.0.1."""
    return {**app_config, **WEBHOOK_CONFIG}


def test_add_an_endpoint_see_the_secret_once_and_a_test_event_in_the_log(app, make_user, panel, receiver):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop")
    make_survey(app, site_id, "nps", touchpoint="Checkout")
    page = panel(f"#/sites/{site_id}")
    page.get_by_role("tab", name="Webhooks").click()
    page.get_by_role("button", name="Add endpoint").click()
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("Description").fill("Support desk")
    page.get_by_label("A detractor sends the recovery form").check()
    page.get_by_label("Category").select_option("detractor")
    page.get_by_role("button", name="Add endpoint").click()
    box = page.locator(".secret-box")
    box.wait_for()
    secret = box.locator("code.secret").inner_text()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]{44}", secret)
    assert "you will not see it again" in box.inner_text()
    receiver.secrets.append(secret)
    card = page.locator(".endpoint", has_text="Support desk")
    assert "Only detractors." in card.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "1366-webhooks-secret.png"), full_page=True)

    card.get_by_role("button", name="Send test event").click()
    page.get_by_text("Test event queued").wait_for()
    with app.app_context():
        assert drain() == ["succeeded"]  # the worker's own code, in this thread
    page.reload()
    row = page.locator(".endpoint .log-table tbody tr").first
    row.wait_for()
    assert "webhook.test" in row.inner_text() and "Delivered" in row.inner_text() and "HTTP 200" in row.inner_text()
    assert secret not in page.content()  # shown once: a reload does not bring it back
    assert len(receiver.deliveries) == 1 and receiver.deliveries[0].verified_by == [secret]

    row.get_by_role("button", name=re.compile("^Replay")).click()
    page.get_by_text("Queued again").wait_for()
    with app.app_context():
        assert drain() == ["succeeded"]
    assert receiver.ids() == [receiver.deliveries[0].webhook_id] * 2  # same webhook-id: receivers de-duplicate

    page.locator(".endpoint").get_by_role("button", name="Disable").click()
    banner = page.locator(".webhook-banner")
    banner.wait_for()
    assert "Disabled by an admin." in banner.inner_text()
    page.get_by_role("tab", name="Surveys").click()
    # the new page, not the delivery log's rows of the old one: the banner is drawn with the selected tab
    page.get_by_role("tab", name="Surveys", selected=True).wait_for()
    page.locator(".table tbody tr").first.wait_for()
    assert page.locator(".webhook-banner").is_visible()  # every page of the site shows it
    page.get_by_role("tab", name="Webhooks").click()
    page.locator(".endpoint").get_by_role("button", name="Enable").click()
    page.locator(".endpoint").get_by_role("button", name="Disable").wait_for()
    assert page.locator(".webhook-banner").count() == 0

    page.locator(".endpoint").get_by_role("button", name="Delete…").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete endpoint").click()
    page.get_by_text("No endpoints yet").wait_for()


def test_a_bad_url_is_named_next_to_its_field_and_the_form_fits_a_phone(app, make_user, panel):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app)
    page = panel(f"#/sites/{site_id}/webhooks")
    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_role("button", name="Add endpoint").click()
    page.get_by_label("URL").fill("http://hooks.example.com/in")
    page.get_by_role("button", name="Add endpoint").click()
    error = page.locator("[data-field=url] .field-error")
    error.wait_for()
    assert "https" in error.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "360-webhooks-form.png"), full_page=True)
