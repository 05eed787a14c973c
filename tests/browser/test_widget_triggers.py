"""Every trigger fires when it should and not before, on a hostile host page of another origin.

Times are compared in the page's clock: `armed` returns the page view's time as the widget
stored it, and the recorder stamps each touchpoint:shown event, so "not before" is checked
without fixed sleeps wherever the threshold is a time.
"""
from __future__ import annotations

import time

import pytest

from tests.browser.conftest import (
    IPHONE_13,
    armed,
    assert_not_shown,
    choose,
    events,
    exit_top,
    popup,
    settle,
    shown_at,
    stored,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_page_view_fires_after_its_delay(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 2})
    page = tp.open()
    viewed = armed(page)
    delay = shown_at(page) - viewed
    assert 2000 <= delay < 4500, delay
    assert events(page, "shown")[0]["trigger"] == "page_view"


def test_time_on_page_counts_visible_time_only(tp):
    tp.survey(trigger={"type": "time_on_page", "seconds": 2})
    page = tp.open()
    armed(page)
    # the tab goes to the background (as when another tab is opened) for longer than the threshold
    page.evaluate("""hidden => {
      window.__hide = h => { Object.defineProperty(document, 'hidden', {value: h, configurable: true});
        Object.defineProperty(document, 'visibilityState', {value: h ? 'hidden' : 'visible', configurable: true});
        document.dispatchEvent(new Event('visibilitychange')) }
      __hide(true) }""", True)
    back = page.evaluate("Date.now()") + 3000
    wait_until(page, back)
    assert_not_shown(page, "3 s in a hidden tab: nothing shown")
    page.evaluate("__hide(false)")
    # at most one visible second was counted before hiding, so at least one more must pass now
    assert shown_at(page) - back >= 900, "hidden time must not count"


def test_scroll_depth_fires_at_its_percentage(tp):
    tp.survey(trigger={"type": "scroll_depth", "percent": 50})
    page = tp.open(body="<p>A long article about shoes.</p>" * 300)
    armed(page)
    assert page.evaluate("innerHeight / document.documentElement.scrollHeight") < 0.2, "a long page"
    to = "f => scrollTo(0, f * document.documentElement.scrollHeight - innerHeight)"
    page.evaluate(to, 0.3)
    assert_not_shown(page, "scrolled to 30 %")
    page.evaluate(to, 0.45)
    assert_not_shown(page, "scrolled to 45 %")
    page.evaluate(to, 0.55)
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "scroll_depth"


def test_click_fires_on_its_selector_only(tp):
    tp.survey(trigger={"type": "click", "selector": ".promo"})
    page = tp.open(body='<p id="plain">Plain text</p><p class="promo">Deal of the day: <span id="inner">shoes</span></p>')
    armed(page)
    page.click("#plain")
    page.click("#headline")
    assert_not_shown(page, "clicks elsewhere")
    page.click("#inner")  # inside the selector's element: closest() matches
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "click"


def test_custom_event_fires_on_its_name_also_when_tracked_before_load(tp):
    tp.survey(trigger={"type": "custom_event", "event": "signup_done"})
    page = tp.open()
    armed(page)
    page.evaluate("touchpoint('track', 'signup_started'); touchpoint('track', 'Signup_Done')")
    assert_not_shown(page, "other event names")
    page.evaluate("touchpoint('track', 'signup_done')")
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "custom_event"

    # called through the queue stub before the widget has loaded: kept, and run once the config is in
    early = tp.open("/early", head="<script>window.touchpoint=function(){(touchpoint.q=touchpoint.q||[]).push(arguments)};"
                                    "touchpoint('track', 'signup_done')</script>")
    shown_at(early)


