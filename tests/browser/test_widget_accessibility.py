"""axe-core over every state of the widget, on a computer and a phone, in the light and the dark theme:
the question, the follow-up, the promoter and passive outcomes, and the detractor's recovery step in the
popup, with its refusal and its thanks. Any serious or critical finding fails; counts by impact are printed
(run with -s).

The audit is scoped to the widget (its host element and open shadow root): the host page is the test's.
"""
from __future__ import annotations

import pytest

from tests.browser import axe
from tests.browser.conftest import DESKTOP, IPHONE_13, choose, popup, shown_at

pytestmark = pytest.mark.browser
DEVICES = {"desktop": DESKTOP, "phone": IPHONE_13}
OUTCOMES = {"share": {"networks": ["x", "facebook", "email", "copy"], "url": "https://shop.example/"},
            "review_url": "https://g.page/r/example/review"}
PATHS = {"promoter": 10, "passive": 8, "detractor": 3}  # a score for each outcome


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_widget_state_is_accessible(tp, device, theme):
    tp.survey("nps", trigger={"type": "page_view", "delay_seconds": 0}, followup={"enabled": True, "max_length": 500},
              appearance={"theme": theme, "position": "bottom-right"},
              outcomes=OUTCOMES)
    report, problems = {}, []

    def check(page, state):
        page.wait_for_timeout(350)  # the popup's fade-in: contrast is measured on the final colours
        violations = axe.audit(page, "touchpoint-widget")
        report[state] = violations
        problems.extend(f"{state}: {line}" for line in axe.blocking(violations))

    for outcome, score in PATHS.items():
        context = tp.context(**DEVICES[device])
        axe.install(context)
        page = tp.open(html=tp.page_html(css="plain"), context=context)
        shown_at(page)
        if outcome == "promoter":  # the question and the follow-up look alike for every score: audit them once
            check(page, "question")
        choose(page, score)
        popup(page).get_by_role("textbox").wait_for()
        if outcome == "promoter":
            check(page, "follow-up")
        popup(page).get_by_role("textbox").fill("Fast delivery")
        popup(page).get_by_role("button", name="Send").click()
        popup(page).get_by_role("link").first.wait_for()
        if outcome != "detractor":
            check(page, outcome)
            continue
        box = popup(page)
        box.get_by_label("Your e-mail (optional)").fill("ann@example.com")
        box.get_by_role("button", name="Send").click()
        box.get_by_role("alert").get_by_text("Tick the box").wait_for()
        check(page, "detractor recovery step, refused")
        box.get_by_label("You may contact me about my answer").check()
        box.get_by_role("button", name="Send").click()
        box.get_by_text("Thank you. We will get back to you.").wait_for()
        check(page, "detractor recovery step, thanks")
    for state, violations in report.items():
        print(f"axe widget {device} {theme} {state}: {axe.summary(violations)}")
    assert problems == [], "\n".join(problems)
