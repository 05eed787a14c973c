"""The site's Settings form in real Chromium: a privacy choice saved and read back."""
from __future__ import annotations

import pytest

from tests.browser.test_admin_screens import SHOTS, panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sql
from tests.factories import make_site

pytestmark = pytest.mark.browser


def test_recognising_a_returning_browser_can_be_turned_off(app, make_user, panel):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop", allowed_domains=["shop.example"])
    page = panel(f"#/sites/{site_id}/settings")
    box = page.get_by_label("Recognise a returning browser")
    assert box.is_checked()  # on by default: the recovery rate needs it
    box.uncheck()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    assert sql(app, "SELECT link_answers FROM sites WHERE id = :id", id=site_id)[0][0] in (False, 0)
    page.reload()
    assert not page.get_by_label("Recognise a returning browser").is_checked()
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_label("Recognise a returning browser").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "360-settings-privacy.png"))


def test_the_time_zone_is_set_in_settings_and_an_unknown_one_is_named(app, make_user, panel):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop", allowed_domains=["shop.example"])
    page = panel(f"#/sites/{site_id}/settings")
    zone = page.get_by_label("Time zone")
    assert zone.input_value() == "UTC"
    assert page.locator("#time-zones option[value='Europe/Moscow']").count() == 1  # the browser's IANA names
    zone.fill("Mars/Olympus")
    page.get_by_role("button", name="Save settings").click()
    error = page.locator("[data-field=time_zone] .field-error")
    error.wait_for()
    assert "Not a time zone we know" in error.inner_text()
    zone.fill("Europe/Moscow")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    assert sql(app, "SELECT time_zone FROM sites WHERE id = :id", id=site_id) == [("Europe/Moscow",)]
    page.reload()
    assert page.get_by_label("Time zone").input_value() == "Europe/Moscow"
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    page.get_by_label("Time zone").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "360-settings-time-zone.png"))


def test_last_7_days_on_the_results_page_counts_the_sites_local_days(app, make_user, panel):  # noqa: F811
    """Kiritimati is UTC+14: for most of a UTC day its date is already tomorrow's, and "last 7 days" starts there."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from tests.factories import make_survey
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop", time_zone="Pacific/Kiritimati")
    survey = make_survey(app, site_id, "nps")
    page = panel(f"#/surveys/{survey}/results")
    page.get_by_label("Period").wait_for()
    with page.expect_request(lambda r: "/results?" in r.url and "from=" in r.url) as asked:
        page.get_by_label("Period").select_option("7")
    expected = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date() - dt.timedelta(days=6)
    assert f"from={expected.isoformat()}" in asked.value.url


# Chromium reports ICU's names; a zone the server does not know is made up by overriding what Intl reports
UNKNOWN_ZONE = """const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
Intl.DateTimeFormat.prototype.resolvedOptions = function () { return {...resolved.call(this), timeZone: 'Mars/Olympus'} }"""


@pytest.mark.parametrize("zone, stored", [("Europe/Berlin", "Europe/Berlin"), ("Mars/Olympus", "UTC")])
def test_a_new_site_counts_its_days_in_the_browsers_time_zone(app, make_user, browser, live_server, zone, stored):
    """The zone the browser reports is the site's from the start; one the server does not know leaves UTC, and
    the site is created all the same."""
    from tests.browser.test_admin_screens import sign_in
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    context = browser.new_context(viewport={"width": 1366, "height": 800},
                                  **({"timezone_id": zone} if zone != "Mars/Olympus" else {}))
    if zone == "Mars/Olympus":
        context.add_init_script(UNKNOWN_ZONE)
    page = context.new_page()
    sign_in(page, live_server.url + "/admin/", ADMIN_EMAIL, ADMIN_PASSWORD)
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == zone
    page.get_by_label("Name").fill("Zoned shop")
    page.get_by_label("Domains").fill("zoned.example")
    page.get_by_role("button", name="Create site").click()
    page.get_by_role("heading", name="Install the snippet").wait_for()
    assert sql(app, "SELECT time_zone FROM sites WHERE name = 'Zoned shop'") == [(stored,)]
    context.close()
