"""The case inbox end to end: a detractor answers on a host page and fills the recovery step with consent, the
worker opens the case and e-mails the alert (with the consented address) to a real SMTP server, an agent finds
the case in the Inbox, adds a note and resolves it, and the timeline shows every step. Viewers see the case
without any action."""
from __future__ import annotations

import uuid as uuidlib

import pytest

from server.extensions import db
from server.models import Site
from server.outbox.alert_rules import create_rule
from server.outbox.dispatch import dispatch_events, drain
from tests.admin.case_data import enable_cases
from tests.browser.conftest import choose, drained, events, popup, shown_at
from tests.browser.test_admin_screens import SHOTS, sign_in
from tests.conftest import AGENT_EMAIL, AGENT_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, sql

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}


@pytest.fixture
def app_config(app_config, smtp_server):
    """Alerts go to the test's SMTP server and link to the case page."""
    return {**app_config, **smtp_server.config, "PUBLIC_URL": "https://touchpoint.example"}


def work(app) -> None:
    """One round of the worker, in this process: dispatch (which opens cases) and deliver."""
    with app.app_context():
        drain()
        dispatch_events()


def test_a_detractor_becomes_a_case_an_agent_resolves(tp, app, make_user, smtp_server):
    make_user(AGENT_EMAIL, AGENT_PASSWORD, "agent")
    make_user(VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    tp.survey(trigger=NOW, touchpoint="Checkout")
    enable_cases(app, tp.site_id)
    with app.app_context():
        create_rule(db.session.get(Site, tp.site_id), {"name": "Recovery forms", "trigger": "recovery",
                                                       "recipients": ["cx@shop.example"]})

    page = tp.open()
    shown_at(page)
    choose(page, 2)
    response_id = events(page, "answered")[0]["responseId"]
    box = popup(page)
    box.get_by_label("Note for our team (optional)").fill("The parcel came a week late.")
    box.get_by_label("Your e-mail (optional)").fill("late@example.com")
    box.get_by_label("You may contact me about my answer").check()
    box.get_by_role("button", name="Send").click()
    box.get_by_text("Thank you. We will get back to you.").wait_for()
    drained(page)  # the answer and the recovery step are both acknowledged
    work(app)

    [mail] = smtp_server.mailbox.wait_for(1)
    text = mail.get_body(("plain",)).get_content()
    assert smtp_server.mailbox.envelopes[0][1] == ["cx@shop.example"]
    assert "late@example.com" in text and mail["Reply-To"] == "late@example.com", "the consented address, to answer"
    assert "The parcel came a week late." in text and "https://touchpoint.example/admin/#/cases/1" in text

    agent = tp.context(viewport={"width": 1366, "height": 800}).new_page()
    base = tp.server.url + "/admin/"
    sign_in(agent, base, AGENT_EMAIL, AGENT_PASSWORD)
    agent.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox 1 open case for you or unassigned").click()
    agent.get_by_role("link", name="Unassigned 1 open").click()
    row = agent.locator(".table.cases tbody tr", has_text="Checkout")
    row.get_by_text("2 · Detractor").wait_for()
    row.get_by_role("link", name="#1").click()

    agent.locator(".recovery", has_text="The parcel came a week late.").wait_for()
    agent.locator(".recovery").get_by_role("link", name="late@example.com").wait_for()
    agent.get_by_label("Note (only your team sees it)").fill("Called the courier: lost in the depot.")
    agent.get_by_role("button", name="Add note").click()
    agent.locator(".timeline .entry-note", has_text="lost in the depot").wait_for()
    agent.get_by_label("Resolution").select_option("refunded")
    agent.get_by_role("button", name="Resolve").click()
    agent.locator(".timeline .entry-resolved", has_text="Refunded").wait_for()
    agent.get_by_role("button", name="Reopen").wait_for()  # a resolved case offers to reopen it

    steps = agent.locator(".timeline .entry-head strong").all_inner_texts()
    assert steps == ["Case opened", "The customer told us what went wrong", "Note", "Resolved"]
    people = agent.locator(".timeline .entry-head").all_inner_texts()
    assert "Touchpoint" in people[0] and AGENT_EMAIL in people[2] and AGENT_EMAIL in people[3]
    assert "Resolved" in agent.locator("h1").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    agent.screenshot(path=str(SHOTS / "1366-case-resolved.png"), full_page=True)
    [(uuid,)] = sql(app, "SELECT r.uuid FROM cases c JOIN responses r ON r.id = c.response_id")
    assert str(uuidlib.UUID(str(uuid))) == response_id
    assert [row[0] for row in sql(app, "SELECT type FROM outbox_events WHERE type LIKE 'case.%' ORDER BY id")] == [
        "case.opened", "case.updated", "case.updated", "case.closed"]  # opened, the recovery message, the note

    viewer = tp.context(viewport={"width": 1366, "height": 800}).new_page()
    sign_in(viewer, base, VIEWER_EMAIL, VIEWER_PASSWORD)
    viewer.goto(base + "#/cases/1")
    viewer.locator(".timeline .entry").first.wait_for()
    assert viewer.locator(".case-page button").count() == 0 and viewer.locator(".case-page textarea").count() == 0
