"""bench/anatomy_app.py: a reduced view answers what the real one answers, having done only its own steps."""
import pytest

from bench.anatomy import ROWS, rows
from bench.anatomy_app import STEPS, reduce
from server.database import db
from server.models import Response
from tests.factories import ORIGIN, make_site, make_survey, post_json, response_body


def config(client, key):
    return client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN, "Accept-Encoding": "gzip"})


@pytest.mark.parametrize("variant", ["config-answer", "config-limits", "config-limits-cache"])
def test_a_reduced_config_view_answers_the_real_bytes_and_headers(make_app, variant):
    real = make_app()
    site_id, key = make_site(real)
    make_survey(real, site_id, "nps")
    expected = config(real.test_client(), key)
    reduced = reduce(make_app(), variant).test_client()
    for _ in range(2):  # the first answer is the real view's, the second the remembered one
        answer = config(reduced, key)
        assert answer.status_code == 200 and answer.data == expected.data
        assert sorted(answer.headers.items()) == sorted(expected.headers.items())


def test_the_bare_variant_has_no_middleware_and_the_others_keep_it(make_app):
    app = make_app()
    site_id, key = make_site(app)
    make_survey(app, site_id, "nps")
    bare = config(reduce(app, "config-bare").test_client(), key)
    assert bare.status_code == 200 and "Access-Control-Allow-Origin" not in bare.headers
    kept = config(reduce(make_app(), "config-answer").test_client(), key)
    assert kept.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_only_the_variants_with_limits_count_requests(make_app):
    limited = reduce(make_app(RATELIMIT_PUBLIC_READ="2/minute"), "config-limits")
    site_id, key = make_site(limited)
    make_survey(limited, site_id, "nps")
    client = limited.test_client()
    assert [config(client, key).status_code for _ in range(3)] == [200, 200, 429]
    unlimited = reduce(make_app(RATELIMIT_PUBLIC_READ="2/minute"), "config-answer").test_client()
    assert [config(unlimited, key).status_code for _ in range(3)] == [200, 200, 200]


def test_a_reduced_ingest_view_stores_only_its_first_answer_and_validates_only_when_told(make_app):
    app = reduce(make_app(), "ingest-validate")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    first = post_json(client, "/v1/responses", response_body(key, survey, {"score": 9}))
    again = post_json(client, "/v1/responses", response_body(key, survey, {"score": 3}))
    assert first.status_code == again.status_code == 201 and again.data == first.data
    assert post_json(client, "/v1/responses", {**response_body(key, survey), "survey_id": "one"}).status_code == 422
    answering = reduce(make_app(), "ingest-answer").test_client()
    assert post_json(answering, "/v1/responses", response_body(key, survey, {"score": 9})).status_code == 201
    assert post_json(answering, "/v1/responses", {**response_body(key, survey), "survey_id": "one"}).status_code == 201
    with app.app_context():
        assert db.session.query(Response).count() == 2  # each app's first answer, and nothing after


def test_every_row_names_a_variant_and_each_step_is_the_difference_of_ratios():
    assert {variant for _, variant, _ in ROWS} <= set(STEPS) | {"real"}
    results = [{"endpoint": "config", "what": "a", "hello_us": 200.0, "cpu_us": 220.0, "cpu_ratio": 0.9, "non_ok": 0},
               {"endpoint": "config", "what": "b", "hello_us": 200.0, "cpu_us": 250.0, "cpu_ratio": 0.8, "non_ok": 0},
               {"endpoint": "ingest", "what": "c", "hello_us": 200.0, "cpu_us": 500.0, "cpu_ratio": 0.4, "non_ok": 0}]
    table = rows(results)
    assert [row[4] for row in table] == ["", "+28", ""]  # 200 × (1/0.8 − 1/0.9) = 27.8
