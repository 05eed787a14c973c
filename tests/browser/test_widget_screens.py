"""Screenshots of the popup for people to look at: desktop (1280×800) and iPhone 13, light and dark,
NPS and CSAT, the promoter outcome, and the detractor's recovery step in the popup. They land in $WIDGET_SHOTS (default
/tmp/widget-shots); each shot also checks that the popup lies inside the viewport."""
from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, IPHONE_13, SHOTS, choose, popup, shown_at

pytestmark = pytest.mark.browser
DEVICES = {"desktop": DESKTOP, "phone": IPHONE_13}
OUTCOMES = {"share": {"networks": ["x", "facebook", "linkedin", "vk", "telegram", "whatsapp", "email", "copy"],
                      "url": "https://shop.example/"},
            "review_url": "https://g.page/r/example/review"}


def shoot(page, name: str) -> None:
    box, view = popup(page).bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, (name, box)
    assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], (name, box)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", animations="disabled")


def plain_page(tp) -> str:
    return tp.page_html(css="plain")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["nps", "csat"])
def test_question_screenshot(tp, device, theme, kind):
    tp.survey(kind, trigger={"type": "page_view", "delay_seconds": 0},
              appearance={"theme": theme, "position": "bottom-right"})
    page = tp.open(html=plain_page(tp), **DEVICES[device])
    shown_at(page)
    shoot(page, f"{device}-{theme}-{kind}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("score, outcome", [(10, "promoter"), (3, "detractor")])
def test_outcome_screenshot(tp, device, score, outcome):
    tp.survey("nps", trigger={"type": "page_view", "delay_seconds": 0}, outcomes=OUTCOMES)
    page = tp.open(html=plain_page(tp), **DEVICES[device])
    shown_at(page)
    choose(page, score)
    popup(page).get_by_role("link").first.wait_for()
    if outcome == "detractor":
        popup(page).get_by_text("Can we put this right?").wait_for()
    shoot(page, f"{device}-{outcome}")
