"""Property tests: no body, header or path sent to a public endpoint ever gets a 5xx.

Hypothesis mutates valid requests field by field with arbitrary JSON, and also
sends raw bytes under arbitrary content types; schemathesis covers the same
endpoints from the OpenAPI document in tests/abuse/test_schemathesis.py.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ORIGIN, make_site, make_survey, response_body

BACKENDS = ("sqlite", "postgres")
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
content_types = st.sampled_from(["application/json", "text/plain", "text/plain;charset=UTF-8", "application/xml",
                                 "application/json; charset=utf-16", "", "multipart/form-data"]) | st.text(max_size=30)
headers = st.fixed_dictionaries({}, optional={
    "Origin": st.sampled_from([ORIGIN, "null", "https://evil.example", "http://[::1", ""]) | st.text(max_size=30),
    "User-Agent": st.text(max_size=200),
    "If-None-Match": st.text(max_size=40),
    "Accept-Encoding": st.text(max_size=20),
}).map(lambda h: {k: v for k, v in h.items() if "\n" not in v and "\r" not in v and "\x00" not in v})


@pytest.fixture
def target(app):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    choice = make_survey(app, site_id, "exit_intent")
    return app.test_client(), key, survey, choice


@SETTINGS
@given(field=st.sampled_from(["id", "site_key", "survey_id", "answers", "completed", "page_url", "referrer",
                              "locale", "trigger", "timings", "extra"]),
       value=json_values, answers=st.dictionaries(st.sampled_from(["score", "followup", "reason", "details", "x"]),
                                                  json_values, max_size=3))
def test_mutated_responses_never_5xx(target, field, value, answers):
    client, key, survey, choice = target
    body = response_body(key, survey)
    body[field] = value
    for candidate in (body, response_body(key, choice, answers), response_body(key, survey, answers)):
        response = client.post("/v1/responses", data=json.dumps(candidate),
                               headers={"Origin": ORIGIN, "Content-Type": "application/json"})
        assert response.status_code < 500, (candidate, response.get_json())


@SETTINGS
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode), content_type=content_types, hdrs=headers)
def test_raw_bytes_never_5xx(target, raw, content_type, hdrs):
    client, key, _, _ = target
    for path in ("/v1/responses", "/v1/events"):
        response = client.post(path, data=raw, headers={**hdrs, "Content-Type": content_type})
        assert response.status_code < 500


@SETTINGS
@given(events=json_values, site_key=st.text(max_size=40) | st.just("x"), hdrs=headers)
def test_mutated_event_batches_never_5xx(target, events, site_key, hdrs):
    client, key, survey, _ = target
    for body in ({"site_key": key, "events": events}, {"site_key": site_key, "events": [events]},
                 {"site_key": key, "events": [{"id": events, "survey_id": survey, "type": "display"}]}):
        response = client.post("/v1/events", data=json.dumps(body), headers={**hdrs, "Content-Type": "application/json"})
        assert response.status_code < 500


@SETTINGS
@given(site_key=st.text(max_size=60), hdrs=headers)
def test_config_paths_and_headers_never_5xx(target, site_key, hdrs):
    client, key, _, _ = target
    for candidate in (site_key, key):
        response = client.get("/v1/sites/" + candidate.replace("/", "%2F").replace("?", "%3F") + "/config", headers=hdrs)
        assert response.status_code < 500
