"""GET /v1/sites/<key>/config on SQLite and PostgreSQL."""
import datetime as dt
import gzip
import time

from server.extensions import db
from server.models import Site
from tests.factories import (
    BOT_UA,
    DESKTOP_UA,
    ORIGIN,
    PHONE_UA,
    TABLET_UA,
    make_site,
    make_survey,
    post_json,
    response_body,
    update_survey,
)

BACKENDS = ("sqlite", "postgres")


def get_config(client, key, ua=DESKTOP_UA, origin=ORIGIN, **headers):
    if origin:
        headers["Origin"] = origin
    return client.get(f"/v1/sites/{key}/config", headers={"User-Agent": ua, **headers})


def test_config_lists_active_surveys_without_secrets(app, client):
    site_id, key = make_site(app, cooldown_days=3, honor_gpc=True)
    active = make_survey(app, site_id, "nps", quota=100)
    make_survey(app, site_id, "csat", status="draft")
    make_survey(app, site_id, "ces", status="paused")
    response = get_config(client, key)
    assert response.status_code == 200
    body = response.get_json()
    assert body["site"] == {"key": key, "cooldown_days": 3, "honor_gpc": True, "honor_dnt": False}
    assert set(body) == {"site", "surveys"}, "nothing about the visitor: the same bytes for everyone"
    assert [s["id"] for s in body["surveys"]] == [active]
    survey = body["surveys"][0]
    for secret in ("name", "touchpoint", "journey_stage", "status", "quota", "site_id"):
        assert secret not in survey
    assert survey["outcomes"]["promoter_min"] == 9 and survey["outcomes"]["detractor_max"] == 6
    assert survey["texts"]["en"]["q.score"].startswith("How likely")
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "max-age=60" in response.headers["Cache-Control"]
    assert "stale-while-revalidate" in response.headers["Cache-Control"]
    assert vary(response) == {"Origin", "Accept-Encoding"}, \
        "a shared cache may keep one copy per page origin and encoding, never per browser"


def vary(response) -> set[str]:
    return {v.strip() for value in response.headers.getlist("Vary") for v in value.split(",")}


def test_every_browser_gets_the_same_bytes_and_etag(app, client):
    """The config lists every survey with its device rule; the widget matches its own device class."""
    site_id, key = make_site(app)
    desktop_only = make_survey(app, site_id, "nps", audience={"devices": ["desktop"]})
    phones = make_survey(app, site_id, "csat", audience={"devices": ["mobile", "tablet"]})
    answers = [get_config(client, key, ua) for ua in (DESKTOP_UA, PHONE_UA, TABLET_UA, BOT_UA, "")]
    assert len({a.data for a in answers}) == 1 and len({a.headers["ETag"] for a in answers}) == 1
    surveys = answers[0].get_json()["surveys"]
    assert [(s["id"], s["audience"]["devices"]) for s in surveys] == [(desktop_only, ["desktop"]),
                                                                     (phones, ["mobile", "tablet"])]
    not_modified = get_config(client, key, PHONE_UA, **{"If-None-Match": answers[0].headers["ETag"]})
    assert not_modified.status_code == 304, "a validator from one browser is good for another"


def test_an_answer_without_origin_still_says_it_varies_on_origin(app, client):
    """A CDN that cached a CORS-less copy for a server-side fetch must not hand it to a browser."""
    _, key = make_site(app)
    plain = get_config(client, key, origin=None)
    assert plain.status_code == 200 and "Access-Control-Allow-Origin" not in plain.headers
    assert vary(plain) == {"Origin", "Accept-Encoding"}
    assert plain.data == get_config(client, key).data


