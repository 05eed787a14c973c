"""The results dashboard against numbers computed by hand, on SQLite and PostgreSQL.

The NPS data set (ten responses, scores chosen so every number below is checkable by eye):

    #  score day          device   locale page comment
    1  10    Mon 03-03    desktop  en     /a   "Great shop"
    2  10    Mon 03-03    mobile   en     /a
    3   9    Tue 03-04    desktop  ru     /b   "fast DELIVERY"
    4   9    Tue 03-04    desktop  en     /a
    5   9    Mon 03-10    tablet   en     /b
    6   8    Mon 03-10    mobile   ru     /a   "ok"
    7   7    Tue 03-11    desktop  en     /c
    8   6    Tue 04-01    mobile   en     /a   "slow delivery"
    9   3    Tue 04-01    desktop  ru     /b   "=1+2"
   10   0    Wed 04-02    mobile   en     /c   "never again"

Promoters (9–10): #1–5 = 5; passives (7–8): #6, #7 = 2; detractors (0–6): #8–10 = 3.
NPS = round(100 × (5 − 3) / 10) = 20.
"""
import pytest

from tests.admin.data import add_event_counts, add_responses
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")
ROWS = [
    (10, "2025-03-03 10:00", "desktop", "en", "/a", "Great shop"),
    (10, "2025-03-03 11:00", "mobile", "en", "/a", None),
    (9, "2025-03-04 09:00", "desktop", "ru", "/b", "fast DELIVERY"),
    (9, "2025-03-04 23:59", "desktop", "en", "/a", None),
    (9, "2025-03-10 00:00", "tablet", "en", "/b", None),
    (8, "2025-03-10 08:00", "mobile", "ru", "/a", "ok"),
    (7, "2025-03-11 12:00", "desktop", "en", "/c", None),
    (6, "2025-04-01 12:00", "mobile", "en", "/a", "slow delivery"),
    (3, "2025-04-01 13:00", "desktop", "ru", "/b", "=1+2"),
    (0, "2025-04-02 14:00", "mobile", "en", "/c", "never again"),
]


@pytest.fixture
def nps(app):
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    add_responses(app, survey_id, [
        {"answers": {"score": score, **({"followup": comment} if comment else {})}, "created_at": when,
         "device": device, "locale": locale, "path": path,
         "trigger": "exit_intent" if i % 2 else "page_view"}
        for i, (score, when, device, locale, path, comment) in enumerate(ROWS)])
    add_event_counts(app, survey_id, {"2025-03-03": 10, "2025-03-04": 10, "2025-03-10": 10, "2025-04-01": 10})
    add_event_counts(app, survey_id, {"2025-03-03": 4}, "dismiss")
    return survey_id


