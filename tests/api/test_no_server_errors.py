"""Property tests: no body, header, path or query string sent to the public or admin API ever gets a 5xx.

Hypothesis mutates valid requests field by field with arbitrary JSON, and also
sends raw bytes under arbitrary content types; schemathesis covers the same
endpoints from the OpenAPI document in tests/abuse/test_schemathesis.py. The
admin API is called signed in as an admin, with the CSRF token on every write,
and its refusals must be the one error shape.
"""
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from server.catalog.templates import template
from tests.admin.case_data import open_cases, shop_with_cases
from tests.admin.data import add_responses
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


# --- the admin API, signed in as an admin -------------------------------------------------

ADMIN_SETTINGS = settings(SETTINGS, max_examples=80)
QUERY_NAMES = ("from", "to", "category", "device", "q", "bucket", "page", "per_page", "days", "format", "view",
               "site_id", "touchpoint", "status")
EDGE_VALUES = ["9999-12-31", "0001-01-01", "\x00", "%", "", "0", "-1", "99999999999", "desktop", "promoter", "week", "csv"]
query_values = st.sampled_from(EDGE_VALUES) | st.text(max_size=30) | st.dates().map(str) | st.integers().map(str)
queries = st.fixed_dictionaries({}, optional={name: query_values for name in QUERY_NAMES}) | st.dictionaries(
    st.text(max_size=8), query_values, max_size=3)
path_ids = st.integers().map(str) | st.text(max_size=12) | st.sampled_from(["1", "2147483647", "2147483648", "0"])


def admin_refusal_ok(response, where) -> None:
    """No 5xx; a refusal is the JSON error shape, naming fields when it is a 422."""
    assert response.status_code < 500, (where, response.status_code)
    if response.status_code >= 400:
        body = response.get_json()
        assert set(body) == {"code", "message", "errors"}, (where, body)
        assert response.status_code != 422 or body["errors"], where


@pytest.fixture
def admin_target(app, admin_client, make_user):
    """A site with an answered NPS survey, an exit-intent survey and a case (id 1), and a second user to change."""
    site_id, key, survey = shop_with_cases(app)
    make_survey(app, site_id, "exit_intent")
    add_responses(app, survey, [{"score": 9, "answers": {"score": 9, "followup": "fine"}}, {"score": 3}])
    open_cases(app, app.test_client(), key, survey, [2])
    make_user("other@example.com", "other password", "viewer")
    rule = admin_client.post(f"/api/admin/sites/{site_id}/alerts", json={"name": "All", "recipients": ["a@b.test"]})
    assert rule.get_json()["id"] == 1  # admin_writes changes alert rule 1
    return admin_client, site_id, survey, 2  # the admin is user 1


@ADMIN_SETTINGS
@given(query=queries)
@example(query={"q": "\x00"}).via("issue 13: PostgreSQL refuses NUL")
@example(query={"to": "9999-12-31"}).via("issue 13: the day after overflowed")
def test_admin_query_strings_never_5xx(admin_target, query):
    client, site_id, survey, _ = admin_target
    for path in [f"/api/admin/surveys/{survey}/{read}" for read in ("results", "breakdowns", "responses", "export.csv")] + [
            f"/api/admin/sites/{site_id}/touchpoints", f"/api/admin/sites/{site_id}/export", "/api/admin/cases",
            "/api/admin/cases/counts"]:
        response = client.get(path, query_string=query)
        admin_refusal_ok(response, (path, query))
        response.get_data()  # the exports stream: an error while streaming would surface here


@ADMIN_SETTINGS
@given(value=path_ids, method=st.sampled_from(["GET", "PATCH", "PUT", "POST", "DELETE"]),
       path=st.sampled_from(["/api/admin/sites/{}", "/api/admin/sites/{}/surveys", "/api/admin/sites/{}/touchpoints",
                             "/api/admin/sites/{}/export", "/api/admin/sites/{}/responses", "/api/admin/sites/{}/rule-test",
                             "/api/admin/sites/{}/surveys/from-template", "/api/admin/surveys/{}",
                             "/api/admin/surveys/{}/results", "/api/admin/surveys/{}/status",
                             "/api/admin/surveys/{}/duplicate", "/api/admin/users/{}", "/api/admin/sites/{}/alerts",
                             "/api/admin/alerts/{}", "/api/admin/sites/{}/digest", "/api/admin/cases/{}",
                             "/api/admin/cases/{}/assign", "/api/admin/cases/{}/resolve", "/api/admin/cases/{}/notes",
                             "/api/admin/cases/{}/reply", "/api/admin/cases/{}/start", "/api/admin/cases/{}/reopen",
                             "/api/admin/sites/{}/case-settings"]),
       body=json_values)
