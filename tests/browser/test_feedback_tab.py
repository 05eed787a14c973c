"""The feedback tab (trigger feedback_button): a button on a screen edge that opens its survey when the visitor
asks, reached with the keyboard alone, on the pages its audience allows, loaded as a chunk only where needed."""
from __future__ import annotations

import json

import pytest

from tests.browser import axe
from tests.browser.conftest import IPHONE_13, SHOTS, choose, drained, events, noise, popup, settle, shown_at
from tests.browser.test_admin_polish import admin_at, builder_trigger, shot  # noqa: F401 (fixture)
from tests.browser.test_admin_screens import demo, panel  # noqa: F401 (fixtures)
from tests.conftest import sql

pytestmark = pytest.mark.browser
TAB = {"type": "feedback_button", "side": "right"}


def tab(page):
    """The tab's button inside its shadow root."""
    return page.locator("touchpoint-tab button")


def texts(**extra) -> dict:
    from server.catalog.templates import template
    catalogue = template("nps")["texts"]
    catalogue["en"].update(extra)
    return catalogue


def test_the_tab_opens_its_survey_with_the_keyboard_alone(tp):
    tp.survey(trigger=TAB, texts=texts(tab="Tell us"))
    page = tp.open()
    tab(page).wait_for()
    assert tab(page).inner_text() == "Tell us"
    for _ in range(12):  # the page's own link first; the tab is the last stop of the page
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.localName") == "touchpoint-tab":
            break
    assert tab(page).evaluate("b => b.getRootNode().activeElement == b"), "the tab takes the keyboard focus"
    page.keyboard.press("Enter")
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "feedback_button"
    page.keyboard.press("Tab")  # into the scale
    focused = popup(page).evaluate("box => box.getRootNode().activeElement.textContent")
    page.keyboard.press("Enter")
    drained(page)
    [response] = tp.wait_responses()
    assert response["trigger"] == "feedback_button" and response["answers"]["score"] == int(focused)
    page.keyboard.press("Escape")
    popup(page).wait_for(state="detached")
    assert tab(page).evaluate("b => b.getRootNode().activeElement == b"), "closing gives the focus back to the tab"


def test_a_visitor_who_asks_again_gets_the_survey_again_but_one_popup_at_a_time_holds(tp):
    tp.survey(trigger=TAB, frequency={"mode": "once"})
    context = tp.context()
    page = tp.open(context=context)
    tab(page).click()
    shown_at(page)
    choose(page, 9)
    drained(page)
    page.reload()
    tab(page).click()  # answered once: a popup trigger would stay silent now
    shown_at(page)
    choose(page, 10)
    drained(page)
    assert [r["score"] for r in tp.wait_responses()] == [9, 10]

    tp.survey(trigger={"type": "page_view", "delay_seconds": 0}, name="Welcome")
    page = tp.open("/other")  # a new visitor: the site's cooldown between popups does not hold the welcome back
    shown_at(page)
    tab(page).click()
    settle(page)
    assert popup(page).count() == 1 and len(events(page, "shown")) == 1, "the open popup stays the only one"


def test_the_tab_keeps_to_the_pages_its_audience_allows_across_spa_navigation(tp):
    tp.survey(trigger={**TAB, "side": "left"}, audience={"exclude": [{"match": "contains", "value": "/cart",
                                                                       "target": "path"}]})
    context = tp.context(locale="ru-RU")
    page = tp.open("/", html=tp.page_html().replace('<html lang="en">', '<html lang="ru">'), context=context)
    tab(page).wait_for()
    assert tab(page).inner_text() == "Отзыв", "the built-in label in the visitor's language"
    box = tab(page).bounding_box()
    assert box["x"] == 0 and box["height"] > box["width"], "an upright tab on the left edge"
    page.evaluate("history.pushState({}, '', '/cart')")
    tab(page).wait_for(state="detached")
    page.evaluate("history.back()")
    tab(page).wait_for()
    assert page.locator("touchpoint-tab").count() == 1, "one tab, never a second one"


def test_pages_without_a_feedback_tab_never_load_its_file(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    context = tp.context()
    loaded = []
    context.on("request", lambda r: "/widget-" in r.url and loaded.append(r.url))
    page = tp.open(context=context)
    shown_at(page)
    settle(page)
    assert page.locator("touchpoint-tab").count() == 0 and loaded == []


def test_a_tab_file_that_cannot_load_leaves_the_page_console_clean(tp):
    tp.survey(trigger=TAB)
    context = tp.context()
    context.route("**/widget-tab.*", lambda route: route.fulfill(status=503, body="down"))
    with context.expect_event("response", lambda r: "/widget-tab." in r.url):
        page = tp.open(context=context)
    settle(page)
    assert page.locator("touchpoint-tab").count() == 0
    assert noise(page) == [], "no uncaught rejection: the widget catches a failed chunk"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_tab_is_accessible_and_looked_at(tp, device):
    tp.survey(trigger=TAB, appearance={"brand_color": "#0f766e", "position": "bottom-right"})
    context = tp.context(**(IPHONE_13 if device == "phone" else {"viewport": {"width": 1366, "height": 800}}))
    axe.install(context)
    page = tp.open(html=tp.page_html(css="plain"), context=context)
    tab(page).wait_for()
    violations = axe.audit(page, "touchpoint-tab")
    print(f"feedback tab, {device}: {axe.summary(violations)}")
    assert axe.blocking(violations) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"feedback-tab-{device}.png"))
    tab(page).click()
    shown_at(page)
    page.wait_for_timeout(350)  # the popup's fade-in
    page.screenshot(path=str(SHOTS / f"feedback-tab-open-{device}.png"))
    box, viewport = tab(page).bounding_box(), page.viewport_size
    assert box["x"] + box["width"] == viewport["width"], "on the right edge"
    assert box["height"] >= 44 and box["width"] >= 44, "a 44 px touch target"


@pytest.mark.parametrize("width", [360, 1366])
def test_a_marketer_puts_a_survey_behind_a_tab_in_the_builder(app, admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['nps']}", width)
    builder_trigger(page, "feedback_button")
    page.locator("[data-field='trigger.side'] select").select_option("left")
    page.get_by_label("Tab label (en)").fill("Rate your order")
    assert page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]").is_visible(), \
        "the live preview still draws the popup"
    shot(page, "builder-feedback-tab")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    trigger, texts = sql(app, "SELECT trigger, texts FROM surveys WHERE id = :s", s=demo["nps"])[0]
    trigger, texts = (value if isinstance(value, dict) else json.loads(value) for value in (trigger, texts))
    assert trigger == {"type": "feedback_button", "side": "left"} and texts["en"]["tab"] == "Rate your order"
    page.locator("details[data-section=texts] > summary").click()
    assert page.get_by_label("Tab label", exact=True).input_value() == "Rate your order", \
        "the Texts section lists the tab's label, kept in step"
    assert page.errors == []
