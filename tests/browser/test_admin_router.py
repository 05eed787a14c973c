"""The admin's hash router in real Chromium: a view that answers late never draws over the one the visitor moved to."""
from __future__ import annotations

import pytest

from tests.browser.test_admin_screens import panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.factories import make_site

pytestmark = pytest.mark.browser


def test_a_slow_view_does_not_cover_the_next_one(app, make_user, panel):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop")
    page = panel(f"#/sites/{site_id}")
    page.get_by_role("tab", name="Alerts").wait_for()
    held = []
    page.route("**/api/admin/sites", lambda route: held.append(route), times=1)  # the list of sites answers only when told
    page.evaluate("location.hash = '#/sites'")
    page.wait_for_function("document.querySelector('#main .loading') !== null")
    while not held:
        page.wait_for_timeout(20)
    page.evaluate(f"location.hash = '#/sites/{site_id}/alerts'")
    page.locator(".mail-off").wait_for()
    with page.expect_response("**/api/admin/sites"):
        held[0].continue_()
    page.evaluate("new Promise(done => setTimeout(done, 200))")  # let the late list view finish drawing
    assert page.locator(".mail-off").is_visible()
    assert page.get_by_role("tab", name="Alerts").get_attribute("aria-selected") == "true"
    assert page.locator("#main .site-card").count() == 0  # the list of sites is not drawn over the site