def test_config_is_gzipped_for_clients_that_accept_it(app, client):
    """Where no proxy compresses, the server sends the stored compressed bytes (about a third of the size)."""
    site_id, key = make_site(app)
    for kind in ("nps", "csat", "ces"):
        make_survey(app, site_id, kind)
    plain = get_config(client, key)
    packed = get_config(client, key, **{"Accept-Encoding": "br, gzip;q=0.8, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert packed.headers["ETag"] == "W/" + plain.headers["ETag"], "another encoding, so a weak validator (as nginx)"
    revalidated = get_config(client, key, **{"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.headers["ETag"] == packed.headers["ETag"]
    assert "Accept-Encoding" in vary(packed) and "Accept-Encoding" in vary(plain)
    refused = get_config(client, key, **{"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers and refused.data == plain.data


def test_a_head_request_gets_the_gets_headers_and_no_body(app, client):
    """The answer is made once and shared (web/prepared.py); a HEAD still gets no body."""
    site_id, key = make_site(app)
    make_survey(app, site_id, "nps")
    for encoding in ("gzip", "identity"):
        got = get_config(client, key, **{"Accept-Encoding": encoding})
        head = client.head(f"/v1/sites/{key}/config",
                           headers={"User-Agent": DESKTOP_UA, "Origin": ORIGIN, "Accept-Encoding": encoding})
        assert head.status_code == 200 and head.data == b"" and got.data != b""
        assert sorted(head.headers.items()) == sorted(got.headers.items())


def test_config_respects_schedule(app, client):
    site_id, key = make_site(app)
    now = dt.datetime.now(dt.UTC)
    make_survey(app, site_id, "nps", schedule_start=(now + dt.timedelta(days=1)).isoformat())
    make_survey(app, site_id, "csat", schedule_end=(now - dt.timedelta(days=1)).isoformat(),
                schedule_start=(now - dt.timedelta(days=3)).isoformat())
    current = make_survey(app, site_id, "ces", schedule_start=(now - dt.timedelta(days=1)).isoformat(),
                          schedule_end=(now + dt.timedelta(days=1)).isoformat())
    surveys = get_config(client, key).get_json()["surveys"]
    assert [s["id"] for s in surveys] == [current]
    assert surveys[0]["schedule"]["end"].endswith("Z")


def test_config_drops_survey_once_quota_is_reached(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps", quota=2)
    assert len(get_config(client, key).get_json()["surveys"]) == 1
    for _ in range(2):
        assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201
    assert get_config(client, key).get_json()["surveys"] == []


def test_etag_answers_304_and_changes_after_an_edit(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    first = get_config(client, key)
    etag = first.headers["ETag"]
    again = get_config(client, key, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert get_config(client, key, **{"If-None-Match": '"other"'}).status_code == 200
    update_survey(app, survey, texts={"en": {"q.score": "Changed wording?"}})
    edited = get_config(client, key, **{"If-None-Match": etag})
    assert edited.status_code == 200, "the cached config must be invalidated at once by an edit"
    assert edited.headers["ETag"] != etag
    assert edited.get_json()["surveys"][0]["texts"]["en"]["q.score"] == "Changed wording?"


def test_pausing_a_survey_removes_it_at_once(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert len(get_config(client, key).get_json()["surveys"]) == 1
    update_survey(app, survey, status="paused")
    assert get_config(client, key).get_json()["surveys"] == []


def test_unknown_and_malformed_site_keys_get_no_surveys_without_an_error_status(app, client):
    """A 4xx would make the browser log a red line in the host page's console; a wrong key must leave no trace."""
    make_site(app)
    for key in ("doesnotexist", "x", "a" * 40, "bad key!"):
        response = get_config(client, key, origin="https://anywhere.example")
        assert response.status_code == 200, key
        assert response.get_json() == {"site": None, "surveys": []}


def test_disallowed_origin_is_403_naming_origin(app, client):
    _, key = make_site(app)
    response = get_config(client, key, origin="https://evil.example")
    assert response.status_code == 403
    assert response.get_json()["code"] == "origin_not_allowed"
    assert "Origin" in response.get_json()["errors"]


def test_subdomain_rules_for_origins(app, client):
    _, key = make_site(app, allowed_domains=["shop.example", "*.brand.example"])
    assert get_config(client, key, origin="https://www.shop.example").status_code == 200
    assert get_config(client, key, origin="https://eu.brand.example:8443").status_code == 200
    assert get_config(client, key, origin="https://brand.example").status_code == 200
    assert get_config(client, key, origin="https://blog.shop.example").status_code == 403
    assert get_config(client, key, origin="https://shop.example.evil.com").status_code == 403
    assert get_config(client, key, origin="null").status_code == 403


def test_a_public_suffix_wildcard_saved_before_the_rule_allows_nothing(app, client):
    site_id, key = make_site(app)
    with app.app_context():  # straight into the row, as an old release saved it
        db.session.get(Site, site_id).allowed_domains = ["shop.example", "*.com"]
        db.session.commit()
    assert get_config(client, key, origin="https://evil.com").status_code == 403
    assert get_config(client, key, origin="https://shop.example").status_code == 200


def test_wrong_method_is_json_405(app, client):
    _, key = make_site(app)
    response = client.delete(f"/v1/sites/{key}/config")
    assert response.status_code == 405 and response.get_json()["code"] == "method_not_allowed"


def test_preflight_allows_the_widget_headers(app, client):
    response = client.options("/v1/responses", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Max-Age"] == "7200"


def test_config_rate_limit_per_ip_answers_429_with_retry_after(make_app):
    app = make_app(RATELIMIT_PUBLIC_READ="3/day")  # a day: the window cannot roll over mid-test
    _, key = make_site(app)
    client = app.test_client()
    statuses = [get_config(client, key).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get_config(client, key)
    assert limited.get_json()["code"] == "rate_limited"
    until_window_end = 86400 - time.time() % 86400  # fixed windows end at UTC midnight for a daily limit
    assert abs(int(limited.headers["Retry-After"]) - until_window_end) <= 2
    other_ip = client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN},
                          environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other_ip.status_code == 200, "the per-IP limit must not block other visitors"
