"""The fast lane answers config hits and stored responses exactly as the Flask routes would; the rest is theirs."""
import pytest

import server.api.fastlane as fastlane
from tests.conftest import sql
from tests.factories import (
    ORIGIN,
    PHONE_UA,
    make_site,
    make_survey,
    post_json,
    response_body,
    update_survey,
)

BACKENDS = ("sqlite", "postgres")


def spy_on(monkeypatch, method: str) -> list:
    """Record, for each request, whether the fast lane answered it (True) or passed it on (False)."""
    seen = []
    original = getattr(fastlane.PublicFastLane, method)

    def spy(self, *args):
        answer = original(self, *args)
        seen.append(answer is not None)
        return answer
    monkeypatch.setattr(fastlane.PublicFastLane, method, spy)
    return seen


@pytest.fixture
def lane_answers(monkeypatch):
    return spy_on(monkeypatch, "config")


@pytest.fixture
def lane_stores(monkeypatch):
    return spy_on(monkeypatch, "response")


def get(client, key, **headers):
    return client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN, **headers})


def comparable(response) -> tuple:
    headers = {k: v for k, v in response.headers.items() if k not in ("Date",)}
    return response.status_code, sorted(headers.items()), response.data


def test_a_cache_hit_is_answered_by_the_fast_lane_identically(app, client, lane_answers):
    site_id, key = make_site(app)
    make_survey(app, site_id, "nps")
    by_route = get(client, key)  # a miss: built by the route, then cached
    by_lane = get(client, key)
    assert lane_answers == [False, True]
    assert comparable(by_lane) == comparable(by_route)
    not_modified = get(client, key, **{"If-None-Match": by_route.headers["ETag"]})
    assert lane_answers[-1] is True and not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == by_route.headers["ETag"]
    phone = get(client, key, **{"User-Agent": PHONE_UA})
    assert lane_answers[-1] is False and phone.get_json()["device"] == "mobile", "each device class has its own entry"


def test_everything_but_an_allowed_hit_goes_to_the_route(app, make_app, lane_answers):
    site_id, key = make_site(app)
    make_survey(app, site_id, "nps")
    client = app.test_client()
    get(client, key)
    refused = get(client, key, Origin="https://evil.example")
    assert lane_answers[-1] is False and refused.status_code == 403
    unknown = get(client, "nosuchsite")
    assert unknown.get_json()["site"] is None
    assert client.post(f"/v1/sites/{key}/config").status_code == 405


def test_an_edit_is_never_hidden_by_the_fast_lane(app, client, lane_answers):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    get(client, key)
    update_survey(app, survey, texts={"en": {"q.score": "New wording"}})
    edited = get(client, key)
    assert lane_answers[-1] is False, "the edit dropped the cached entry"
    assert edited.get_json()["surveys"][0]["texts"]["en"]["q.score"] == "New wording"


def test_rate_limits_hold_in_the_fast_lane_per_forwarded_ip(make_app, lane_answers):
    app = make_app(RATELIMIT_PUBLIC_READ="3/day", TRUSTED_PROXIES=1)
    site_id, key = make_site(app)
    make_survey(app, site_id, "nps")
    client = app.test_client()

    def from_ip(ip):
        return get(client, key, **{"X-Forwarded-For": ip}).status_code
    assert [from_ip("198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert lane_answers[1:3] == [True, True] and lane_answers[3] is False
    assert from_ip("198.51.100.2") == 200, "another visitor behind the same proxy has their own budget"


def test_a_stored_response_is_answered_by_the_fast_lane_as_the_route_would(app, client, lane_stores, monkeypatch):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    body = response_body(key, survey, {"score": 3})
    by_lane = post_json(client, "/v1/responses", body)
    again = post_json(client, "/v1/responses", body)
    assert lane_stores == [True, True]
    assert by_lane.status_code == 201 and again.status_code == 200
    monkeypatch.setattr(fastlane.PublicFastLane, "response", lambda self, environ: None)
    other = response_body(key, survey, {"score": 3})
    by_route = post_json(client, "/v1/responses", other)
    assert by_route.status_code == 201
    status, headers, data = comparable(by_lane)
    assert (status, headers) == comparable(by_route)[:2], "same status and headers (UUIDs have one length)"
    assert by_lane.get_json() == {**by_route.get_json(), "id": body["id"]}
    assert by_lane.data.replace(body["id"].encode(), other["id"].encode()) == by_route.data


@pytest.mark.parametrize("case", ["invalid answer", "wrong origin", "not json", "form body", "conflict"])
def test_every_failure_is_answered_by_the_route_with_the_body_intact(app, client, lane_stores, case):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    body = response_body(key, survey, {"score": 9})
    if case == "conflict":
        post_json(client, "/v1/responses", body)
        body["answers"] = {"score": 1}
    kwargs = {"invalid answer": dict(body=response_body(key, survey, {"score": 12})),
              "wrong origin": dict(body=body, origin="https://evil.example"),
              "not json": dict(body=b"{nope"), "form body": dict(body=b"a=1", content_type="application/x-www-form-urlencoded"),
              "conflict": dict(body=body)}[case]
    response = post_json(client, "/v1/responses", kwargs.pop("body"), **kwargs)
    assert 400 <= response.status_code < 500
    assert set(response.get_json()) == {"code", "message", "errors"} and response.get_json()["errors"]
    assert lane_stores[-1] is False
    assert len(sql(app, "SELECT id FROM responses")) == (1 if case == "conflict" else 0)
