"""The admin panel end to end in a real headless Chromium, and the real widget on a page of another origin.

A marketer signs in, creates a site and copies its snippet, builds an NPS exit-intent
survey from the template, restricts it to /shop pages, checks it in the rule tester and
publishes it. A visitor on a shop page served from a different origin (localhost vs
127.0.0.1) leaves through the top of the window, answers 3 with a comment; the marketer
then sees the response, the comment and an NPS of −100, and exports the CSV.
"""
from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from tests.browser.conftest import exit_top, popup, wait_for
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sql

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(browser, live_server, make_user):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_marketer_builds_publishes_and_reads_a_survey(app, live_server, admin_page, host_site, browser):
    page = admin_page
    base = live_server.url + "/admin/"

    # 1. sign in
    page.goto(base)
    page.fill("#signin-email", ADMIN_EMAIL)
    page.fill("#signin-password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("heading", name="Sites").wait_for()

    # 2. create a site and copy its snippet
    page.get_by_label("Name").fill("E2E shop")
    page.get_by_label("Domains").fill("localhost")
    page.get_by_role("button", name="Create site").click()
    page.get_by_role("heading", name="Install the snippet").wait_for()
    site_id, site_key = sql(app, "SELECT id, key FROM sites WHERE name = 'E2E shop'")[0]
    page.locator(".code").first.get_by_role("button", name="Copy").click()
    page.locator(".code").first.get_by_role("button", name="Copied ✓").wait_for()
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert f'data-site="{site_key}"' in snippet and f'src="{live_server.url}/widget.js"' in snippet

    # 3. an NPS survey from the template, triggered by exit intent
    page.get_by_role("tab", name="Surveys").click()
    page.get_by_role("button", name="Net Promoter Score").click()
    page.get_by_role("dialog").get_by_role("button", name="Create draft").click()
    page.locator(".builder-title h1").wait_for()
    survey_id = sql(app, "SELECT id FROM surveys WHERE site_id = :s", s=site_id)[0][0]
    page.locator("[data-field=name] input").fill("Exit NPS")
    page.locator("details[data-section=trigger] > summary").click()
    page.locator("[data-field='trigger.type'] select").select_option("exit_intent")
    page.locator("[data-field='trigger.min_dwell_seconds'] input").fill("1")

    # 4. only on /shop pages; test the rules; publish
    page.locator("details[data-section=audience] > summary").click()
    page.get_by_role("button", name="+ Add a page rule").click()
    page.locator("[data-field='audience.include.0.value'] input").fill("/shop")
    page.locator(".preview-frame").wait_for()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    definition = sql(app, "SELECT trigger, audience, status FROM surveys WHERE id = :s", s=survey_id)[0]
    assert '"exit_intent"' in str(definition[0]) and "/shop" in str(definition[1]) and definition[2] == "draft"

    page.get_by_role("link", name="Test rules").click()
    page.fill("#rule-url", host_site.origin + "/shop/shoes")
    page.get_by_role("button", name="Test", exact=True).click()
    verdict = page.locator(f".verdict[data-survey='{survey_id}']")
    verdict.get_by_text("Would show once published").wait_for()
    page.fill("#rule-url", host_site.origin + "/blog/news")
    page.get_by_role("button", name="Test", exact=True).click()
    verdict.get_by_text("Stopped by page rules:").wait_for()
    assert "path starts with “/shop”" in verdict.inner_text()

    verdict.get_by_role("link", name="Exit NPS").click()
    page.get_by_role("button", name="Publish").click()
    page.locator(".builder-title .chip", has_text="Live").wait_for()
    assert sql(app, "SELECT status FROM surveys WHERE id = :s", s=survey_id)[0][0] == "active"

    # 5. a visitor on another origin leaves through the top of the window
    host_site.put("/shop/shoes", '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shoes</title>'
                  f'{snippet}</head><body><h1>Shoes</h1><p>{"Lorem ipsum. " * 200}</p></body></html>')
    visitor = browser.new_context(viewport={"width": 1280, "height": 800})
    shop = visitor.new_page()
    shop.goto(host_site.origin + "/shop/shoes")
    shop.wait_for_function("(JSON.parse(localStorage.getItem('touchpoint')) || {}).t >= performance.timeOrigin")
    time.sleep(1.3)  # past the minimum dwell
    exit_top(shop)

    # 6. answer 3 with a comment
    dialog = popup(shop)
    dialog.wait_for()
    dialog.get_by_role("button", name="3", exact=True).click()
    dialog.locator("textarea").fill("Delivery was far too slow")
    dialog.get_by_role("button", name="Send").click()
    wait_for(lambda: sql(app, "SELECT 1 FROM responses WHERE survey_id = :s AND completed", s=survey_id),
             what="the completed response")
    visitor.close()

    # 7. the admin shows the response, the comment and NPS −100
    page.goto(f"{base}#/surveys/{survey_id}/results")
    page.locator("#headline-score", has_text="−100").wait_for()
    assert page.locator("#responses-count").inner_text() == "1"
    response = page.locator(".response").first
    response.get_by_text("Delivery was far too slow").wait_for()
    assert response.locator(".score-badge").inner_text() == "3"

    # 8. the CSV export holds that row
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["score"], row["category"], row["comment"], row["completed"]) == ("3", "detractor",
                                                                                 "Delivery was far too slow", "true")
    assert row["answer.score"] == "3" and row["answer.followup"] == "Delivery was far too slow"
    assert row["page_url"] == host_site.origin + "/shop/shoes" and row["trigger"] == "exit_intent"
    assert row["survey"] == "Exit NPS"
    assert page.errors == []
