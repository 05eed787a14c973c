"""Keyboard and ARIA: the survey can be completed with the keyboard alone, Escape closes and gives
the focus back; on a phone the popup is a bottom sheet with touch targets of at least 44 px."""
from __future__ import annotations

import pytest

from tests.browser.conftest import IPHONE_13, armed, drained, popup, shown_at

pytestmark = pytest.mark.browser
QUESTION = "How likely are you to recommend us to a friend?"
REVIEW = "https://g.page/r/example/review"
FOCUSED = "() => { const a = document.activeElement, r = a && a.shadowRoot, f = r ? r.activeElement : a;" \
          " return f && (f.getAttribute('role') || f.textContent || f.tagName) }"


def focused(page) -> str:
    """What has the focus: its role, else its text, else its tag (inside the widget's shadow root too)."""
    return page.evaluate(FOCUSED)


def test_the_survey_can_be_completed_with_the_keyboard_alone(tp):
    tp.survey(trigger={"type": "custom_event", "event": "open"}, followup={"enabled": True, "max_length": 1000},
              outcomes={"review_url": REVIEW})
    page = tp.open()
    armed(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "top-link"
    page.evaluate("touchpoint('track', 'open')")
    shown_at(page)

    dialog = page.get_by_role("dialog", name=QUESTION)
    assert dialog.is_visible() and dialog.get_attribute("aria-modal") in (None, "false"), "not modal: the page stays usable"
    assert dialog.get_by_role("group", name=QUESTION).get_by_role("button").count() == 11
    assert dialog.get_by_role("button", name="Close").is_visible()
    assert focused(page) == "dialog", "the popup takes the focus from a link (not from a text field)"
    for _ in range(10):
        page.keyboard.press("Tab")
    assert focused(page) == "9"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "8"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # the dialog is now named by the follow-up question, which also labels the text box
    followup = "What do you like most?"
    page.get_by_role("dialog", name=followup).get_by_role("textbox", name=followup).wait_for()
    page.keyboard.press("Tab")
    assert focused(page) == "TEXTAREA"
    page.keyboard.type("Fast delivery")
    page.keyboard.press("Tab")
    assert focused(page) == "Send"
    page.keyboard.press("Space")

    thanks = page.get_by_role("dialog", name="Thank you for your feedback!")
    # the review link comes with the outcome file, fetched once the survey is finished: wait for it, or a fast
    # Tab reaches the close button first (seen in CI)
    thanks.get_by_role("link", name="Leave us a review").wait_for()
    page.keyboard.press("Tab")
    assert focused(page) == "Leave us a review"
    page.keyboard.press("Escape")
    assert popup(page).count() == 0
    assert page.evaluate("document.activeElement.id") == "top-link", "the focus went back where it was"
    drained(page)  # the score went first, the follow-up second: both acknowledged
    [row] = tp.responses()
    assert (row["answers"], row["completed"]) == ({"score": 9, "followup": "Fast delivery"}, True)


def test_the_popup_leaves_the_focus_in_a_field_the_visitor_is_typing_in(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 1})
    page = tp.open(body='<input id="search" type="text">')
    page.click("#search")
    page.keyboard.type("red sh")
    shown_at(page)
    page.keyboard.type("oes")
    page.keyboard.press("Escape")  # in a text field, Escape belongs to the field, not to the popup
    assert page.input_value("#search") == "red shoes" and popup(page).is_visible()


def test_on_a_phone_the_popup_is_a_bottom_sheet_with_44px_touch_targets(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0}, followup={"enabled": True, "max_length": 1000},
              outcomes={"share": {"networks": ["x", "facebook", "vk", "email", "copy"], "url": "https://shop.example/"},
                        "review_url": REVIEW})
    page = tp.open(**IPHONE_13)
    shown_at(page)
    width, height = IPHONE_13["viewport"]["width"], IPHONE_13["viewport"]["height"]
    box = popup(page).bounding_box()
    assert (box["x"], box["width"], round(box["y"] + box["height"])) == (0, width, height), box

    def small_targets():
        sizes = popup(page).locator("button, a, textarea").evaluate_all(
            "els => els.map(e => [e.textContent || e.tagName, e.getBoundingClientRect()])"
            ".map(([name, r]) => [name, r.width, r.height])")
        assert sizes, "there are targets"
        return [s for s in sizes if s[1] < 44 or s[2] < 44]

    assert small_targets() == []
    popup(page).get_by_role("button", name="10", exact=True).tap()
    popup(page).get_by_role("textbox").wait_for()
    assert small_targets() == []
    popup(page).get_by_role("button", name="Send").tap()
    popup(page).get_by_role("link", name="X").wait_for()
    assert small_targets() == []


