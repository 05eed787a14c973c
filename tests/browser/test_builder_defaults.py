"""The builder takes each trigger's defaults from the server's schema: what it saves is what the schema fills in."""
import json

import pytest

from server.catalog.definition import trigger_defaults
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sql
from tests.factories import make_site, make_survey

pytestmark = pytest.mark.browser
WITHOUT_REQUIRED_OPTIONS = ("page_view", "time_on_page", "scroll_depth", "exit_intent", "cart_abandonment")


def test_each_trigger_type_is_saved_with_the_schemas_defaults(app, live_server, browser, make_user):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps", status="draft", trigger={"type": "click", "selector": ".buy"})
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(live_server.url + "/admin/")
        page.fill("#signin-email", ADMIN_EMAIL)
        page.fill("#signin-password", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.get_by_role("heading", name="Sites").wait_for()
        page.goto(f"{live_server.url}/admin/#/surveys/{survey}")
        page.locator("details[data-section=trigger] > summary").click()
        offered = page.locator("[data-field='trigger.type'] select option").evaluate_all("os => os.map(o => o.value)")
        assert sorted(offered) == sorted(trigger_defaults())
        for trigger_type in WITHOUT_REQUIRED_OPTIONS:
            page.locator("[data-field='trigger.type'] select").select_option(trigger_type)
            page.get_by_role("button", name="Save changes").click()
            page.get_by_role("button", name="Saved").wait_for()
            stored = sql(app, "SELECT trigger FROM surveys WHERE id = :s", s=survey)[0][0]
            stored = json.loads(stored) if isinstance(stored, str) else stored
            assert stored == {"type": trigger_type, **trigger_defaults()[trigger_type]}, trigger_type
        assert errors == []
    finally:
        context.close()


def test_a_section_opened_just_before_an_edit_stays_open(app, live_server, browser, make_user):
    """The toggle event comes a task after a section opens; an edit in between re-rendered it closed."""
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps", status="draft")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/admin/")
        page.fill("#signin-email", ADMIN_EMAIL)
        page.fill("#signin-password", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.get_by_role("heading", name="Sites").wait_for()
        page.goto(f"{live_server.url}/admin/#/surveys/{survey}")
        page.locator("details[data-section=trigger] > summary").wait_for()
        page.evaluate("""() => {
            document.querySelector('details[data-section=trigger] > summary').click()
            const type = document.querySelector("[data-field='trigger.type'] select")
            type.value = 'exit_intent'
            type.dispatchEvent(new Event('change', {bubbles: true}))
        }""")
        page.locator("[data-field='trigger.min_dwell_seconds'] input").fill("1", timeout=5000)
        assert page.locator("details[data-section=trigger]").evaluate("d => d.open")
    finally:
        context.close()
