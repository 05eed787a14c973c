"""POST /v1/responses on SQLite and PostgreSQL: happy paths, every class of bad input, idempotency."""
import json

import pytest

from tests.conftest import sql
from tests.factories import BOT_UA, PHONE_UA, make_site, make_survey, post_json, response_body

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def nps(app):
    site_id, key = make_site(app)
    return key, make_survey(app, site_id, "nps")


def rows(app):
    """(uuid, completed, score, category, comment) of every stored response; SQLite's 0/1 read as bool."""
    return [(u, bool(c), s, cat, com) for u, c, s, cat, com in
            sql(app, "SELECT uuid, completed, score, category, comment FROM responses")]


def errors_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"code", "message", "errors"}, body
    return body["errors"]


def test_create_response_computes_category_on_the_server(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, {"score": 10}, completed=True)
    response = post_json(client, "/v1/responses", body)
    assert response.status_code == 201
    out = response.get_json()
    assert out == {"id": body["id"], "survey_id": survey, "score": 10.0, "category": "promoter", "completed": True}
    [(_, completed, score, category, _)] = rows(app)
    assert (completed, score, category) == (True, 10.0, "promoter")


@pytest.mark.parametrize("score,category", [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"),
                                            (9, "promoter")])
def test_nps_boundaries(client, nps, score, category):
    key, survey = nps
    response = post_json(client, "/v1/responses", response_body(key, survey, {"score": score}))
    assert response.get_json()["category"] == category


def test_custom_thresholds_come_from_the_survey(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "csat", outcomes={"promoter_min": 4, "detractor_max": 1})
    assert post_json(client, "/v1/responses", response_body(key, survey, {"score": 4})).get_json()["category"] == "promoter"
    assert post_json(client, "/v1/responses", response_body(key, survey, {"score": 2})).get_json()["category"] == "passive"


def test_text_plain_body_is_accepted_for_beacons(client, nps):
    key, survey = nps
    response = post_json(client, "/v1/responses", response_body(key, survey), content_type="text/plain;charset=UTF-8")
    assert response.status_code == 201


def test_request_facts_are_parsed_on_the_server_and_ip_is_never_raw(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, page_url="https://shop.example/cart/view?x=1")
    post_json(client, "/v1/responses", body, ua=PHONE_UA, environ_base={"REMOTE_ADDR": "203.0.113.77"})
    [row] = sql(app, "SELECT device, browser, os, ip, page_path, locale, trigger, referrer FROM responses")
    assert row == ("mobile", "Mobile Safari", "iOS", "203.0.113.0", "/cart/view", "en", "exit_intent",
                   "https://www.google.com/")


def test_hash_ip_mode_stores_a_salted_hash(app, client):
    site_id, key = make_site(app, ip_mode="hash")
    survey = make_survey(app, site_id, "nps")
    post_json(client, "/v1/responses", response_body(key, survey), environ_base={"REMOTE_ADDR": "198.51.100.23"})
    [(ip,)] = sql(app, "SELECT ip FROM responses")
    assert ip.startswith("h:") and "198.51" not in ip and len(ip) == 34


def test_idempotent_resend_creates_one_row(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, {"score": 4})
    assert post_json(client, "/v1/responses", body).status_code == 201
    again = post_json(client, "/v1/responses", body)
    assert again.status_code == 200 and again.get_json()["category"] == "detractor"
    assert len(rows(app)) == 1


def test_partial_then_complete_under_the_same_id(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, {"score": 3})
    assert post_json(client, "/v1/responses", body).get_json()["completed"] is False
    body.update(answers={"score": 3, "followup": "Delivery was late"}, completed=True)
    done = post_json(client, "/v1/responses", body)
    assert done.status_code == 200 and done.get_json()["completed"] is True
    [(_, completed, score, category, comment)] = rows(app)
    assert (completed, score, category, comment) == (True, 3.0, "detractor", "Delivery was late")


def test_resending_a_completed_response_as_incomplete_is_409_and_changes_nothing(app, client, nps):
    """docs/SURVEY-FORMAT.md: un-completing answers 409 (a late partial from another tab is dropped by the widget)."""
    key, survey = nps
    partial = response_body(key, survey, {"score": 8})
    complete = dict(partial, answers={"score": 8, "followup": "ok"}, completed=True)
    assert post_json(client, "/v1/responses", complete).status_code == 201
    for late in (partial, dict(complete, completed=False)):
        refused = post_json(client, "/v1/responses", late)
        assert refused.status_code == 409 and refused.get_json()["code"] == "already_completed"
        assert "completed" in errors_of(refused)
    assert post_json(client, "/v1/responses", complete).status_code == 200, "the complete one re-sent is fine"
    [(_, completed, _, _, comment)] = rows(app)
    assert completed is True and comment == "ok"