def test_exit_intent_on_desktop_needs_the_dwell_and_the_top_edge(tp):
    tp.survey(trigger={"type": "exit_intent", "min_dwell_seconds": 4, "touch": True})
    page = tp.open()
    viewed = armed(page)
    exit_top(page)
    assert page.evaluate("Date.now()") - viewed < 4000, "the machine was too slow to test before the dwell"
    assert_not_shown(page, "left through the top before the minimum dwell")
    wait_until(page, viewed + 4000)
    for x, y in ((-20, 400), (640, 820), (1300, 400)):  # out through the left, the bottom, the right
        page.mouse.move(640, 400)
        page.mouse.move(x, y, steps=3)
    assert_not_shown(page, "leaving through the sides or the bottom is not exit intent")
    exit_top(page)
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "exit_intent"


def drag(cdp, y_from: float, y_to: float, steps: int, pause: float) -> None:
    """A real finger drag on the touch screen (the page scrolls the other way, with momentum)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": 200, "y": y_from}]})
    for i in range(1, steps + 1):
        y = y_from + (y_to - y_from) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": 200, "y": y}]})
        time.sleep(pause)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_exit_intent_on_a_phone_is_a_fast_scroll_up(tp):
    tp.survey(trigger={"type": "exit_intent", "min_dwell_seconds": 0, "touch": True})
    context = tp.context(**IPHONE_13)
    page = tp.open(context=context)
    armed(page)
    cdp = context.new_cdp_session(page)
    drag(cdp, 150, 350, 4, 0.02)  # a flick up at the very top: nothing above to scroll back to
    settle(page)
    for _ in range(3):  # read down the page
        drag(cdp, 600, 150, 15, 0.03)
    page.wait_for_function("() => scrollY > 800")
    top = page.evaluate("scrollY")
    drag(cdp, 200, 450, 25, 0.06)  # scroll back up slowly, as when re-reading a paragraph
    page.wait_for_timeout(600)  # let any momentum die out
    assert top - page.evaluate("scrollY") > 150, "the slow drag scrolled up further than a flick must"
    assert_not_shown(page, "a slow scroll up is reading, not leaving")
    drag(cdp, 150, 550, 4, 0.01)  # a fast flick towards the address bar
    shown_at(page)
    assert events(page, "shown")[0]["trigger"] == "exit_intent"
    assert popup(page).is_visible()
    cdp.detach()


def test_spa_navigation_re_evaluates_url_rules_and_drops_the_old_triggers(tp):
    shop = tp.survey(trigger={"type": "page_view", "delay_seconds": 0},
                     audience={"include": [{"match": "starts_with", "value": "/shop", "target": "path"}]})
    sale = tp.survey("csat", trigger={"type": "page_view", "delay_seconds": 2},
                     audience={"include": [{"match": "regex", "value": "^/sale/?$", "target": "path"}]})
    tp.host.put("*", tp.page_html())
    page = tp.visit(tp.host.origin + "/")
    armed(page)
    assert_not_shown(page, "/ matches no survey")
    page.evaluate("history.pushState({}, '', '/shop/shoes')")
    shown_at(page)
    assert events(page, "shown")[0]["surveyId"] == shop
    popup(page).get_by_role("button", name="Close").click()

    # /sale arms a 2 s timer; leaving before it runs must cancel it
    page.evaluate("history.pushState({}, '', '/sale')")
    left = page.evaluate("Date.now()")
    page.evaluate("history.pushState({}, '', '/about')")
    wait_until(page, left + 3000)
    assert popup(page).count() == 0 and len(events(page, "shown")) == 1, "the /sale timer was dropped on leaving"
    page.go_back()  # popstate back to /sale: evaluated again, the timer runs in full
    page.wait_for_function("location.pathname == '/sale'")
    back = page.evaluate("Date.now()")
    popup(page).wait_for()
    sale_shown = events(page, "shown")[1]
    assert sale_shown["surveyId"] == sale and sale_shown["at"] - back >= 1900
    assert stored(page)["n"] == 5, "every navigation is a page view: / /shop/shoes /sale /about /sale"
    choose(page, 5)
    assert events(page, "answered")[-1]["surveyId"] == sale
