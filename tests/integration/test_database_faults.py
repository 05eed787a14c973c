"""PostgreSQL unreachable: ingest answers 503 quickly, config keeps being served from cache, nothing half-written."""
import time

import pytest

from tests.conftest import sql
from tests.factories import ORIGIN, make_site, make_survey, post_json, response_body
from tests.tcp_proxy import TcpProxy

BACKENDS = ("postgres",)


@pytest.fixture(params=["refuse", "blackhole"])
def proxied_app(request, make_app, pg_url):
    """The app talking to the real PostgreSQL through a proxy the test can cut."""
    proxy = TcpProxy("127.0.0.1", 5432, mode=request.param)
    url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    yield app, proxy
    proxy.close()


def test_ingest_answers_503_fast_while_the_database_is_unreachable(proxied_app):
    app, proxy = proxied_app
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    assert client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN}).status_code == 200

    proxy.cut()
    body = response_body(key, survey)
    limit = app.config["DB_CONNECT_TIMEOUT"] + app.config["DB_POOL_TIMEOUT"] + 1.5
    # the first request finds its pooled connection dead; the second must open a new one
    for attempt in range(2):
        started = time.monotonic()
        refused = post_json(client, "/v1/responses", body)
        elapsed = time.monotonic() - started
        assert refused.status_code == 503, attempt
        assert refused.get_json()["code"] == "unavailable" and refused.headers["Retry-After"].isdigit()
        assert elapsed < limit, f"no hang: attempt {attempt} answered in {elapsed:.1f}s"
    cached = app.test_client().get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN})
    assert cached.status_code == 200, "a cached config is still served while the database is down"

    proxy.restore()
    delivered = post_json(client, "/v1/responses", body)
    assert delivered.status_code == 201, delivered.get_json()
    assert post_json(client, "/v1/responses", body).status_code == 200
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 1
