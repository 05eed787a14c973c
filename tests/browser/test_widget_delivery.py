"""Zero loss: an answer given while the server is down waits in localStorage and arrives exactly once."""
from __future__ import annotations

import pytest

from tests.browser.conftest import armed, choose, drained, events, retrying, shown_at
from tests.conftest import sql

pytestmark = pytest.mark.browser


def test_an_answer_given_while_the_server_is_down_arrives_exactly_once(tp):
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    page = tp.open()
    shown_at(page)
    tp.server.stop()
    choose(page, 9)
    rid = events(page, "answered")[0]["responseId"]
    # the send failed and backs off; the answer is kept
    item = retrying(page, rid)
    assert item["b"]["answers"] == {"score": 9} and item["b"]["completed"] is True

    tp.server.start()  # same port
    page.reload()
    tp.wait_responses()
    drained(page)
    page.reload()
    armed(page)
    page.wait_for_timeout(500)  # a resend would happen right after the page view
    rows = tp.responses()
    assert [(r["uuid"], r["answers"], r["completed"]) for r in rows] == [(rid, {"score": 9}, True)], "exactly once"
    assert sql(tp.app, "SELECT type, count(*) FROM events GROUP BY type") == [("display", 1)]


def test_an_answer_carries_the_browsers_key_never_its_id(tp):
    """The recovery rate knows a returning browser: the widget sends its random id, the server stores a keyed hash."""
    import uuid

    from server.ingest.privacy import visitor_key
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    page = tp.open("/")
    shown_at(page)
    choose(page, 9)
    tp.wait_responses()
    visitor = page.evaluate("JSON.parse(localStorage.getItem('touchpoint')).v")
    [(stored,)] = sql(tp.app, "SELECT visitor_key FROM responses")
    assert stored == visitor_key(uuid.UUID(visitor), tp.site_id, tp.app.config["SECRET_KEY"], True)
    assert visitor not in stored
