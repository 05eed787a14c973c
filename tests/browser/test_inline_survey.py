"""Inline surveys (trigger inline): <div data-touchpoint-survey="ID"> anywhere in the page gets that survey as a card
filling its width, in its own shadow root; elements a single-page app adds and removes get and lose their card; the
page never moves, the focus stays where the visitor left it, and a page with popups alone never loads the file."""
from __future__ import annotations

import json

import pytest

from tests.browser import axe
from tests.browser.conftest import IPHONE_13, SHOTS, card, choose, drained, events, noise, popup, settle, shown_at
from tests.browser.test_admin_polish import admin_at, builder_trigger, shot  # noqa: F401 (fixture)
from tests.browser.test_admin_screens import demo, panel  # noqa: F401 (fixtures)
from tests.browser.test_survey_link import audit_now
from tests.conftest import sql

pytestmark = pytest.mark.browser
INLINE = {"type": "inline"}
# the element the builder hands out (admin/js/builder/targeting.js inlineElement), for survey {id}
ELEMENT = '<div data-touchpoint-survey="{id}" style="min-height:300px"></div>'
# every layout shift the page sees, recorded from the first paint on
SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => __shifts.push(...list.getEntries().map(e => e.value)))
  .observe({type: 'layout-shift', buffered: true});"""


def placed(page, survey_id: int):
    """The card inside the page's element for this survey."""
    return page.locator(f"[data-touchpoint-survey='{survey_id}'] touchpoint-widget [role=region]")


def test_an_inline_survey_fills_its_element_without_moving_the_page_or_taking_the_focus(tp):
    survey = tp.survey(trigger=INLINE, outcomes={})  # nothing follows a passive's thanks: a popup closes in 5 s
    context = tp.context()
    context.add_init_script(SHIFTS)
    # plain CSS: the hostile page's `all: unset !important` would take away the element's own reserved height
    page = tp.open("/article", html=tp.page_html(body=ELEMENT.format(id=survey), css="plain"), context=context)
    placed(page, survey).wait_for()
    settle(page)
    element = page.locator(f"[data-touchpoint-survey='{survey}']").bounding_box()
    box = placed(page, survey).bounding_box()
    assert abs(box["width"] - element["width"]) < 1 and abs(box["x"] - element["x"]) < 1, "it fills the element's width"
    assert box["height"] <= 300, f"the card ({box['height']} px) fits the element's reserved height"
    assert page.evaluate("__shifts") == [], "nothing on the page moved"
    assert page.evaluate("document.activeElement.localName") == "body", "an inline card does not take the focus"
    assert events(page, "shown") == [{"name": "shown", "at": events(page, "shown")[0]["at"], "surveyId": survey,
                                      "trigger": "inline"}]

    page.keyboard.press("Escape")  # the visitor closes something else: the card is part of the page and stays
    settle(page)
    assert placed(page, survey).count() == 1
    choose(page, 7)
    drained(page)
    [response] = tp.wait_responses()
    assert response["trigger"] == "inline" and response["answers"] == {"score": 7}
    page.wait_for_timeout(5500)
    assert placed(page, survey).inner_text().startswith("Thank you"), "an inline card keeps its thanks"
    assert "l" not in page.evaluate("JSON.parse(localStorage.touchpoint)"), "no popup display counted: no cooldown"
    assert noise(page) == []


def test_an_inline_card_is_no_popup_a_popup_still_shows_beside_it_and_it_shows_again_on_the_next_page(tp):
    inline = tp.survey(trigger=INLINE, frequency={"mode": "once"})
    popup_survey = tp.survey("csat", trigger={"type": "page_view", "delay_seconds": 0})
    context = tp.context()
    page = tp.open("/help", body=ELEMENT.format(id=inline), context=context)
    placed(page, inline).wait_for()
    shown_at(page)
    assert {(e["surveyId"], e["trigger"]) for e in events(page, "shown")} == {(inline, "inline"),
                                                                               (popup_survey, "page_view")}
    again = context.new_page()
    again.goto(page.url)
    placed(again, inline).wait_for()  # an article's "was this helpful?" asks on every article it is placed in
    assert popup(again).count() == 0, "the popup was shown once already (its frequency holds)"


