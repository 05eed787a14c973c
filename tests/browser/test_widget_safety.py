"""Host-page safety: strict CSP, inert survey texts, silence on a wrong key or a dead server,
GPC/DNT honoured, one global, no layout shift, DOM events mirrored to dataLayer."""
from __future__ import annotations

import base64
import hashlib

import pytest

from server.catalog.templates import template
from tests.browser.conftest import (
    SHOTS,
    armed,
    choose,
    events,
    noise,
    popup,
    settle,
    shown_at,
    wait_until,
)

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}
STUB = "window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}"


def test_a_strict_csp_page_works_without_a_single_violation(tp):
    tp.survey(trigger=NOW, outcomes={"share": {"networks": ["x", "copy"], "url": "https://shop.example/"},
                                     "review_url": "https://g.page/r/example/review"})
    stub_hash = base64.b64encode(hashlib.sha256(STUB.encode()).digest()).decode()
    policy = (f"default-src 'self'; script-src 'self' {tp.server.url} 'sha256-{stub_hash}'; style-src 'self'; "
              f"connect-src {tp.server.url}; img-src 'self'; frame-ancestors 'none'")
    page = tp.open(headers={"Content-Security-Policy": policy})
    shown_at(page)
    choose(page, 10)
    popup(page).get_by_role("link", name="X").wait_for()
    assert popup(page).evaluate("el => getComputedStyle(el).position") == "fixed", "its stylesheet applied"
    assert [(r["score"], r["completed"]) for r in tp.wait_responses()] == [(10, True)]
    settle(page)
    assert page.evaluate("window.__csp") == [] and noise(page) == []


def test_survey_texts_that_look_like_html_stay_text(tp):
    texts = template("nps")["texts"]
    texts["en"].update({"title": '<img src=x onerror="window.__pwned=1">',
                        "q.score": "<b>Bold?</b><img src=x onerror=window.__pwned=2>",
                        "thanks": "<script>window.__pwned=3</script>Thanks"})
    tp.survey(trigger=NOW, texts=texts)
    page = tp.open()
    shown_at(page)
    box = popup(page)
    assert box.get_by_text('<img src=x onerror="window.__pwned=1">', exact=True).is_visible()
    assert box.get_by_text("<b>Bold?</b><img src=x onerror=window.__pwned=2>", exact=True).is_visible()
    choose(page, 7)
    box.get_by_text("<script>window.__pwned=3</script>Thanks", exact=True).wait_for()
    settle(page)
    assert popup(page).evaluate("el => el.getRootNode().querySelectorAll('img, b, script').length") == 0, "shadow root"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.__pwned") is None


def test_a_wrong_site_key_or_a_dead_server_leaves_no_trace_in_the_console(tp):
    tp.survey(trigger=NOW)
    context = tp.context()
    with_debug = {}
    for debug in ("", "?touchpoint_debug=1"):
        with context.expect_event("response", lambda r: "/config" in r.url) as config:
            page = tp.open("/wrong" + debug, html=tp.page_html(key="no-such-site"), context=context)
        assert config.value.status == 200, "a failed request would make the browser itself log an error"
        settle(page)
        assert popup(page).count() == 0
        # not even the browser's own "Failed to load resource" line: the page's console stays clean
        with_debug["wrong key" + debug] = [(k, t) for k, t in page.logs if k in ("error", "warning")] + page.errors

    page = tp.open("/", context=context)  # a working page: the widget script is now in the HTTP cache
    shown_at(page)
    tp.server.stop()
    for debug in ("", "?touchpoint_debug=1"):
        page = tp.open("/down" + debug, html=tp.page_html(key="another-site"), context=context)
        page.wait_for_function("window.touchpoint && touchpoint.tp")  # the widget runs, from the cache
        wait_until(page, page.evaluate("Date.now()") + 500)
        with_debug["server down" + debug] = noise(page)
    tp.server.start()

    assert with_debug["wrong key"] == [] and with_debug["server down"] == []
    for case, warning in (("wrong key", "[touchpoint] unknown site key"), ("server down", "[touchpoint] no config")):
        [(kind, text)] = with_debug[case + "?touchpoint_debug=1"]
        assert kind == "warning" and text.startswith(warning), (case, text)


GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true})"
DNT = "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1', configurable: true})"


@pytest.mark.parametrize("setting, signal, silent", [
    ("honor_gpc", GPC, True), ("honor_dnt", DNT, True), (None, GPC, False), ("honor_gpc", DNT, False)],
    ids=["gpc-honoured", "dnt-honoured", "gpc-not-honoured", "dnt-without-its-setting"])
def test_gpc_and_dnt_keep_the_widget_silent_when_the_site_honours_them(tp, setting, signal, silent):
    if setting:
        tp.configure_site(**{setting: True})
    tp.survey(trigger=NOW)
    context = tp.context()
    context.add_init_script(signal)
    posts = []
    context.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    with context.expect_event("response", lambda r: "/config" in r.url):
        page = tp.open(context=context)
    if not silent:
        shown_at(page)
        page.wait_for_function("localStorage.getItem('touchpoint') != null")
        return
    wait_until(page, page.evaluate("Date.now()") + 1200)  # past the first tick of every trigger
    assert popup(page).count() == 0 and events(page) == []
    assert page.evaluate("localStorage.getItem('touchpoint')") is None, "nothing stored"
    assert posts == [], "nothing sent"


def test_one_global_no_layout_shift_and_events_for_the_host_page(tp):
    survey = tp.survey(trigger={"type": "page_view", "delay_seconds": 1})
    page = tp.open(head="<script>window.dataLayer = []; window.__before = Object.keys(window)</script>")
    armed(page)
    layout = ("() => [...document.querySelectorAll('#headline, #article, #footer')]"
              ".map(e => JSON.stringify(e.getBoundingClientRect()))"
              ".concat(document.documentElement.scrollHeight, document.documentElement.scrollWidth)")
    before = page.evaluate(layout)
    page.evaluate("window.__shift = 0; new PerformanceObserver(l => l.getEntries().forEach(e => __shift += e.value))"
                  ".observe({type: 'layout-shift'})")
    shown_at(page)
    settle(page)
    assert page.evaluate(layout) == before and page.evaluate("__shift") == 0, "the page did not move"

    choose(page, 9)
    popup(page).get_by_role("button", name="Close").click()
    rid = events(page, "answered")[0]["responseId"]
    details = [{k: v for k, v in e.items() if k != "at"} for e in events(page)]
    assert details == [{"name": "shown", "surveyId": survey, "trigger": "page_view"},
                       {"name": "answered", "surveyId": survey, "responseId": rid, "score": 9, "category": "promoter",
                        "completed": True},
                       {"name": "closed", "surveyId": survey, "answered": True}]
    mirrored = page.evaluate("dataLayer")
    assert mirrored == [{"event": "touchpoint:" + d.pop("name"), "touchpoint": d} for d in details]
    new = page.evaluate("Object.keys(window).filter(k => !__before.includes(k) && !k.startsWith('__'))")
    assert new == ["touchpoint"]
    assert noise(page) == []


def test_the_hostile_page_css_does_not_reach_the_popup(tp):
    tp.survey(trigger=NOW)
    page = tp.open()
    shown_at(page)
    style = popup(page).evaluate("""el => { const s = getComputedStyle(el), b = getComputedStyle(el.querySelector('button'));
      return [s.position, s.fontSize, s.lineHeight, s.letterSpacing, s.color, b.display, b.fontSize] }""")
    assert style == ["fixed", "15px", "21px", "normal", "rgb(0, 0, 0)", "block", "15px"], style
    box = popup(page).bounding_box()
    assert (box["width"], box["x"] + box["width"], box["y"] + box["height"]) == (400, 1280 - 16, 800 - 16), box
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "desktop-hostile-page.png", animations="disabled")


def test_a_second_copy_of_the_script_does_nothing(tp):
    tp.survey(trigger=NOW)
    context = tp.context()
    configs = []
    context.on("request", lambda r: "/config" in r.url and configs.append(r.url))
    page = tp.open(body=f'<script async src="{tp.server.url}/widget.js" data-site="{tp.key}"></script>', context=context)
    shown_at(page)
    wait_until(page, page.evaluate("Date.now()") + 500)
    assert page.locator("touchpoint-widget").count() == 1 and len(events(page, "shown")) == 1
    assert len(configs) == 1 and noise(page) == []
