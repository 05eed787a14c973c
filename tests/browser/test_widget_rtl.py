"""Right-to-left pages: the popup mirrors its corner, close button, scale and text, and speaks Arabic or Hebrew
with its built-in strings; the hosted recovery page turns right-to-left too."""
from __future__ import annotations

import pytest

from tests.browser import axe
from tests.browser.conftest import DESKTOP, IPHONE_13, SHOTS, choose, popup, shown_at

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}


def rtl_page(tp, lang: str) -> str:
    return tp.page_html(css="plain").replace('<html lang="en">', f'<html lang="{lang}" dir="rtl">', 1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_arabic_page_gets_a_mirrored_popup_in_arabic(tp, device):
    tp.survey(trigger=NOW, texts={"en": {"q.score": "How likely are you to recommend us?"},
                                  "ar": {"q.score": "ما مدى احتمال أن توصي بنا لصديق؟"}},
              appearance={"position": "bottom-right"})
    context = tp.context(**{"desktop": DESKTOP, "phone": IPHONE_13}[device])
    axe.install(context)
    page = tp.open(html=rtl_page(tp, "ar"), context=context)
    shown_at(page)
    box = popup(page)
    view = page.viewport_size
    frame, close = box.bounding_box(), box.get_by_role("button", name="إغلاق").bounding_box()
    zero, ten = (box.get_by_role("button", name=n, exact=True).bounding_box() for n in ("0", "10"))
    low, high = box.get_by_text("غير محتمل").bounding_box(), box.get_by_text("محتمل جدًا").bounding_box()
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    if device == "desktop":
        assert frame["x"] < view["width"] / 2, "bottom-right mirrors to the reading end's corner: the left"
    assert close["x"] < frame["x"] + frame["width"] / 2, "the close button sits at the start: the left"
    assert zero["x"] > ten["x"], "0 on the right, 10 towards the left"
    assert low["x"] > high["x"], "the scale's labels mirror too"
    violations = axe.audit(page, "touchpoint-widget")
    assert axe.blocking(violations) == [], axe.summary(violations)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{device}-rtl-ar.png", animations="disabled")
    choose(page, 2)
    box.get_by_text("هل يمكننا إصلاح ذلك؟", exact=False).wait_for()
    page.screenshot(path=SHOTS / f"{device}-rtl-ar-recovery.png", animations="disabled")


def test_a_hebrew_page_gets_hebrew_buttons(tp):
    tp.survey(trigger=NOW, followup={"enabled": True, "max_length": 500},
              texts={"he": {"q.score": "מה הסיכוי שתמליצו עלינו?"}}, default_locale="he")
    page = tp.open(html=rtl_page(tp, "he"))
    shown_at(page)
    choose(page, 9)
    popup(page).get_by_role("button", name="שליחה").wait_for()
    assert popup(page).get_by_text("למה הציון הזה?").is_visible()