def test_elements_the_page_adds_and_removes_get_and_lose_their_card(tp):
    survey = tp.survey(trigger=INLINE)
    page = tp.open("/app")
    page.wait_for_function("() => window.touchpoint && window.touchpoint.inline")  # the file is loaded for the page
    add = f"""() => {{ const d = document.createElement('div'); d.dataset.touchpointSurvey = '{survey}';
                      d.id = 'slot'; document.querySelector('#article').append(d) }}"""
    page.evaluate(add)
    placed(page, survey).wait_for()
    page.evaluate("document.querySelector('#slot').remove()")
    settle(page)
    assert page.locator("touchpoint-widget").count() == 0, "the card left with its element"
    page.evaluate(add)
    placed(page, survey).wait_for()
    assert [e["trigger"] for e in events(page, "shown")] == ["inline", "inline"], "a new element, a new card"
    drained(page)
    assert sql(tp.app, "SELECT type, count(*) FROM events GROUP BY type") == [("display", 2)]


def test_a_page_with_popups_alone_never_loads_the_inline_file_and_an_excluded_page_stays_empty(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    excluded = tp.survey(trigger=INLINE, audience={"exclude": [{"match": "contains", "value": "/checkout",
                                                                "target": "path"}]})
    context = tp.context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = tp.open("/checkout?touchpoint_debug=1", body=ELEMENT.format(id=excluded), context=context)
    shown_at(page)
    settle(page)
    assert not [url for url in requested if "widget-inline" in url], requested
    assert page.locator(f"[data-touchpoint-survey='{excluded}'] touchpoint-widget").count() == 0
    assert f"[touchpoint] survey {excluded} not shown here: page rules" in [text for _, text in page.logs]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_inline_card_on_a_phone_and_a_computer_passes_axe(tp, device):
    survey = tp.survey(trigger=INLINE)
    context = tp.context(**(IPHONE_13 | {"viewport": {"width": 360, "height": 740}} if device == "phone"
                            else {"viewport": {"width": 1366, "height": 900}}))
    axe.install(context)
    page = tp.open("/article", body="<h2>Was this article helpful?</h2>" + ELEMENT.format(id=survey), context=context)
    placed(page, survey).wait_for()
    settle(page)
    assert placed(page, survey).bounding_box()["height"] <= 300, "the builder's 300 px holds on this screen too"
    violations = axe.audit(page, "touchpoint-widget")
    print(f"inline survey, {device}: {axe.summary(violations)}")
    assert axe.blocking(violations) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    placed(page, survey).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"inline-{device}.png"))
    choose(page, 3)
    card(page).get_by_text("Thank you").wait_for()
    page.screenshot(path=str(SHOTS / f"inline-thanks-{device}.png"))


@pytest.mark.parametrize("width", [360, 1366])
def test_a_marketer_places_a_survey_inline_with_the_builders_element(app, admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['nps']}", width)
    builder_trigger(page, "inline")
    element = f'<div data-touchpoint-survey="{demo["nps"]}" style="min-height:300px"></div>'
    assert page.locator("details[data-section=trigger] pre code").inner_text() == element, \
        "the element to copy, the same the tests above place"
    assert ELEMENT.format(id=demo["nps"]) == element
    shot(page, "builder-inline")
    audit_now(page, f"builder inline trigger, {width}px")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    [(trigger,)] = sql(app, "SELECT trigger FROM surveys WHERE id = :s", s=demo["nps"])
    assert (trigger if isinstance(trigger, dict) else json.loads(trigger)) == {"type": "inline"}
    assert page.errors == []