def test_contradicting_resend_is_409_and_leaves_the_row(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, {"score": 9})
    post_json(client, "/v1/responses", body)
    body["answers"] = {"score": 2}
    response = post_json(client, "/v1/responses", body)
    assert response.status_code == 409 and "answers.score" in errors_of(response)
    assert rows(app)[0][2] == 9.0


def test_reusing_an_id_for_another_survey_is_409(app, client):
    site_id, key = make_site(app)
    first, second = make_survey(app, site_id, "nps"), make_survey(app, site_id, "csat")
    body = response_body(key, first, {"score": 5})
    post_json(client, "/v1/responses", body)
    response = post_json(client, "/v1/responses", dict(body, survey_id=second))
    assert response.status_code == 409 and "id" in errors_of(response)


def test_completing_needs_the_required_answers(client, nps):
    key, survey = nps
    response = post_json(client, "/v1/responses", response_body(key, survey, {"followup": "hi"}, completed=True))
    assert response.status_code == 422 and "answers.score" in errors_of(response)


def test_cli_and_choice_surveys(app, client):
    site_id, key = make_site(app)
    cli = make_survey(app, site_id, "cli")
    exit_survey = make_survey(app, site_id, "exit_intent")
    ok = post_json(client, "/v1/responses", response_body(key, cli, {"score": {"recommend": 9, "buy_again": 10, "try_other": 8}}))
    assert ok.status_code == 201 and ok.get_json()["score"] == 9.0 and ok.get_json()["category"] == "promoter"
    choice = post_json(client, "/v1/responses", response_body(key, exit_survey, {"reason": "price", "details": "Too dear"},
                                                                completed=True))
    assert choice.status_code == 201 and choice.get_json()["category"] is None and choice.get_json()["score"] is None


def test_the_cli_mean_is_categorised_unrounded(app, client):
    """9/9/8 is 8.667: below a promoter_min of 8.7, whatever a rounding to 8.7 would say."""
    site_id, key = make_site(app)
    cli = make_survey(app, site_id, "cli", outcomes={"promoter_min": 8.7, "detractor_max": 6})
    reply = post_json(client, "/v1/responses",
                      response_body(key, cli, {"score": {"recommend": 9, "buy_again": 9, "try_other": 8}})).get_json()
    assert reply["category"] == "passive" and abs(reply["score"] - 26 / 3) < 1e-9


def test_bots_get_the_config_but_their_answers_are_refused(app, client, nps):
    key, survey = nps
    refused = post_json(client, "/v1/responses", response_body(key, survey), ua=BOT_UA)
    assert refused.status_code == 403 and refused.get_json()["code"] == "bot"
    assert "User-Agent" in refused.get_json()["errors"]
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0


@pytest.mark.parametrize("field", ["id", "site_key", "survey_id", "answers"])
def test_missing_field_is_422_naming_it(client, nps, field):
    key, survey = nps
    body = response_body(key, survey)
    del body[field]
    response = post_json(client, "/v1/responses", body)
    assert response.status_code == 422 and errors_of(response)[field] == ["Missing data for required field."]


@pytest.mark.parametrize("field,value", [("survey_id", "1"), ("survey_id", 1.5), ("survey_id", True),
                                         ("answers", [9]), ("completed", "yes"), ("id", "not-a-uuid"),
                                         ("page_url", 5), ("locale", "<script>"), ("timings", {"duration_ms": -1}),
                                         ("site_key", "../../etc")])
def test_wrong_type_is_422_naming_the_field(client, nps, field, value):
    key, survey = nps
    response = post_json(client, "/v1/responses", {**response_body(key, survey), field: value})
    assert response.status_code == 422
    assert any(name == field or name.startswith(field + ".") for name in errors_of(response))


@pytest.mark.parametrize("answers,field", [
    ({"score": 11}, "answers.score"), ({"score": -1}, "answers.score"), ({"score": 9.5}, "answers.score"),
    ({"score": True}, "answers.score"), ({"score": "9"}, "answers.score"), ({"score": 10**30}, "answers.score"),
    ({"score": 9, "nope": 1}, "answers.nope"), ({}, "answers"), ({"score": 9, "followup": "x" * 1001}, "answers.followup"),
    ({"score": 9, "followup": 5}, "answers.followup"),
])
def test_answers_are_checked_against_the_survey(app, client, nps, answers, field):
    key, survey = nps
    response = post_json(client, "/v1/responses", response_body(key, survey, answers))
    assert response.status_code == 422 and field in errors_of(response)
    assert rows(app) == [], "a rejected response must not leave a partial write"


