"""Stored hostile payloads in every text an admin screen shows are rendered inert, in real Chromium."""
from __future__ import annotations

import pytest

from tests.admin.data import add_responses
from tests.browser.test_admin_screens import sign_in
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.factories import make_site, make_survey

pytestmark = pytest.mark.browser
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>__pwned=1</script><b>bold?</b>'


@pytest.fixture
def hostile(app, make_user):
    """A site, surveys, answers and recovery notes whose every text field is an XSS payload."""
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name=PAYLOAD)
    texts = {"en": {"q.score": PAYLOAD, "q.score.low": PAYLOAD, "q.score.high": PAYLOAD, "thanks": PAYLOAD,
                    "followup.detractor": PAYLOAD, "share.prompt": PAYLOAD, "review.detractor": PAYLOAD}}
    nps = make_survey(app, site_id, "nps", name=PAYLOAD, touchpoint=PAYLOAD, texts=texts,
                      audience={"include": [{"match": "contains", "value": PAYLOAD, "target": "url"}]})
    add_responses(app, nps, [{"answers": {"score": 2, "followup": PAYLOAD}, "page_url": "https://shop.example/?q=" + PAYLOAD,
                              "locale": "en", "trigger": "exit_intent",
                              "recovery": {"message": PAYLOAD, "contact_consent": True, "email": "x@example.com"}}])
    return {"site": site_id, "nps": nps}


def test_no_admin_screen_runs_stored_markup(browser, live_server, hostile):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = live_server.url + "/admin/"
    sign_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    screens = [("#/sites", ".site-card"), ("#/sites/{site}", ".table tbody tr"),
               ("#/sites/{site}/settings", ".code pre"), ("#/sites/{site}/map", ".touchpoint"),
               ("#/sites/{site}/rules", ".verdict"), ("#/surveys/{nps}/results", ".response"),
               ("#/surveys/{nps}", ".preview-frame")]
    for route, ready in screens:
        page.goto(base + route.format(**hostile))
        page.locator(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("bold?", exact=False).count() >= 1 or route.endswith("/rules"), route
        assert page.locator("main img[src=x], main script:not([src]), main b").count() == 0, route
        assert page.evaluate("window.__pwned") is None, route
    preview = page.frame_locator(".preview-frame")
    preview.locator("touchpoint-widget [role=dialog]").wait_for()
    frame = page.locator(".preview-frame").element_handle().content_frame()
    assert frame.evaluate("window.__pwned") is None
    assert preview.locator("touchpoint-widget").evaluate(
        "host => host.shadowRoot.querySelectorAll('img, script, b').length") == 0
    assert dialogs == []
    context.close()
