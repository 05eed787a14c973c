"""The touchpoint map: grouping by journey stage, trend arrows against the previous period, the weakest marked."""
import datetime as dt

from server.models import JOURNEY_STAGES
from server.reporting.touchpoints import mark_weakest, trend_arrow
from tests.admin.data import add_responses
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")


def days_ago(n: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=n)


def test_trend_arrows():
    assert [trend_arrow(40, 20), trend_arrow(20, 40), trend_arrow(3.5, 3.5), trend_arrow(None, 3), trend_arrow(3, None)] == \
        ["up", "down", "flat", "none", "none"]


def test_the_weakest_is_per_metric_and_only_where_there_is_a_choice():
    cards = [{"metric": "nps", "score": 10}, {"metric": "nps", "score": -20}, {"metric": "nps", "score": None},
             {"metric": "csat", "score": 40.0}, {"metric": "ces", "score": 5.0}, {"metric": "ces", "score": 5.0},
             {"metric": None, "score": None}]
    for card in cards:
        card["weakest"] = False
    mark_weakest(cards)
    assert [c["weakest"] for c in cards] == [False, True, False, False, False, False, False]


def test_the_map_groups_scores_and_marks(app, admin_client):
    site_id, _ = make_site(app)
    checkout = make_survey(app, site_id, "nps", touchpoint="Checkout", journey_stage="purchase")
    product = make_survey(app, site_id, "nps", touchpoint="Product page", journey_stage="consideration")
    support = make_survey(app, site_id, "csat", touchpoint="", journey_stage="retention", status="draft")
    # checkout: this period 9, 9, 3 → (2 − 1) / 3 = 33; the 30 days before: 3, 3 → −100: up
    add_responses(app, checkout, [{"score": 9, "created_at": days_ago(1)}, {"score": 9, "created_at": days_ago(29)},
                                  {"score": 3, "created_at": days_ago(2)},
                                  {"score": 3, "created_at": days_ago(31)}, {"score": 3, "created_at": days_ago(59)},
                                  {"score": 10, "created_at": days_ago(61)}])  # older than both periods: ignored
    # product: this period 6 → −100; before: 10 → 100: down, and the weakest NPS touchpoint
    add_responses(app, product, [{"score": 6, "created_at": days_ago(3)}, {"score": 10, "created_at": days_ago(40)}])
    add_responses(app, support, [{"score": 4, "created_at": days_ago(5)}])
    body = admin_client.get(f"/api/admin/sites/{site_id}/touchpoints").get_json()
    assert body["days"] == 30 and [s["stage"] for s in body["stages"]] == list(JOURNEY_STAGES)
    stages = {s["stage"]: s["touchpoints"] for s in body["stages"]}
    assert stages["awareness"] == [] and stages["loyalty"] == []
    [card] = stages["purchase"]
    assert card == {"survey_id": checkout, "name": "Net Promoter Score", "touchpoint": "Checkout", "kind": "nps",
                    "status": "active", "metric": "nps", "score": 33.0, "previous_score": -100.0, "responses": 3,
                    "trend": "up", "weakest": False,
                    "cases": {"cases": 0, "open": 0, "median_first_action_hours": None, "median_resolve_hours": None,
                              "within_sla_percent": None}}
    [card] = stages["consideration"]
    assert (card["score"], card["previous_score"], card["trend"], card["weakest"]) == (-100, 100, "down", True)
    [card] = stages["retention"]
    assert card["touchpoint"] == "Customer satisfaction" and card["status"] == "draft"  # no label: the name
    assert (card["metric"], card["score"], card["trend"], card["weakest"]) == ("csat", 100.0, "none", False)  # a 4 is satisfied
    week = admin_client.get(f"/api/admin/sites/{site_id}/touchpoints?days=7").get_json()
    week_cards = {c["survey_id"]: c for s in week["stages"] for c in s["touchpoints"]}
    assert week_cards[checkout]["responses"] == 2 and week_cards[checkout]["score"] == 0  # 9, 3
    assert admin_client.get(f"/api/admin/sites/{site_id}/touchpoints?days=0").status_code == 422
    assert admin_client.get("/api/admin/sites/999/touchpoints").status_code == 404
