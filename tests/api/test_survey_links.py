"""A survey's hosted link, /s/<key>: its page records nothing by itself, its answers come from its own page with
the channel and hidden fields the link declares, and a survey may live only there."""
from __future__ import annotations

import json
import re

import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from server.catalog.definition import LinkSchema
from server.catalog.links import hidden_values, prefilled_score
from server.extensions import db
from server.models import Site
from server.outbox.endpoints import create_endpoint
from tests.conftest import sql
from tests.factories import make_site, make_survey, post_json, response_body, update_survey

OWN = "http://localhost"  # the test client's host: the link page's origin
LINK = {"enabled": True, "channel": "email", "hidden_fields": ["order", "customer_id"]}


@pytest.fixture
def linked(app):
    """(site key, survey id, link key) of an active NPS survey with its link on."""
    site_id, key = make_site(app)
    survey_id = make_survey(app, site_id, "nps", link=LINK)
    return key, survey_id, sql(app, "SELECT link_key FROM surveys WHERE id = :s", s=survey_id)[0][0]


def page_json(page) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="touchpoint-survey">(.*?)</script>',
                                page.get_data(as_text=True), re.S).group(1))


def test_hidden_values_keep_declared_parameters_cut_to_200_characters():
    assert hidden_values(["order", "email"], {"order": "A1", "utm": "x", "email": "", "score": "9"}) == {"order": "A1"}
    assert hidden_values(["order"], {"order": "x" * 500}) == {"order": "x" * 200}


@pytest.mark.parametrize("kind, value, score", [("nps", "9", 9), ("nps", "0", 0), ("nps", "11", None), ("csat", "0", None),
                                               ("csat", "5", 5), ("ces", "7", 7), ("nps", "-1", None), ("nps", "9.5", None),
                                               ("cli", "9", None), ("custom", "3", None), ("nps", None, None),
                                               ("nps", "٩", None), ("nps", "009", None)])
def test_a_score_in_the_link_is_offered_only_when_it_is_a_point_of_the_scale(kind, value, score):
    assert prefilled_score(kind, value) == score


def test_a_survey_gets_its_link_key_once(app, linked):
    key, survey_id, link_key = linked
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", link_key)
    update_survey(app, survey_id, link={**LINK, "enabled": False})
    update_survey(app, survey_id, link=LINK)
    assert sql(app, "SELECT link_key FROM surveys WHERE id = :s", s=survey_id)[0][0] == link_key, "the same link again"


@pytest.mark.parametrize("link, field", [
    ({"enabled": True, "channel": "web"}, "link.channel"),
    ({"enabled": True, "channel": "E-mail!"}, "link.channel"),
    ({"enabled": True, "hidden_fields": ["score"]}, "link.hidden_fields.0"),
    ({"enabled": True, "hidden_fields": ["Order"]}, "link.hidden_fields.0"),
    ({"enabled": True, "hidden_fields": ["a", "a"]}, "link.hidden_fields"),
    ({"enabled": "yes"}, "link.enabled"),
    ({"enabled": True, "short": 1}, "link.short"),
])
def test_link_settings_are_checked_naming_the_field(app, admin_client, linked, link, field):
    _, survey_id, _ = linked
    survey = admin_client.get(f"/api/admin/surveys/{survey_id}").get_json()
    for name in ("id", "site_id", "created_at", "updated_at", "responses", "link_key"):
        survey.pop(name)
    refused = admin_client.put(f"/api/admin/surveys/{survey_id}", json={**survey, "link": link})
    assert refused.status_code == 422 and field in refused.get_json()["errors"], refused.get_json()


