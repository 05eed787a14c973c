"""Every admin screen at laptop (1366×800) and tablet (820×1180) size in real Chromium, with data in it.

Each screen must render its main element without a script error or CSP violation and
without widening the page sideways. Screenshots land in $ADMIN_SHOTS (default
/tmp/admin-shots) for people to look at.
"""
from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest

from tests.admin.alert_data import add_alerts
from tests.admin.case_data import enable_cases, open_cases
from tests.admin.data import add_event_counts, add_responses
from tests.admin.webhook_data import add_webhooks
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, AGENT_EMAIL, AGENT_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, sql
from tests.factories import make_site, make_survey

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("ADMIN_SHOTS", "/tmp/admin-shots"))
SIZES = {"laptop": (1366, 800), "tablet": (820, 1180)}
COMMENTS = [None, None, "Great prices and fast delivery", "The checkout was confusing", "Could not find my size",
            "=HYPERLINK(\"http://evil.example\")", "<img src=x onerror=alert(1)>"]


@pytest.fixture
def demo(app, make_user):
    """A site with live, paused and draft surveys, a few hundred responses and display counts, and cases."""
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    make_user(VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    make_user(AGENT_EMAIL, AGENT_PASSWORD, "agent")
    rng = random.Random(4)
    now = dt.datetime.now(dt.UTC)
    ago = lambda days: now - dt.timedelta(days=rng.random() * days)
    site_id, key = make_site(app, name="Demo shop")
    nps = make_survey(app, site_id, "nps", touchpoint="Product page", journey_stage="consideration",
                      audience={"include": [{"match": "starts_with", "value": "/shop", "target": "path"}]})
    checkout = make_survey(app, site_id, "nps", touchpoint="Checkout", journey_stage="purchase")
    csat = make_survey(app, site_id, "csat", touchpoint="Order confirmation")
    make_survey(app, site_id, "ces", status="paused")
    exit_survey = make_survey(app, site_id, "exit_intent", status="draft")
    rows = []
    for _ in range(200):
        score, comment = rng.choice([10, 10, 9, 9, 8, 7, 6, 5, 3, 0]), rng.choice(COMMENTS)
        rows.append({"answers": {"score": score, **({"followup": comment} if comment else {})}, "created_at": ago(80),
                     "device": rng.choice(["desktop", "desktop", "mobile", "tablet"]), "locale": rng.choice(["en", "ru", "de"]),
                     "path": rng.choice(["/shop/shoes", "/shop/bags", "/", "/blog/a-very-long-article-name-about-shoes"]),
                     "recovery": {"message": "My parcel was late", "contact_consent": True, "email": "me@example.com"}
                     if score < 3 else None})
    add_responses(app, nps, rows)
    add_responses(app, checkout, [{"score": rng.choice([3, 5, 6, 7, 9]), "created_at": ago(50)} for _ in range(40)])
    add_responses(app, csat, [{"score": rng.choice([5, 4, 4, 3, 2]), "created_at": ago(50)} for _ in range(50)])
    add_responses(app, exit_survey, [{"answers": {"reason": rng.choice(["price", "not_found", "other"])}, "created_at": ago(20)}
                                     for _ in range(30)])
    add_event_counts(app, nps, {(now - dt.timedelta(days=d)).date().isoformat(): 12 for d in range(80)})
    add_webhooks(app, site_id)
    add_alerts(app, site_id, checkout)
    agent = sql(app, "SELECT id FROM users WHERE email = :e", e=AGENT_EMAIL)[0][0]
    enable_cases(app, site_id, touchpoint_owners=[{"touchpoint": "Checkout", "user_id": agent}])
    client = app.test_client()
    open_cases(app, client, key, checkout, [1], "My parcel arrived broken and nobody answers the phone",
               {"message": "Please call me back, order 5521", "email": "ann@example.com", "consent": "yes"})
    open_cases(app, client, key, nps, [0, 4])
    return {"site": site_id, "nps": nps, "exit": exit_survey, "case": 1}


SCREENS = [  # name, hash, an element that proves the screen rendered
    ("sites", "#/sites", ".site-card"),
    ("surveys", "#/sites/{site}", ".table tbody tr"),
    ("settings", "#/sites/{site}/settings", ".code pre"),
    ("builder", "#/surveys/{nps}", ".preview-frame"),
    ("rule-tester", "#/sites/{site}/rules", ".verdict"),
    ("results", "#/surveys/{nps}/results", ".chart canvas"),
    ("custom-results", "#/surveys/{exit}/results", ".response"),
    ("touchpoint-map", "#/sites/{site}/map", ".touchpoint.weakest"),
    ("users", "#/users", ".table tbody tr"),
    ("webhooks", "#/sites/{site}/webhooks", ".endpoint .log-table tbody tr"),
    ("alerts", "#/sites/{site}/alerts", ".mail-log tbody tr"),
    ("inbox", "#/inbox/all", ".table.cases tbody tr"),
    ("case", "#/cases/{case}", ".timeline .entry"),
]


def sign_in(page, base, email, password):
    page.goto(base)
    page.fill("#signin-email", email)
    page.fill("#signin-password", password)
    page.click("button[type=submit]")
    page.locator(".topbar .who").wait_for()


@pytest.fixture
def panel(browser, live_server):
    """Open the admin signed in (as the admin unless told otherwise) at a route; contexts close after the test."""
    contexts = []

    def open_at(route: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
        context = browser.new_context(viewport={"width": 1366, "height": 800})
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url + "/admin/", email, password)
        page.goto(live_server.url + "/admin/" + route)
        return page
    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_every_screen_renders_cleanly(browser, live_server, demo, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    # the first GET /api/admin/session answers 401 before sign-in: that is how the panel learns it must ask
    page.on("console", lambda msg: msg.type == "error" and "401" not in msg.text and problems.append(msg.text))
    base = live_server.url + "/admin/"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(base)
    page.locator("#signin-email").wait_for()
    page.screenshot(path=str(SHOTS / f"{size}-sign-in.png"))
    sign_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    for name, route, ready in SCREENS:
        page.goto(base + route.format(**demo))
        page.locator(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        if name == "builder":
            page.evaluate("document.querySelectorAll('details.section').forEach(d => d.open = true)")
            page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {size} is {overflow}px wider than the window"
        page.screenshot(path=str(SHOTS / f"{size}-{name}.png"), full_page=True)
    # stored markup is shown as text, never run
    page.goto(base + f"#/surveys/{demo['nps']}/results")
    page.get_by_role("search").get_by_label("Search comments").fill("onerror")
    page.locator(".comment", has_text="<img src=x onerror=alert(1)>").first.wait_for()
    assert page.locator(".responses img").count() == 0
    assert problems == []
    context.close()


def test_the_preview_switches_steps_and_sizes(panel, demo):
    page = panel(f"#/surveys/{demo['nps']}")
    popup = page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]")
    popup.get_by_role("button", name="10", exact=True).wait_for()
    page.locator(".preview").get_by_role("button", name="Detractor").click()
    popup.get_by_text("Can we put this right?").wait_for()  # new surveys: the recovery step in the popup
    page.locator(".preview").get_by_role("button", name="Phone").click()
    assert page.locator(".preview-frame").evaluate("f => f.style.width") == "390px"
    page.locator("details[data-section=texts] > summary").click()
    page.locator("[data-field='texts.en.thanks'] textarea").fill("Sorry to hear that!")
    popup.get_by_text("Sorry to hear that!").wait_for()  # the unsaved text is previewed
    page.wait_for_timeout(400)  # the popup's fade-in
    page.screenshot(path=str(SHOTS / "laptop-preview-phone.png"))


def test_the_builder_names_bad_fields_inline(panel, demo):
    page = panel(f"#/surveys/{demo['nps']}")
    page.locator("details[data-section=texts] > summary").click()
    page.locator("details[data-section=texts] [data-field='texts.en.q.score'] textarea").fill("")
    page.locator("details[data-section=texts] [data-field='texts.en.q.score'] .field-error", has_text="Missing text").wait_for()
    page.locator("details[data-section=texts] [data-field='texts.en.q.score'] textarea").fill("Would you recommend us?")
    page.locator("details[data-section=outcomes] > summary").click()
    assert page.locator("[data-field='outcomes.recovery_url']").count() == 0, "asked for only when it is used"
    page.get_by_label("After a detractor answers").select_option("redirect")
    page.locator("[data-field='outcomes.recovery_url'] input").fill("javascript:alert(1)")
    page.locator("[data-field='outcomes.recovery_url'] .field-error", has_text="http or https").wait_for()
    assert page.locator("[data-field='texts.en.q.score'] .field-error").count() == 0
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Not saved: one field needs attention").wait_for()
    page.wait_for_timeout(600)  # the smooth scroll to the first error
    page.screenshot(path=str(SHOTS / "laptop-builder-errors.png"))


def test_viewers_see_results_but_no_controls(panel, demo):
    page = panel(f"#/surveys/{demo['nps']}", VIEWER_EMAIL, VIEWER_PASSWORD)
    page.get_by_text("You are a viewer").wait_for()
    assert page.get_by_role("button", name="Delete").count() == 0
    assert page.locator("[data-field=name] input").is_disabled()
    page.goto(page.url.split("#")[0] + f"#/sites/{demo['site']}")
    page.locator(".table tbody tr").first.wait_for()
    assert page.get_by_text("New survey from a template").count() == 0
