"""The Alerts tab in real Chromium: the e-mail-off note, adding a rule (an error under its field first), turning it
off, the digest, and the list of recorded e-mails."""
from __future__ import annotations

import pytest

from tests.admin.alert_data import add_alerts
from tests.browser.test_admin_screens import SHOTS, panel  # noqa: F401 (panel is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, sql
from tests.factories import make_site, make_survey

pytestmark = pytest.mark.browser


def test_add_a_rule_turn_it_off_and_set_the_digest(app, make_user, panel):  # noqa: F811
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, _ = make_site(app, name="Shop")
    make_survey(app, site_id, "nps", touchpoint="Checkout", name="Checkout NPS")
    page = panel(f"#/sites/{site_id}")
    page.get_by_role("tab", name="Alerts").click()
    note = page.locator(".mail-off")
    note.wait_for()
    assert "MAIL_SERVER is not set: alerts are recorded but not sent." in note.inner_text()
    page.get_by_role("button", name="Add alert rule").click()
    page.get_by_label("Name").fill("Refunds at checkout")
    page.get_by_label("Survey").select_option(label="Checkout NPS")
    page.get_by_label("Words in the comment").fill("refund, money back")
    page.get_by_label("Send alerts to").fill("not an address")
    page.get_by_role("button", name="Add rule").click()
    error = page.locator("[data-field=recipients] .field-error")
    error.wait_for()
    assert "Not an e-mail address: not an address." in error.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 800})  # the form, with its error, on a small phone
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    page.screenshot(path=str(SHOTS / "360-alerts-form.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.get_by_label("Send alerts to").fill("support@shop.example\nlead@shop.example")
    page.get_by_role("button", name="Add rule").click()
    card = page.locator(".alert-rule", has_text="Refunds at checkout")
    card.wait_for()
    text = card.inner_text()
    assert "Completed answers: only survey “Checkout NPS”, detractors, a comment with “refund” or “money back”." in text
    assert "To support@shop.example, lead@shop.example" in text
    page.screenshot(path=str(SHOTS / "1366-alerts-added.png"), full_page=True)

    card.get_by_role("button", name="Turn off").click()
    page.locator(".alert-rule .chip", has_text="Off").wait_for()
    assert sql(app, "SELECT enabled, words FROM alert_rules")[0][0] in (False, 0)

    form = page.locator(".digest-form")
    form.get_by_label("How often").select_option("weekly")
    form.get_by_role("button", name="Save digest").click()
    form.locator("[data-field=recipients] .field-error").wait_for()  # weekly to nobody: say so
    form.get_by_label("Send the digest to").fill("team@shop.example")
    form.get_by_role("button", name="Save digest").click()
    page.get_by_text("Digest saved.").wait_for()
    assert sql(app, "SELECT frequency FROM digest_settings") == [("weekly",)]


def test_viewers_see_rules_digest_and_e_mails_but_no_buttons(app, make_user, panel):  # noqa: F811
    make_user(VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    site_id, _ = make_site(app, name="Demo shop")
    survey = make_survey(app, site_id, "nps", touchpoint="Checkout")
    add_alerts(app, site_id, survey)
    page = panel(f"#/sites/{site_id}/alerts", VIEWER_EMAIL, VIEWER_PASSWORD)
    page.locator(".mail-log tbody tr").first.wait_for()
    assert page.locator(".alert-rule").count() == 2
    assert "Every recovery form a detractor sends." in page.locator(".alert-rule").nth(1).inner_text()
    assert page.get_by_role("button", name="Add alert rule").count() == 0
    assert "Weekly (Monday, the week before), to team@shop.example." in page.inner_text(".page")
    statuses = page.locator(".mail-log tbody tr .chip").all_inner_texts()
    assert statuses == ["Not sent: e-mail is off", "Retrying", "Sent", "Sent"]
