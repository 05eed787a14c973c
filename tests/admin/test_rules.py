"""The rule tester: URL matching identical to the widget's, and the order in which rules stop a survey."""
import datetime as dt
import json
from pathlib import Path

import pytest

from server.catalog.templates import template
from server.delivery.audience import Visit, location_of, match_rule, stopper, verdict
from server.models import Survey
from tests.admin.data import add_responses
from tests.factories import make_site, make_survey

CASES = json.loads((Path(__file__).parent.parent / "fixtures" / "url_rules.json").read_text())
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']['match']}-{c['rule']['target']}-{i}" for i, c in enumerate(CASES)])
def test_url_rules_match_like_the_widget(case):
    """tests/fixtures/url_rules.json is shared with the widget's own tests."""
    assert match_rule(case["rule"], location_of(case["url"])) is case["expected"]


def test_the_location_is_what_a_browser_shows():
    assert location_of("https://Shop.Example").href == "https://shop.example/"
    assert location_of("https://shop.example").path == "/"
    assert location_of("https://shop.example/a b/ü").path == "/a%20b/%C3%BC"


def survey(**changes) -> Survey:
    definition = template("nps")
    audience = {"include": [], "exclude": [], "devices": ["desktop", "tablet", "mobile"], "visitor": "all",
                "min_page_views": 0, "languages": [], "sample_percent": 100, **changes.pop("audience", {})}
    return Survey(id=7, name="NPS", kind="nps", status=changes.pop("status", "active"), audience=audience,
                  trigger=definition["trigger"], **changes)


SHOP = Visit(url="https://shop.example/shop/shoes?x=1", device="desktop", visitor="new", language="en-GB")


def test_a_survey_with_no_rules_shows():
    assert stopper(survey(), SHOP, NOW, 0) is None


@pytest.mark.parametrize("changes, visit, rule", [
    ({"schedule_start": NOW + dt.timedelta(days=1)}, SHOP, "schedule"),
    ({"schedule_end": NOW}, SHOP, "schedule"),
    ({"quota": 5}, SHOP, "quota"),
    ({"audience": {"devices": ["mobile"]}}, SHOP, "device"),
    ({"audience": {"include": [{"match": "starts_with", "value": "/blog", "target": "path"}]}}, SHOP, "url_include"),
    ({"audience": {"exclude": [{"match": "contains", "value": "x=1", "target": "url"}]}}, SHOP, "url_exclude"),
    ({"audience": {"visitor": "returning"}}, SHOP, "visitor"),
    ({"audience": {"visitor": "new"}}, Visit(SHOP.url, visitor="returning"), "visitor"),
    ({"audience": {"languages": ["ru", "de"]}}, SHOP, "language"),
    ({"audience": {"min_page_views": 2}}, SHOP, "page_views"),
    ({"audience": {"min_page_views": 3}}, Visit(SHOP.url, visitor="returning"), "page_views"),
    ({"audience": {"sample_percent": 0}}, SHOP, "sampling"),
])
def test_each_rule_can_stop_a_survey(changes, visit, rule):
    stop = stopper(survey(**changes), visit, NOW, responses=5)
    assert stop is not None and stop[0] == rule, stop


def test_the_first_failing_rule_in_order_is_reported():
    """Start with every rule failing; fix the reported one each time: the order is the documented one."""
    wrong = {"schedule_end": NOW, "quota": 1}
    wrong_audience = {"devices": ["mobile"], "include": [{"match": "exact", "value": "/", "target": "path"}],
                      "visitor": "returning", "languages": ["ru"], "min_page_views": 9}
    cause = {"schedule": "schedule_end", "quota": "quota", "device": "devices", "url_include": "include",
             "visitor": "visitor", "language": "languages", "page_views": "min_page_views"}
    order = []
    while (stop := stopper(survey(**wrong, audience=wrong_audience), SHOP, NOW, responses=3)) is not None:
        order.append(stop[0])
        wrong.pop(cause[stop[0]], None)
        wrong_audience.pop(cause[stop[0]], None)
    assert order == ["schedule", "quota", "device", "url_include", "visitor", "language", "page_views"]


def test_status_and_sampling_are_reported_apart():
    draft = verdict(survey(status="draft", audience={"sample_percent": 25}), SHOP, NOW, 0)
    assert draft["would_show"] is True and draft["live"] is False and draft["stopped_by"] is None
    assert draft["notes"][0].startswith("Draft") and "25 %" in draft["notes"][1]
    assert verdict(survey(), SHOP, NOW, 0)["live"] is True
    unknown_language = verdict(survey(audience={"languages": ["ru"]}), Visit(SHOP.url), NOW, 0)
    assert unknown_language["would_show"] is True and "pick a language" in unknown_language["notes"][0]


def test_messages_explain_the_rule_in_words():
    stop = stopper(survey(audience={"include": [{"match": "starts_with", "value": "/blog", "target": "path"}]}),
                   SHOP, NOW, 0)
    assert stop[1] == "The page matches none of its include rules (path starts with “/blog”)."


def test_the_rule_test_endpoint(app, admin_client):
    site_id, _ = make_site(app)
    shop = make_survey(app, site_id, "nps",
                       audience={"include": [{"match": "starts_with", "value": "/shop", "target": "path"}]})
    draft = make_survey(app, site_id, "csat", status="draft", audience={"devices": ["mobile"]})
    full = make_survey(app, site_id, "ces", quota=1)
    add_responses(app, full, [{"score": 7}])
    response = admin_client.post(f"/api/admin/sites/{site_id}/rule-test",
                                 json={"url": "https://shop.example/shop/a", "device": "desktop", "visitor": "new"})
    assert response.status_code == 200
    by_id = {v["survey_id"]: v for v in response.get_json()["surveys"]}
    assert by_id[shop]["would_show"] is True and by_id[shop]["live"] is True and by_id[shop]["name"] == "Net Promoter Score"
    assert by_id[draft]["stopped_by"]["rule"] == "device" and by_id[draft]["status"] == "draft"
    assert by_id[full]["stopped_by"]["rule"] == "quota"
    other = admin_client.post(f"/api/admin/sites/{site_id}/rule-test", json={"url": "https://shop.example/blog"})
    assert {v["survey_id"]: v for v in other.get_json()["surveys"]}[shop]["stopped_by"]["rule"] == "url_include"
    bad = admin_client.post(f"/api/admin/sites/{site_id}/rule-test", json={"url": "javascript:1", "device": "watch"})
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"url", "device"}
