"""PostgreSQL unreachable (issue 5): ingest answers 503 at once, the widget keeps the answer queued
and delivers it exactly once when the database is back. The app reaches PostgreSQL through a
TCP proxy that the test cuts and restores."""
from __future__ import annotations

import time

import pytest

from tests.browser.conftest import (
    Touchpoint,
    choose,
    drained,
    events,
    retrying,
    shown_at,
)
from tests.conftest import LiveServer
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
BACKENDS = ("postgres",)


@pytest.fixture
def tp_behind_proxy(make_app, pg_url, host_site, browser):
    """The app on a live server, its database connections going through a proxy the test can cut."""
    proxy = TcpProxy("127.0.0.1", 5432)
    app = make_app(SQLALCHEMY_DATABASE_URI=pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}"))
    server = LiveServer(app).start()
    world = Touchpoint(app, server, host_site, browser)
    yield world, proxy
    world.close()
    server.stop()
    proxy.close()


def test_an_answer_given_while_postgres_is_down_is_delivered_once_it_is_back(tp_behind_proxy):
    tp, proxy = tp_behind_proxy
    tp.survey(trigger={"type": "page_view", "delay_seconds": 0})
    page = tp.open()
    shown_at(page)

    proxy.cut()
    started = time.monotonic()
    with page.expect_response(lambda r: r.url.endswith("/v1/responses")) as refused:
        choose(page, 10)
    elapsed = time.monotonic() - started
    limit = tp.app.config["DB_CONNECT_TIMEOUT"] + tp.app.config["DB_POOL_TIMEOUT"] + 1.5
    assert refused.value.status == 503 and elapsed < limit, f"503 in {elapsed:.1f}s: no hang"
    assert refused.value.header_value("retry-after").isdigit()
    rid = events(page, "answered")[0]["responseId"]
    assert retrying(page, rid)["w"] - page.evaluate("Date.now()") >= 3000, "the retry waits for Retry-After"

    proxy.restore()  # no reload: the widget's own backoff timer sends it again
    tp.wait_responses(timeout=15)
    drained(page)
    page.reload()
    page.wait_for_timeout(500)
    rows = tp.responses()
    assert [(r["uuid"], r["score"], r["completed"]) for r in rows] == [(rid, 10, True)], "exactly once"