def results(client, survey_id, **query):
    response = client.get(f"/api/admin/surveys/{survey_id}/results", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_headline_distribution_and_response_rate(admin_client, nps):
    body = results(admin_client, nps)
    assert body["headline"] == {"metric": "nps", "value": 20, "answered": 10, "responses": 10,
                                "promoters": 5, "passives": 2, "detractors": 3}
    assert {d["score"]: d["count"] for d in body["distribution"]} == {
        0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 3, 10: 2}
    # 10 responses / 40 displays
    assert body["response_rate"] == {"responses": 10, "displays": 40, "dismissals": 4, "rate": 25.0}
    assert body["survey"]["kind"] == "nps" and body["choices"] == []


def test_trend_by_day_week_and_month(admin_client, nps):
    by_day = results(admin_client, nps, bucket="day")["trend"]
    assert by_day == [
        {"bucket": "2025-03-03", "score": 100, "count": 2},   # 10, 10
        {"bucket": "2025-03-04", "score": 100, "count": 2},   # 9, 9 (23:59 UTC is still the 4th)
        {"bucket": "2025-03-10", "score": 50, "count": 2},    # 9, 8 → (1 − 0) / 2
        {"bucket": "2025-03-11", "score": 0, "count": 1},     # 7
        {"bucket": "2025-04-01", "score": -100, "count": 2},  # 6, 3
        {"bucket": "2025-04-02", "score": -100, "count": 1}]  # 0
    assert results(admin_client, nps, bucket="week")["trend"] == [
        {"bucket": "2025-03-03", "score": 100, "count": 4},    # Mon 03-03 … Sun 03-09
        {"bucket": "2025-03-10", "score": 33, "count": 3},     # 9, 8, 7 → 100 × 1 / 3 = 33.3
        {"bucket": "2025-03-31", "score": -100, "count": 3}]   # the week of Tue 04-01 starts Mon 03-31
    assert results(admin_client, nps, bucket="month")["trend"] == [
        {"bucket": "2025-03-01", "score": 71, "count": 7},     # 5 promoters, 0 detractors of 7 → 71.4
        {"bucket": "2025-04-01", "score": -100, "count": 3}]


def test_filters_narrow_everything_but_the_rate_denominator(admin_client, nps):
    ranged = results(admin_client, nps, **{"from": "2025-03-04", "to": "2025-03-10"})
    assert ranged["headline"]["value"] == 75  # 9, 9, 9, 8 → (3 − 0) / 4
    assert ranged["response_rate"] == {"responses": 4, "displays": 20, "dismissals": 0, "rate": 20.0}
    searched = results(admin_client, nps, q="delivery")  # case-insensitive: #3 and #8
    assert searched["headline"]["answered"] == 2 and searched["headline"]["value"] == 0
    assert searched["response_rate"]["responses"] == 10  # the rate ignores comment, device and category filters
    mobile = results(admin_client, nps, device="mobile")  # 10, 8, 6, 0 → (1 − 2) / 4
    assert mobile["headline"]["value"] == -25
    detractors = results(admin_client, nps, category="detractor")
    assert detractors["headline"]["value"] == -100 and detractors["headline"]["detractors"] == 3
    assert results(admin_client, nps, q="100%_")["headline"]["answered"] == 0  # % and _ are literal
    empty_params = admin_client.get(f"/api/admin/surveys/{nps}/results?from=&q=&device=")
    assert empty_params.status_code == 200 and empty_params.get_json()["headline"]["value"] == 20


def test_bad_filters_are_named(admin_client, nps):
    response = admin_client.get(f"/api/admin/surveys/{nps}/results",
                                query_string={"from": "2025-04-01", "to": "2025-03-01", "bucket": "year", "device": "tv"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"bucket", "device"}
    backwards = admin_client.get(f"/api/admin/surveys/{nps}/results", query_string={"from": "2025-04-01", "to": "2025-03-01"})
    assert set(backwards.get_json()["errors"]) == {"to"}
    assert admin_client.get("/api/admin/surveys/999/results").status_code == 404


def test_breakdowns_by_page_device_locale_and_trigger(admin_client, nps):
    body = admin_client.get(f"/api/admin/surveys/{nps}/breakdowns").get_json()
    assert body["page"] == [
        {"value": "/a", "count": 5, "answered": 5, "score": 40},   # 10, 10, 9, 8, 6 → (3 − 1) / 5
        {"value": "/b", "count": 3, "answered": 3, "score": 33},   # 9, 9, 3 → (2 − 1) / 3
        {"value": "/c", "count": 2, "answered": 2, "score": -50}]  # 7, 0 → (0 − 1) / 2
    assert {r["value"]: (r["count"], r["score"]) for r in body["device"]} == {
        "desktop": (5, 40),   # 10, 9, 9, 7, 3 → (3 − 1) / 5
        "mobile": (4, -25),   # 10, 8, 6, 0 → (1 − 2) / 4
        "tablet": (1, 100)}
    assert {r["value"]: (r["count"], r["score"]) for r in body["locale"]} == {
        "en": (7, 29),        # 10, 10, 9, 9, 7, 6, 0 → (4 − 2) / 7 = 28.6
        "ru": (3, 0)}         # 9, 8, 3
    assert {r["value"]: r["count"] for r in body["trigger"]} == {"page_view": 5, "exit_intent": 5}
    filtered = admin_client.get(f"/api/admin/surveys/{nps}/breakdowns", query_string={"device": "tablet"}).get_json()
    assert filtered["page"] == [{"value": "/b", "count": 1, "answered": 1, "score": 100}]


def test_the_busiest_twenty_pages_only(app, admin_client):
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    add_responses(app, survey_id, [{"score": 9, "path": f"/p{i:02d}"} for i in range(25) for _ in range(1 + (i == 7))])
    pages = admin_client.get(f"/api/admin/surveys/{survey_id}/breakdowns").get_json()["page"]
    assert len(pages) == 20 and pages[0] == {"value": "/p07", "count": 2, "answered": 2, "score": 100}


def test_csat_ces_cli_and_custom_headlines(app, admin_client):
    site_id, _ = make_site(app)
    csat = make_survey(app, site_id, "csat")
    add_responses(app, csat, [{"score": s} for s in (5, 4, 4, 3, 1)])
    # CSAT % = 3 of 5 answered 4 or 5 = 60.0; mean = 17 / 5 = 3.4; thresholds 5 / 2: one promoter, one detractor
    assert results(admin_client, csat)["headline"] == {
        "metric": "csat", "value": 60.0, "mean": 3.4, "problem": False, "answered": 5, "responses": 5,
        "promoters": 1, "passives": 3, "detractors": 1}
    ces = make_survey(app, site_id, "ces")
    add_responses(app, ces, [{"score": s} for s in (7, 6, 5, 2)])
    # mean = 20 / 4 = 5.0; agreeing (5–7) = 3 of 4 = 75.0
    head = results(admin_client, ces)["headline"]
    assert (head["value"], head["agree_percent"]) == (5.0, 75.0)
    cli = make_survey(app, site_id, "cli")
    add_responses(app, cli, [{"answers": {"score": {"recommend": 9, "buy_again": 8, "try_other": 10}}},
                             {"answers": {"score": {"recommend": 6, "buy_again": 6, "try_other": 7}}}])
    # CLI = mean of all six items = 46 / 6 = 7.67; the distribution rounds each response's mean (9.0, 6.33)
    cli_results = results(admin_client, cli)
    assert cli_results["headline"]["value"] == 7.67
    assert {d["score"]: d["count"] for d in cli_results["distribution"] if d["count"]} == {6: 1, 9: 1}
    custom = make_survey(app, site_id, "exit_intent")
    add_responses(app, custom, [{"answers": {"reason": r}} for r in ("price", "price", "other")]
                  + [{"answers": {"details": "hm"}}])
    custom_results = results(admin_client, custom)
    assert custom_results["headline"] == {"metric": None, "value": None, "answered": 0, "responses": 4}
    assert custom_results["distribution"] == []
    assert custom_results["choices"] == [{"question": "reason", "options": [
        {"option": "price", "count": 2}, {"option": "not_found", "count": 0},
        {"option": "just_browsing", "count": 0}, {"option": "other", "count": 1}]}]
    assert results(admin_client, custom)["response_rate"]["rate"] is None  # no displays yet


def test_survey_list_carries_the_all_time_headline(admin_client, app, nps):
    site_id = admin_client.get(f"/api/admin/surveys/{nps}").get_json()["site_id"]
    listed = admin_client.get(f"/api/admin/sites/{site_id}/surveys").get_json()
    assert listed[0]["responses"] == 10 and listed[0]["headline"]["value"] == 20


def test_response_list_filters_pages_and_recovery(admin_client, app, nps):
    page = admin_client.get(f"/api/admin/surveys/{nps}/responses", query_string={"per_page": 4}).get_json()
    assert (page["total"], page["pages"], page["page"]) == (10, 3, 1)
    assert [r["score"] for r in page["items"]] == [0, 3, 6, 7]  # newest first
    last = admin_client.get(f"/api/admin/surveys/{nps}/responses", query_string={"per_page": 4, "page": 3}).get_json()
    assert [r["score"] for r in last["items"]] == [10, 10]
    detractors = admin_client.get(f"/api/admin/surveys/{nps}/responses",
                                  query_string={"category": "detractor", "q": "DELIVERY"}).get_json()
    assert [r["comment"] for r in detractors["items"]] == ["slow delivery"]
    item = detractors["items"][0]
    assert item["answers"] == {"score": 6, "followup": "slow delivery"} and item["device"] == "mobile"
    assert item["page_url"] == "https://shop.example/a" and item["recovery"] is None
    assert item["created_at"].startswith("2025-04-01T12:00:00")
    assert admin_client.get(f"/api/admin/surveys/{nps}/responses", query_string={"per_page": 101}).status_code == 422


def test_recovery_answers_come_with_their_response(app, admin_client):
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    add_responses(app, survey_id, [{"score": 2, "recovery": {"message": "Parcel lost", "contact_consent": True,
                                                             "email": "me@example.com"}}])
    item = admin_client.get(f"/api/admin/surveys/{survey_id}/responses").get_json()["items"][0]
    assert item["recovery"]["message"] == "Parcel lost" and item["recovery"]["email"] == "me@example.com"
    assert item["recovery"]["contact_consent"] is True


def test_days_are_the_sites_local_days_in_trends_filters_and_the_csv(app, admin_client):
    """A site in Moscow (UTC+3): an answer at 22:30 UTC on the 10th was given on the 11th there."""
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    add_responses(app, survey, [{"score": 10, "created_at": "2026-03-10 22:30"},
                                {"score": 0, "created_at": "2026-03-10 12:00"}])
    utc_days = [(point["bucket"], point["count"]) for point in results(admin_client, survey, bucket="day")["trend"]]
    assert utc_days == [("2026-03-10", 2)]
    changed = admin_client.patch(f"/api/admin/sites/{site_id}", json={"time_zone": "Europe/Moscow"})
    assert changed.status_code == 200 and changed.get_json()["time_zone"] == "Europe/Moscow"
    local_days = [(point["bucket"], point["count"]) for point in results(admin_client, survey, bucket="day")["trend"]]
    assert local_days == [("2026-03-10", 1), ("2026-03-11", 1)]
    only_11th = results(admin_client, survey, **{"from": "2026-03-11", "to": "2026-03-11"})
    assert only_11th["headline"]["responses"] == 1 and only_11th["headline"]["value"] == 100
    csv = admin_client.get(f"/api/admin/surveys/{survey}/export.csv", query_string={"from": "2026-03-11"}).get_data(True)
    assert "2026-03-10T22:30:00" in csv and "12:00:00" not in csv, "the CSV keeps UTC times, filtered by local days"


def test_days_follow_daylight_saving_in_berlin(app, admin_client):
    site_id, _ = make_site(app, time_zone="Europe/Berlin")
    survey = make_survey(app, site_id, "nps")
    # Berlin is UTC+1 until 01:00 UTC on Sunday 2026-03-29, UTC+2 after: 22:30 UTC is 23:30 on the 28th but 00:30
    # on the 30th, and 21:30 UTC on the 29th is 23:30 that day
    add_responses(app, survey, [{"score": 9, "created_at": "2026-03-28 22:30"},
                                {"score": 9, "created_at": "2026-03-29 22:30"},
                                {"score": 9, "created_at": "2026-03-29 21:30"}])
    days = [(point["bucket"], point["count"]) for point in results(admin_client, survey, bucket="day")["trend"]]
    assert days == [("2026-03-28", 1), ("2026-03-29", 1), ("2026-03-30", 1)]


def test_an_unknown_time_zone_is_refused_naming_the_field(app, admin_client):
    site_id, _ = make_site(app)
    refused = admin_client.patch(f"/api/admin/sites/{site_id}", json={"time_zone": "Mars/Olympus"})
    assert refused.status_code == 422 and "time_zone" in refused.get_json()["errors"]
    assert admin_client.get(f"/api/admin/sites/{site_id}").get_json()["time_zone"] == "UTC"