@example(value=str(2**31), method="GET", path="/api/admin/surveys/{}", body={}).via("issue 13: PostgreSQL INTEGER")
@example(value=str(2**63), method="GET", path="/api/admin/sites/{}", body={}).via("issue 13: SQLite INTEGER")
def test_admin_paths_never_5xx(admin_target, value, method, path, body):
    client, _, _, _ = admin_target
    url = path.format(value.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
    admin_refusal_ok(client.open(url, method=method, json=body), (method, url))


def admin_writes(site_id: int, survey: int, user: int) -> list[tuple[str, str, dict]]:
    """(method, path, a valid body) of every admin write that takes a body."""
    return [("POST", "/api/admin/sites", {"name": "Shop 2", "allowed_domains": ["shop.example"], "cooldown_days": 3}),
            ("PATCH", f"/api/admin/sites/{site_id}", {"name": "Shop", "honor_dnt": True, "ip_mode": "drop"}),
            ("POST", f"/api/admin/sites/{site_id}/surveys", template("nps")),
            ("PUT", f"/api/admin/surveys/{survey}", template("nps")),
            ("POST", "/api/admin/surveys/preview", template("exit_intent")),
            ("POST", f"/api/admin/sites/{site_id}/surveys/from-template", {"template": "csat", "name": "New"}),
            ("PATCH", f"/api/admin/surveys/{survey}/status", {"status": "paused"}),
            ("POST", f"/api/admin/sites/{site_id}/rule-test", {"url": "https://shop.example/cart", "device": "mobile"}),
            ("POST", "/api/admin/users", {"email": "new@example.com", "password": "long enough", "role": "viewer"}),
            ("PATCH", f"/api/admin/users/{user}", {"role": "admin"}),
            ("POST", f"/api/admin/sites/{site_id}/alerts", {"name": "Refunds", "words": ["refund"], "max_score": 6,
                                                            "recipients": ["cx@shop.example"], "trigger": "answer"}),
            ("PATCH", "/api/admin/alerts/1", {"category": "detractor", "survey_id": survey, "touchpoint": "Cart",
                                              "enabled": False}),
            ("PUT", f"/api/admin/sites/{site_id}/digest", {"frequency": "weekly", "recipients": ["a@shop.example"]}),
            ("POST", "/api/admin/cases/1/assign", {"owner_id": 1}),
            ("POST", "/api/admin/cases/1/resolve", {"resolution": "fixed"}),
            ("POST", "/api/admin/cases/1/notes", {"text": "Called them."}),
            ("POST", "/api/admin/cases/1/reply", {"subject": "Sorry", "text": "We are on it."}),
            ("PATCH", f"/api/admin/sites/{site_id}/case-settings",
             {"sla_first_action_hours": 4, "case_rule": {"ces_max": 2}, "touchpoint_owners": [
                 {"touchpoint": "checkout", "user_id": 1}], "default_owner_id": 1})]


WRITES_LAST = len(admin_writes(1, 1, 1)) - 1


@ADMIN_SETTINGS
@given(index=st.integers(min_value=0, max_value=WRITES_LAST), field=st.text(max_size=12) | st.sampled_from(
           ["name", "allowed_domains", "cooldown_days", "ip_mode", "status", "url", "device", "language", "template",
            "email", "password", "role", "kind", "texts", "questions", "trigger", "audience", "outcomes", "quota",
            "schedule_start", "schedule_end", "appearance", "frequency", "followup", "recipients", "words",
            "max_score", "category", "survey_id", "touchpoint", "enabled", "owner_id", "resolution",
            "text", "subject", "case_rule", "touchpoint_owners", "sla_resolve_hours", "default_owner_id"]),
       value=json_values)
def test_mutated_admin_bodies_never_5xx(admin_target, index, field, value):
    client, site_id, survey, user = admin_target
    method, path, body = admin_writes(site_id, survey, user)[index]
    body[field] = value
    admin_refusal_ok(client.open(path, method=method, json=body), (method, path, field, value))