def test_the_link_page_carries_the_survey_and_its_hidden_fields_and_records_nothing(app, client, linked):
    key, survey_id, link_key = linked
    page = client.get(f"/s/{link_key}?order=A-1001&customer_id=77&utm_source=mail&score=9",
                      headers={"Accept-Language": "ru, en;q=0.5"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    data = page_json(page)
    assert data["survey"]["id"] == survey_id and data["site_key"] == key and data["link"] == link_key
    assert data["fields"] == {"order": "A-1001", "customer_id": "77"}, "only the declared parameters"
    assert data["score"] == 9, "offered to the page, which records nothing until the visitor confirms"
    assert '<html lang="ru" dir="ltr">' in page.get_data(as_text=True), "in the visitor's language"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0 and sql(app, "SELECT count(*) FROM events")[0][0] == 0


def test_an_unknown_off_or_closed_link_says_so(app, client, linked):
    _, survey_id, link_key = linked
    assert client.get("/s/nosuchlink123").status_code == 404
    update_survey(app, survey_id, status="paused")
    closed = client.get(f"/s/{link_key}")
    assert closed.status_code == 200 and "not taking answers" in closed.get_data(as_text=True)
    assert "touchpoint-survey" not in closed.get_data(as_text=True)
    update_survey(app, survey_id, link={**LINK, "enabled": False}, status="active")
    assert client.get(f"/s/{link_key}").status_code == 404


def test_an_answer_from_the_link_page_is_stored_with_its_channel_and_fields(app, client, linked):
    key, survey_id, link_key = linked
    body = response_body(key, survey_id, link=link_key, fields={"order": "A-1001"}, trigger="link")
    stored = post_json(client, "/v1/responses", body, origin=OWN)
    assert stored.status_code == 201, stored.get_json()
    assert sql(app, "SELECT channel, hidden_fields FROM responses")[0][0] == "email"
    hidden = sql(app, "SELECT hidden_fields FROM responses")[0][0]
    assert (hidden if isinstance(hidden, dict) else json.loads(hidden)) == {"order": "A-1001"}
    popup = post_json(client, "/v1/responses", response_body(key, survey_id))
    assert popup.status_code == 201
    assert sorted(row[0] for row in sql(app, "SELECT channel FROM responses")) == ["email", "web"]


@pytest.mark.parametrize("change, origin, status, field", [
    ({"link": "wrongwrong12"}, OWN, 404, "link"),
    ({}, "https://shop.example", 403, "Origin"),
    ({}, None, 403, "Origin"),
    ({"fields": {"coupon": "X"}}, OWN, 422, "fields.coupon"),
    ({"fields": {"order": "x" * 201}}, OWN, 422, "fields.order.value"),
    ({"link": "bad key!"}, OWN, 422, "link"),
])
def test_a_link_answer_is_refused_naming_what_is_wrong(app, client, linked, change, origin, status, field):
    key, survey_id, link_key = linked
    body = {**response_body(key, survey_id, link=link_key), **change}
    refused = post_json(client, "/v1/responses", body, origin=origin)
    assert refused.status_code == status and field in refused.get_json()["errors"], refused.get_json()
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0


def test_a_link_only_survey_is_left_out_of_the_config_and_still_answered_by_its_link(app, client, linked):
    key, survey_id, link_key = linked
    update_survey(app, survey_id, trigger={"type": "link_only"})
    assert client.get(f"/v1/sites/{key}/config", headers={"Origin": "https://shop.example"}).get_json()["surveys"] == []
    assert "touchpoint-survey" in client.get(f"/s/{link_key}").get_data(as_text=True)
    assert post_json(client, "/v1/responses", response_body(key, survey_id, link=link_key), origin=OWN).status_code == 201
    update_survey(app, survey_id, schedule_end="2020-01-01T00:00:00Z")
    assert "not taking answers" in client.get(f"/s/{link_key}").get_data(as_text=True), "its schedule still holds"


def test_the_qr_code_is_made_for_the_links_url(app, admin_client, linked):
    _, survey_id, link_key = linked
    svg = admin_client.get(f"/api/admin/surveys/{survey_id}/link-qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = admin_client.get(f"/api/admin/surveys/{survey_id}/link-qr.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    update_survey(app, survey_id, link={**LINK, "enabled": False})
    off = admin_client.get(f"/api/admin/surveys/{survey_id}/link-qr.svg")
    assert off.status_code == 404 and "link" in off.get_json()["errors"]


def test_link_schema_refuses_unknown_keys():
    with pytest.raises(ValidationError):
        LinkSchema().load({"enabled": True, "url": "x"})


def test_results_break_down_and_filter_by_channel(app, client, admin_client, linked):
    key, survey_id, link_key = linked
    assert post_json(client, "/v1/responses", response_body(key, survey_id, answers={"score": 10}, link=link_key,
                                                            fields={"order": "A-7"}), origin=OWN).status_code == 201
    for score in (3, 9):
        assert post_json(client, "/v1/responses", response_body(key, survey_id, answers={"score": score})).status_code == 201
    channels = admin_client.get(f"/api/admin/surveys/{survey_id}/breakdowns").get_json()["channel"]
    assert sorted((row["value"], row["count"]) for row in channels) == [("email", 1), ("web", 2)]
    page = admin_client.get(f"/api/admin/surveys/{survey_id}/responses", query_string={"channel": "email"}).get_json()
    assert [(r["score"], r["channel"], r["hidden_fields"]) for r in page["items"]] == [(10, "email", {"order": "A-7"})]
    results = admin_client.get(f"/api/admin/surveys/{survey_id}/results", query_string={"channel": "web"}).get_json()
    assert results["headline"]["responses"] == 2
    for query in ({}, {"channel": "email"}):  # displays are the popup's: the rate counts the popup's answers only
        rate = admin_client.get(f"/api/admin/surveys/{survey_id}/results", query_string=query).get_json()["response_rate"]
        assert rate["responses"] == 2, (query, rate)
    refused = admin_client.get(f"/api/admin/surveys/{survey_id}/responses", query_string={"channel": "E mail"})
    assert refused.status_code == 422 and "channel" in refused.get_json()["errors"]


def test_a_kiosk_link_offers_no_score_and_reports_as_kiosk(app, client, linked):
    key, survey_id, link_key = linked
    data = page_json(client.get(f"/s/{link_key}?kiosk=1&score=9"))
    assert data["kiosk"] is True and data["score"] is None
    body = response_body(key, survey_id, link=link_key, kiosk=True)
    assert post_json(client, "/v1/responses", body, origin=OWN).status_code == 201
    assert post_json(client, "/v1/responses", response_body(key, survey_id, kiosk=True)).status_code == 201
    assert sorted(row[0] for row in sql(app, "SELECT channel FROM responses")) == ["kiosk", "web"], \
        "kiosk is a link page's mode; a popup stays web"
    refused = post_json(client, "/v1/responses", response_body(key, survey_id, link=link_key, kiosk="yes"), origin=OWN)
    assert refused.status_code == 422 and "kiosk" in refused.get_json()["errors"]


def test_the_touchpoint_map_reads_one_channel_and_lists_the_sites_channels(app, client, admin_client, linked):
    key, survey_id, link_key = linked
    assert post_json(client, "/v1/responses", response_body(key, survey_id, answers={"score": 10}, link=link_key),
                     origin=OWN).status_code == 201
    assert post_json(client, "/v1/responses", response_body(key, survey_id, answers={"score": 2})).status_code == 201
    site_id = sql(app, "SELECT site_id FROM surveys WHERE id = :s", s=survey_id)[0][0]

    def card(**query):
        body = admin_client.get(f"/api/admin/sites/{site_id}/touchpoints", query_string=query).get_json()
        return body, next(t for stage in body["stages"] for t in stage["touchpoints"] if t["survey_id"] == survey_id)
    body, everything = card()
    assert body["channels"] == ["web", "email", "kiosk"] and everything["responses"] == 2 and everything["score"] == 0
    assert card(channel="email")[1]["score"] == 100 and card(channel="web")[1]["score"] == -100
    refused = admin_client.get(f"/api/admin/sites/{site_id}/touchpoints", query_string={"channel": "Web!"})
    assert refused.status_code == 422 and "channel" in refused.get_json()["errors"]


def test_a_link_answer_tells_webhooks_its_channel_and_hidden_fields(app, client, linked):
    key, survey_id, link_key = linked
    with app.app_context():
        site = db.session.execute(select(Site).where(Site.key == key)).scalar_one()
        create_endpoint(site, "https://hooks.example/in", ["response.created"])
    body = response_body(key, survey_id, link=link_key, fields={"order": "A-9"})
    assert post_json(client, "/v1/responses", body, origin=OWN).status_code == 201
    [payload] = [p if isinstance(p, dict) else json.loads(p) for (p,) in
                 sql(app, "SELECT payload FROM outbox_events WHERE type = 'response.created'")]
    assert payload["data"]["channel"] == "email" and payload["data"]["hidden_fields"] == {"order": "A-9"}


# ---- personal links: single-use tokens --------------------------------------------------------------------------


@pytest.fixture
def personal(app, linked, admin_client):
    """(site key, survey id, link key, {ref: {ref, token, url}}) of the linked survey with personal links only."""
    key, survey_id, link_key = linked
    update_survey(app, survey_id, link={**LINK, "single_use": True})
    made = admin_client.post(f"/api/admin/surveys/{survey_id}/personal-links", json={"refs": ["A-1001", "A-1002"]})
    assert made.status_code == 200, made.get_json()
    return key, survey_id, link_key, {link["ref"]: link for link in made.get_json()["links"]}


def test_personal_links_carry_a_token_each_and_open_only_with_one(app, client, personal):
    key, survey_id, link_key, links = personal
    first = links["A-1001"]
    assert first["url"] == f"http://localhost/s/{link_key}?token={first['token']}"
    data = page_json(client.get(f"/s/{link_key}?token={first['token']}&order=A-1001"))
    assert data["token"] == first["token"] and data["fields"] == {"order": "A-1001"} and data["kiosk"] is False
    assert data["response_id"] == page_json(client.get(f"/s/{link_key}?token={first['token']}"))["response_id"], \
        "one response however often it is opened"
    assert data["response_id"] != page_json(client.get(f"/s/{link_key}?token={links['A-1002']['token']}"))["response_id"]
    for query in ("", "?token=A-1001", f"?token=A-1003.{first['token'].split('.')[1]}"):
        refused = client.get(f"/s/{link_key}{query}")
        assert refused.status_code == 403 and "personal link" in refused.get_data(as_text=True), query
        assert "touchpoint-survey" not in refused.get_data(as_text=True)
    assert page_json(client.get(f"/s/{link_key}?token={first['token']}&kiosk=1"))["kiosk"] is False, \
        "a recipient's link is no kiosk"


def test_answering_a_personal_link_again_replaces_the_first_answer(app, client, personal):
    key, survey_id, link_key, links = personal
    token = links["A-1001"]["token"]
    response_id = page_json(client.get(f"/s/{link_key}?token={token}"))["response_id"]
    update_survey(app, survey_id, followup={"enabled": True, "max_length": 1000})

    def answer(answers, completed):
        body = response_body(key, survey_id, answers=answers, completed=completed, link=link_key, token=token,
                             id=response_id, trigger="link")
        return post_json(client, "/v1/responses", body, origin=OWN)
    assert answer({"score": 9}, False).status_code == 201
    assert answer({"score": 9, "followup": "Fast delivery"}, True).status_code == 200
    # days later, the same personal link: a new score, nothing of the old comment unless given again
    sql(app, "UPDATE responses SET created_at = :t", t="2020-01-01 00:00:00")
    assert answer({"score": 3}, False).status_code == 200
    again = answer({"score": 3, "followup": "It broke"}, True)
    assert again.status_code == 200 and again.get_json()["category"] == "detractor", again.get_json()
    assert sql(app, "SELECT uuid, score, category, comment, completed FROM responses") == [
        (sql(app, "SELECT uuid FROM responses")[0][0], 3.0, "detractor", "It broke", True)]
    assert str(sql(app, "SELECT uuid FROM responses")[0][0]).replace("-", "") == response_id.replace("-", "")


def test_a_personal_links_answer_completed_again_is_a_new_completion_event(app, client, personal):
    key, survey_id, link_key, links = personal
    with app.app_context():
        site = db.session.execute(select(Site).where(Site.key == key)).scalar_one()
        create_endpoint(site, "https://hooks.example/in", ["response.completed"])
    token = links["A-1002"]["token"]
    response_id = page_json(client.get(f"/s/{link_key}?token={token}"))["response_id"]
    for score in (10, 10, 4):  # the second is a re-send of the first (a lost acknowledgement): no new event
        body = response_body(key, survey_id, answers={"score": score}, completed=True, link=link_key, token=token,
                             id=response_id)
        assert post_json(client, "/v1/responses", body, origin=OWN).status_code in (200, 201)
    scores = [(p if isinstance(p, dict) else json.loads(p))["data"]["score"]
              for (p,) in sql(app, "SELECT payload FROM outbox_events WHERE type = 'response.completed' ORDER BY id")]
    assert scores == [10, 4]


@pytest.mark.parametrize("change, field", [
    ({"token": None}, "token"),
    ({"token": "A-1001.AAAAAAAAAAAAAAAAAAAAAA"}, "token"),
    ({"id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}, "id"),
    ({"token": "x" * 201}, "token"),
])
def test_a_personal_links_answer_is_refused_without_its_own_token_and_response(app, client, personal, change, field):
    key, survey_id, link_key, links = personal
    token = links["A-1001"]["token"]
    response_id = page_json(client.get(f"/s/{link_key}?token={token}"))["response_id"]
    body = {**response_body(key, survey_id, link=link_key, token=token, id=response_id), **change}
    refused = post_json(client, "/v1/responses", body, origin=OWN)
    assert refused.status_code == 422 and field in refused.get_json()["errors"], refused.get_json()
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0


@pytest.mark.parametrize("body, field", [
    ({"refs": []}, "refs"),
    ({"refs": ["ok", "has space"]}, "refs.1"),
    ({"refs": ["a", "a"]}, "refs"),
    ({"refs": "A-1001"}, "refs"),
    ({}, "refs"),
    ({"refs": ["x" * 65]}, "refs.0"),
])
def test_personal_links_are_made_only_for_clean_references(app, admin_client, personal, body, field):
    _, survey_id, _, _ = personal
    refused = admin_client.post(f"/api/admin/surveys/{survey_id}/personal-links", json=body)
    assert refused.status_code == 422 and field in refused.get_json()["errors"], refused.get_json()


def test_personal_links_need_the_link_set_to_take_them(app, admin_client, linked):
    _, survey_id, _ = linked
    refused = admin_client.post(f"/api/admin/surveys/{survey_id}/personal-links", json={"refs": ["A-1001"]})
    assert refused.status_code == 409 and "link.single_use" in refused.get_json()["errors"]