@pytest.mark.parametrize("answers,field", [
    ({"reason": "cheap"}, "answers.reason"), ({"reason": ["price"]}, "answers.reason"),
    ({"reason": "price", "details": "x" * 501}, "answers.details"),
])
def test_choice_and_text_answers_are_checked(app, client, answers, field):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "exit_intent")
    response = post_json(client, "/v1/responses", response_body(key, survey, answers))
    assert response.status_code == 422 and field in errors_of(response)


def test_unknown_survey_and_foreign_site_are_404(app, client, nps):
    key, survey = nps
    unknown = post_json(client, "/v1/responses", response_body(key, 99999))
    assert unknown.status_code == 404 and "survey_id" in errors_of(unknown)
    other_id, other_key = make_site(app, name="Other")
    foreign = post_json(client, "/v1/responses", response_body(other_key, survey))
    assert foreign.status_code == 404 and "survey_id" in errors_of(foreign)
    no_site = post_json(client, "/v1/responses", response_body("nosuchsite", survey))
    assert no_site.status_code == 404


def test_origin_is_checked_against_allowed_domains(app, client, nps):
    key, survey = nps
    wrong = post_json(client, "/v1/responses", response_body(key, survey), origin="https://evil.example")
    assert wrong.status_code == 403 and "Origin" in errors_of(wrong)
    missing = post_json(client, "/v1/responses", response_body(key, survey), origin=None)
    assert missing.status_code == 403 and errors_of(missing) == {"Origin": ["Missing."]}
    assert rows(app) == []


def test_oversize_body_is_413(app, client, nps):
    key, survey = nps
    body = response_body(key, survey, page_url="https://shop.example/" + "a" * 40000)
    response = post_json(client, "/v1/responses", body)
    assert response.status_code == 413 and response.get_json()["code"] == "payload_too_large"


@pytest.mark.parametrize("raw,code", [
    (b"{not json", 400), (b"", 400), (b"[1,2]", 400), (b'"text"', 400), (b"\xff\xfe{}", 400),
    (b'{"a": NaN}', 400), (b'{"a": Infinity}', 400), (b"[" * 5000 + b"]" * 5000, 400),
    (b'{"id": "\\u0000"}', 400), (b'{"id": "\\ud800"}', 400), (b'{"n": 1' + b"0" * 5000 + b"}", 400),
])
def test_malformed_bodies_are_400(app, client, nps, raw, code):
    response = post_json(client, "/v1/responses", raw)
    assert response.status_code == code
    assert "body" in errors_of(response)
    assert rows(app) == []


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                          "application/xml", "application/json; charset=latin-1"])
def test_wrong_content_type_is_415(client, nps, content_type):
    key, survey = nps
    response = post_json(client, "/v1/responses", json.dumps(response_body(key, survey)), content_type=content_type)
    assert response.status_code == 415 and "Content-Type" in errors_of(response)


@pytest.mark.parametrize("content_type", ["Application/JSON", "TEXT/PLAIN; Charset=UTF-8", "application/json; charset=utf8"])
def test_an_accepted_type_is_accepted_in_any_case(app, client, nps, content_type):
    key, survey = nps
    response = post_json(client, "/v1/responses", json.dumps(response_body(key, survey)), content_type=content_type)
    assert response.status_code == 201, response.get_json()
    assert len(rows(app)) == 1


def test_xss_and_sql_looking_text_is_stored_verbatim_as_data(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "exit_intent")
    payload = "<img src=x onerror=alert(1)>'; DROP TABLE responses; --"
    response = post_json(client, "/v1/responses", response_body(key, survey, {"reason": "other", "details": payload}))
    assert response.status_code == 201
    assert rows(app)[0][4] == payload


def test_write_rate_limit_is_429_and_per_site_limit_spans_ips(make_app):
    app = make_app(RATELIMIT_PUBLIC_WRITE="2/day", RATELIMIT_PER_SITE="3/day")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()

    def send(ip):
        return post_json(client, "/v1/responses", response_body(key, survey), environ_base={"REMOTE_ADDR": ip})
    assert [send("192.0.2.1").status_code for _ in range(3)] == [201, 201, 429]
    assert send("192.0.2.2").status_code == 201
    limited = send("192.0.2.3")
    assert limited.status_code == 429, "the per-site budget (3/minute) is spent across IPs"
    assert limited.headers["Retry-After"].isdigit()
    assert len(sql(app, "SELECT id FROM responses")) == 3
