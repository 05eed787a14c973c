"""Install feedback in the console: with ?touchpoint_debug=1 every reason not to show a survey has its own line.

Without the flag the page's console stays clean (tests/browser/test_widget_safety.py)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import choose, drained, settle, shown_at
from tests.browser.test_widget_safety import GPC

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}


def warnings(page, timeout_ms: int = 10_000) -> list[str]:
    """The widget's [touchpoint] warnings, once its config has answered and it has had its say.

    widget.js loads async and then fetches the config, so a fixed pause is not enough on a busy machine: wait
    for the first line (every test here expects at least one), then settle for the rest of that task's lines."""
    def lines():
        return [text for kind, text in page.logs if kind == "warning" and text.startswith("[touchpoint]")]
    for _ in range(timeout_ms // 50):
        if lines():
            break
        page.wait_for_timeout(50)  # lets Playwright deliver console events
    settle(page)
    return lines()


def test_a_page_on_a_domain_the_site_does_not_allow_is_told_which_origin_to_add(tp):
    tp.survey(trigger=NOW)
    tp.configure_site(allowed_domains=["shop.example"])
    page = tp.open("/?touchpoint_debug=1")
    [line] = warnings(page)
    assert line == (f"[touchpoint] no config: 403 Origin {tp.host.origin} is not an allowed domain of this site; "
                    "add it in the site's Settings, under Allowed domains.")


def test_each_rule_that_keeps_a_survey_away_is_named(tp):
    excluded = tp.survey(trigger=NOW, audience={"exclude": [{"match": "contains", "value": "/cart", "target": "path"}]})
    phones = tp.survey(trigger=NOW, audience={"devices": ["mobile"]})
    sampled = tp.survey(trigger=NOW, audience={"sample_percent": 0})
    page = tp.open("/cart?touchpoint_debug=1")
    lines = warnings(page)
    for survey_id, why in ((excluded, "page rules"), (phones, "device rule"), (sampled, "sampling")):
        assert f"[touchpoint] survey {survey_id} not shown here: {why}" in lines, (survey_id, lines)


def test_a_survey_already_answered_names_the_frequency_rules(tp):
    survey_id = tp.survey(trigger=NOW)
    context = tp.context()
    page = tp.open("/?touchpoint_debug=1", context=context)
    shown_at(page)
    choose(page, 9)
    drained(page)
    page.reload()
    assert f"[touchpoint] survey {survey_id} not shown here: frequency rules (seen, answered or dismissed before)" \
        in warnings(page)


def test_honoured_privacy_signals_are_named(tp):
    tp.configure_site(honor_gpc=True)
    tp.survey(trigger=NOW)
    context = tp.context()
    context.add_init_script(GPC)
    page = tp.open("/?touchpoint_debug=1", context=context)
    assert warnings(page) == ["[touchpoint] no survey: the site honours this visitor's Global Privacy Control or "
                              "Do Not Track"]


def test_an_empty_site_says_so(tp):
    tp.survey(trigger=NOW, status="draft")
    page = tp.open("/?touchpoint_debug=1")
    assert warnings(page) == ["[touchpoint] no active survey for this site (drafts and paused surveys are not sent)"]