def test_on_a_short_screen_the_popup_scrolls_inside_and_never_leaves_it(tp):
    """A phone with its keyboard up, or on its side: the popup and its close button stay on screen."""
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0},
              outcomes={"share": {"networks": ["x", "facebook", "linkedin", "vk", "telegram", "whatsapp", "email", "copy"],
                                  "url": "https://shop.example/"}, "review_url": REVIEW})
    page = tp.open(**{**IPHONE_13, "viewport": {"width": 390, "height": 260}})
    shown_at(page)
    popup(page).get_by_role("button", name="10", exact=True).tap()
    popup(page).get_by_role("link", name="X").wait_for()
    box, close = popup(page).bounding_box(), popup(page).get_by_role("button", name="Close").bounding_box()
    assert box["y"] >= 0 and round(box["y"] + box["height"]) == 260, box
    assert close["y"] >= 0, close
    assert popup(page).evaluate("el => el.scrollHeight > el.clientHeight"), "the rest is a scroll away"


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_nps_scale_is_two_deliberate_rows_whose_labels_mark_0_and_10(tp, width):
    """0–5, then 6–10 ending at the right edge: "10" is never mid-row, and every target stays 44 px."""
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    page = tp.open(**{**IPHONE_13, "viewport": {"width": width, "height": 740}})
    shown_at(page)
    boxes = {n: popup(page).get_by_role("button", name=str(n), exact=True).bounding_box() for n in range(11)}
    low, high = (popup(page).get_by_text(text, exact=True).bounding_box() for text in ("Not likely", "Very likely"))
    rows = sorted({round(b["y"]) for b in boxes.values()})
    assert len(rows) == 2
    assert [n for n in range(11) if round(boxes[n]["y"]) == rows[0]] == [0, 1, 2, 3, 4, 5]
    assert round(boxes[10]["x"] + boxes[10]["width"]) == round(boxes[5]["x"] + boxes[5]["width"]), "10 ends the second row"
    assert round(boxes[6]["x"]) == round(boxes[1]["x"]), "the second row starts one column in"
    right_end = lambda box: round(box["x"] + box["width"])
    assert round(low["x"]) == round(boxes[0]["x"]) and right_end(high) == right_end(boxes[10]), "the labels mark 0 and 10"
    assert low["y"] > boxes[10]["y"], "the labels sit under the scale"
    assert all(b["width"] >= 44 and b["height"] >= 44 for b in boxes.values()), boxes


def contrast(a: tuple, b: tuple) -> float:
    def luminance(rgb):
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("brand", ["#fde047", "#4f46e5", "#111111"])
def test_the_focus_ring_contrasts_with_the_card_whatever_the_brand(tp, theme, brand):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0}, appearance={"theme": theme, "brand_color": brand})
    page = tp.open()
    shown_at(page)
    page.keyboard.press("Tab")
    ring = page.evaluate("""() => {
      const root = document.querySelector('touchpoint-widget').shadowRoot, el = root.activeElement
      const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)
      return { outline: rgb(getComputedStyle(el).outlineColor), width: parseFloat(getComputedStyle(el).outlineWidth),
               style: getComputedStyle(el).outlineStyle, card: rgb(getComputedStyle(root.querySelector('.w')).backgroundColor) }
    }""")
    assert ring["style"] == "solid" and ring["width"] >= 2
    assert contrast(tuple(ring["outline"]), tuple(ring["card"])) >= 3, ring
