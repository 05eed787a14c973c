"""The users screen's sessions in real Chromium: an admin sees where a user is signed in and signs them out everywhere.

Screenshots at 360 px and 1366 px land in $ADMIN_SHOTS (default /tmp/admin-shots) for people to look at.
"""
from __future__ import annotations

import pytest

from tests.browser.test_admin_screens import SHOTS, sign_in
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD
from tests.conftest import sign_in as api_sign_in
from tests.factories import DESKTOP_UA, PHONE_UA

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1366])
def test_an_admin_signs_a_user_out_everywhere(browser, app, live_server, make_user, width):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    make_user(VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    viewers = []
    for ua, ip in ((DESKTOP_UA, "198.51.100.23"), (PHONE_UA, "203.0.113.9")):
        client = app.test_client()
        client.environ_base.update(HTTP_USER_AGENT=ua, REMOTE_ADDR=ip)
        api_sign_in(client, VIEWER_EMAIL, VIEWER_PASSWORD)
        viewers.append(client)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and "401" not in msg.text and problems.append(msg.text))
    try:
        sign_in(page, live_server.url + "/admin/", ADMIN_EMAIL, ADMIN_PASSWORD)
        page.goto(live_server.url + "/admin/#/users")
        toggle = page.get_by_role("button", name=f"2 sessions of {VIEWER_EMAIL}")
        assert toggle.inner_text() == "2 sessions"
        assert page.get_by_role("button", name=f"1 session of {ADMIN_EMAIL}").inner_text() == "1 session"
        toggle.click()
        listed = page.locator(".session-row:not([hidden]) .session-list li")
        assert listed.count() == 2
        assert "Safari on iOS" in listed.nth(0).inner_text() and "203.0.113.0" in listed.nth(0).inner_text()
        assert "Chrome on Linux" in listed.nth(1).inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"users-sessions-{width}.png"), full_page=True)
        # the table scrolls inside its card; the top bar's own overflow at 360 px predates the sessions
        wide = page.evaluate("""[...document.querySelectorAll('main *')].filter(el => !el.closest('.table-wrap')
            && el.getBoundingClientRect().right > innerWidth + 1).map(el => el.tagName + '.' + el.className)""")
        assert wide == [], f"the users screen is wider than {width}px: {wide}"
        page.locator(".session-row:not([hidden])").get_by_role("button", name="Sign out everywhere").click()
        page.locator("dialog button[type=submit]").click()
        page.get_by_text(f"2 sessions of {VIEWER_EMAIL} ended.").wait_for()
        page.get_by_role("row").filter(has_text=VIEWER_EMAIL).get_by_text("None").wait_for()  # the screen re-rendered
        assert [client.get("/api/admin/sites").status_code for client in viewers] == [401, 401]
        assert problems == []
    finally:
        context.close()
