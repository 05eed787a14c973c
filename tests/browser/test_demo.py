"""The demo shop that `make run` serves: the seeded surveys work on /demo under its strict CSP."""
import pytest

from server.catalog.demo import seed_demo
from tests.browser.conftest import SHOTS, choose, exit_top, popup, wait_for, watch
from tests.conftest import sql

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_app(app):
    with app.app_context():
        seed_demo()
    return app


@pytest.fixture
def shopper(browser):
    """A page of a fresh visitor that records CSP violations (window.__csp) and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    watch(page)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__csp = window.__csp || []).push(e.violatedDirective))")
    yield page
    context.close()


def test_the_demo_page_shows_the_exit_intent_nps_and_stores_the_answer(demo_app, live_server, shopper):
    page, failed = shopper, []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(live_server.url.replace("127.0.0.1", "localhost") + "/demo")
    page.wait_for_function("window.touchpoint && touchpoint.tp")
    assert page.locator("h1").all_inner_texts() == ["Products"], "the page has its one main heading"
    assert page.evaluate("fetch(document.querySelector('link[rel=icon]').href).then(r => r.status)") == 200
    page.wait_for_timeout(3200)  # the seeded survey's minimum dwell is 3 s
    exit_top(page)
    popup(page).wait_for()
    choose(page, 9)
    wait_for(lambda: sql(demo_app, "SELECT score FROM responses"), what="the answer to be stored")
    assert sql(demo_app, "SELECT score, trigger FROM responses") == [(9.0, "exit_intent")]
    assert page.evaluate("window.__csp") is None, "the demo's strict CSP is never violated"
    assert page.errors == []
    assert failed == [], "no request of the demo fails (a missing favicon logs a 404 in the console)"


def test_the_order_page_has_a_feedback_tab_and_the_products_page_has_none(demo_app, live_server, shopper):
    page = shopper
    base = live_server.url.replace("127.0.0.1", "localhost")
    page.goto(base + "/demo/thanks")
    tab = page.locator("touchpoint-tab button")
    tab.get_by_text("Rate your order").wait_for()
    tab.click()
    popup(page).get_by_text("How satisfied are you with your purchase?").wait_for()
    choose(page, 5)
    wait_for(lambda: sql(demo_app, "SELECT score FROM responses"), what="the answer to be stored")
    assert sql(demo_app, "SELECT score, trigger FROM responses") == [(5.0, "feedback_button")]
    page.goto(base + "/demo")
    page.wait_for_function("(JSON.parse(localStorage.getItem('touchpoint')) || {}).t >= performance.timeOrigin")
    assert page.locator("touchpoint-tab").count() == 0, "the tab keeps to the page its audience names"
    assert page.evaluate("window.__csp") is None and page.errors == []


def test_the_help_page_has_an_inline_survey_in_its_element(demo_app, live_server, shopper):
    page = shopper
    page.goto(live_server.url.replace("127.0.0.1", "localhost") + "/demo/help")
    card = page.locator(".inline-survey touchpoint-widget [role=region]")
    card.get_by_text("This article answered my question.").wait_for()
    assert page.locator("touchpoint-widget").count() == 1, "the inline card, and no popup yet"
    assert card.bounding_box()["height"] <= page.locator(".inline-survey").bounding_box()["height"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-help-inline-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_timeout(100)
    assert card.bounding_box()["height"] <= page.locator(".inline-survey").bounding_box()["height"], "on a phone too"
    page.screenshot(path=str(SHOTS / "demo-help-inline-360.png"), full_page=True)
    card.get_by_role("button", name="6", exact=True).click()
    wait_for(lambda: sql(demo_app, "SELECT score FROM responses"), what="the answer to be stored")
    assert sql(demo_app, "SELECT score, trigger FROM responses") == [(6.0, "inline")]
    assert page.evaluate("window.__csp") is None and page.errors == []
