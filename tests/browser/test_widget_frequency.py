"""Frequency caps hold across reloads: localStorage persists within a browser context.

`later(page, minutes)` moves every time in the widget's state back, which is what the
passing of that time looks like to the widget (a new visit starts after 30 minutes).
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import (
    armed,
    assert_not_shown,
    choose,
    events,
    later,
    popup,
    shown_at,
    stored,
    wait_until,
)

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}
DAY = 24 * 60


def reload_quietly(page, why: str) -> None:
    page.reload()
    armed(page)
    assert_not_shown(page, why)


def test_once_is_never_shown_again(tp):
    tp.survey(trigger=NOW, frequency={"mode": "once", "dismiss_mute_days": 0})
    page = tp.open()
    shown_at(page)  # displayed, then the visitor just goes on: neither answered nor dismissed
    reload_quietly(page, "once: not on the next page")
    later(page, 400 * DAY)
    reload_quietly(page, "once: not on a visit a year later")
    assert stored(page)["k"] == 2, "that was a second visit"


def test_until_answered_comes_back_on_later_visits_until_answered(tp):
    tp.survey(trigger=NOW)  # the default: until_answered
    page = tp.open()
    shown_at(page)
    reload_quietly(page, "until_answered: not twice in one visit")
    later(page, 31)
    page.reload()
    shown_at(page)  # a new visit, still unanswered
    choose(page, 8)
    later(page, 31)
    reload_quietly(page, "until_answered: answered, so never again")


def test_a_dismissal_mutes_the_survey_for_its_days(tp):
    tp.survey(trigger=NOW, frequency={"mode": "until_answered", "dismiss_mute_days": 7})
    page = tp.open()
    shown_at(page)
    popup(page).get_by_role("button", name="Close").click()
    assert events(page, "closed")[0]["answered"] is False
    later(page, 31)
    reload_quietly(page, "dismissed: muted on the next visit")
    later(page, 6 * DAY)
    reload_quietly(page, "dismissed: still muted after 6 days")
    later(page, DAY + 1)
    page.reload()
    shown_at(page)  # 7 days later the mute is over


def test_site_cooldown_keeps_other_surveys_away(tp):
    tp.configure_site(cooldown_days=1)
    first = tp.survey(trigger=NOW)
    tp.survey("csat", trigger=NOW)
    page = tp.open()
    shown_at(page)
    assert events(page, "shown")[0]["surveyId"] == first, "one survey at a time"
    choose(page, 9)
    popup(page).get_by_role("button", name="Close").click()
    wait_until(page, page.evaluate("Date.now()") + 1500)  # the other survey's trigger ticks every second
    assert popup(page).count() == 0 and len(events(page, "shown")) == 1, "cooldown: not right after the first survey"
    reload_quietly(page, "cooldown: not on the next page")
    later(page, DAY - 60)
    reload_quietly(page, "cooldown: not 23 hours later")
    later(page, 61)
    page.reload()
    shown_at(page)
    assert events(page, "shown")[0]["surveyId"] != first

