"""The WordPress plugin on a real WordPress: the zip `make wordpress-plugin` builds is uploaded through
Plugins → Add New → Upload Plugin, activated, configured on Settings → Touchpoint (in Chromium, so through
the real nonces), tested against a live Touchpoint server, and deleted."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import requests

from server.catalog.sites import save_site
from tests.browser.conftest import DESKTOP
from tests.conftest import free_port
from tests.factories import make_site, make_survey
from tests.platform.wordpress import ADMIN_PASSWORD, ADMIN_USER, WordPress

pytestmark = [pytest.mark.wordpress, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[2]
ZIP = REPO / "dist" / "touchpoint-wordpress.zip"


@pytest.fixture(scope="module")
def plugin_zip() -> Path:
    """The installable zip, built by make as a release would be."""
    subprocess.run(["make", "--no-print-directory", "-s", "wordpress-plugin"], cwd=REPO, check=True)
    return ZIP


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    site = WordPress(tmp_path_factory.mktemp("wp"))
    try:
        yield site.start()
    finally:
        site.stop()


@pytest.fixture
def admin(wordpress, browser):
    """A Chromium page signed in to wp-admin."""
    context = browser.new_context(**DESKTOP, base_url=wordpress.url)
    page = context.new_page()
    page.goto("/wp-login.php")
    page.fill("#user_login", ADMIN_USER)
    page.fill("#user_pass", ADMIN_PASSWORD)
    page.click("#wp-submit")
    page.wait_for_url("**/wp-admin/**")
    yield page
    context.close()


def front_page(wordpress) -> str:
    return requests.get(wordpress.url + "/", timeout=30).text


def press_test_connection(page, server: str, key: str) -> tuple[str, str]:
    """Fill the settings form, press "Test connection" and read (status, message)."""
    page.fill("#touchpoint_server", server)
    page.fill("#touchpoint_site_key", key)
    page.click("#touchpoint-test")
    result = page.locator("#touchpoint-test-result[data-status]")
    result.wait_for()
    return result.get_attribute("data-status"), result.inner_text()


def save(page, server: str, key: str) -> None:
    page.fill("#touchpoint_server", server)
    page.fill("#touchpoint_site_key", key)
    page.click("#submit")
    page.wait_for_load_state()


def test_the_plugin_zip_installs_prints_nothing_until_configured_then_the_snippet_and_uninstalls_cleanly(
        wordpress, admin, plugin_zip, app, live_server):
    page = admin
    # Plugins → Add New → Upload Plugin, then Activate
    page.goto("/wp-admin/plugin-install.php?tab=upload")
    page.set_input_files("#pluginzip", str(plugin_zip))
    page.click("#install-plugin-submit")
    page.get_by_text("Plugin installed successfully.").wait_for()
    page.click("a.button-primary:has-text('Activate Plugin')")
    page.wait_for_url("**/plugins.php**")
    assert page.locator("tr[data-plugin='touchpoint/touchpoint.php'].active").count() == 1

    # unconfigured: nothing on the site, a notice in the admin that leads to the settings
    assert "widget.js" not in front_page(wordpress) and "touchpoint.q" not in front_page(wordpress)
    notice = page.locator("#touchpoint-notice")
    assert "not configured" in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_url("**/options-general.php?page=touchpoint")

    # "Test connection" asks the server from WordPress with the site's origin (http://localhost:<port>)
    site_id, key = make_site(app)  # allows localhost
    make_survey(app, site_id, "nps")
    with app.app_context():
        elsewhere = save_site({"name": "Elsewhere", "allowed_domains": ["shop.example"]}).key
    assert press_test_connection(page, live_server.url, key) == ("ok", "Connected: 1 active survey.")
    assert press_test_connection(page, live_server.url, "unknown-key-1234")[0] == "unknown_key"
    status, message = press_test_connection(page, live_server.url, elsewhere)
    assert status == "domain_not_allowed" and "add localhost to the allowed domains" in message
    assert press_test_connection(page, f"http://127.0.0.1:{free_port()}", key)[0] == "unreachable"
    assert press_test_connection(page, "not a server", key)[0] == "invalid"

    # the test runs for administrators with the page's nonce only (it makes the server send a request)
    ajax = wordpress.url + "/wp-admin/admin-ajax.php"
    form = {"action": "touchpoint_test_connection", "server": live_server.url, "site_key": key}
    assert requests.post(ajax, data=form, timeout=30).status_code == 400, "signed out: no such action"
    assert page.request.post(ajax, form={**form, "_ajax_nonce": "0123456789"}).status == 403

    # an invalid value is refused with a message and saves nothing
    save(page, live_server.url + '/"><script>alert(1)</script>', 'bad"key<')
    errors = page.locator("#setting-error-touchpoint_server, #setting-error-touchpoint_site_key")
    assert errors.count() == 2
    assert "widget.js" not in front_page(wordpress) and page.locator("#touchpoint-notice").count() == 1

    # saved through options.php (its nonce and capability check): the snippet is on every page
    save(page, live_server.url + "/", f"  {key} ")
    assert page.locator("#setting-error-settings_updated").count() == 1 and page.locator("#touchpoint-notice").count() == 0
    html = front_page(wordpress)
    assert f'<script async src="{live_server.url}/widget.js" data-site="{key}"></script>' in html
    assert html.index("touchpoint.q") < html.index("/widget.js")

    # and a visitor's browser loads the widget, which gets the site's config (its origin is allowed)
    visitor = page.context.browser.new_context(**DESKTOP)
    shop = visitor.new_page()
    with shop.expect_response(re.compile(rf"/v1/sites/{key}/config")) as config:
        shop.goto(wordpress.url + "/")
    assert config.value.status == 200
    visitor.close()

    # Deactivate, then Delete: uninstall.php removes the option, WordPress the files
    assert wordpress.option("touchpoint_settings") is not None
    page.goto("/wp-admin/plugins.php")
    page.click("tr[data-plugin='touchpoint/touchpoint.php'] .deactivate a")
    page.wait_for_url("**/plugins.php**")
    # WordPress's own confirmation page (the JS path confirms in a dialog and posts the same nonce)
    page.goto("/wp-admin/" + page.locator("tr[data-plugin='touchpoint/touchpoint.php'] .delete a").get_attribute("href"))
    page.click("input[type=submit][value='Yes, delete these files and data']")
    page.get_by_text("The selected plugin has been deleted.").wait_for()
    assert wordpress.option("touchpoint_settings") is None
    assert not (wordpress.root / "wp-content/plugins/touchpoint").exists()
    assert [line for line in wordpress.errors() if "touchpoint" in line.lower()] == []
