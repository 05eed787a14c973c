"""The case inbox's pure decisions: the rule, routing, deadlines, and the metrics."""
import datetime as dt

from server.cases.metrics import case_metrics, recovery_rate
from server.cases.routing import owner_for
from server.cases.rules import DEFAULT_RULE, matches, rule_of
from server.cases.sla import deadlines, missed, within_sla

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_the_default_rule_is_every_detractor_plus_low_csat_and_ces():
    assert rule_of(None) == DEFAULT_RULE == {"detractors": True, "csat_max": 2, "ces_max": 3}
    assert matches({}, "nps", 6, "detractor") and not matches({}, "nps", 7, "passive")
    assert matches({}, "csat", 2, "passive")  # a survey with its own thresholds: the rule still takes a 2
    assert not matches({}, "csat", 3, "passive")
    assert matches({}, "ces", 3, None) and not matches({}, "ces", 4, None)
    assert not matches({}, "custom", None, None)


def test_a_site_can_change_its_rule():
    assert not matches({"detractors": False}, "nps", 0, "detractor")
    assert not matches({"csat_max": None}, "csat", 1, "passive")
    assert matches({"detractors": False, "ces_max": 5}, "ces", 5, None)


def test_routing_prefers_the_touchpoint_owner_then_the_default_owner():
    owners = {"checkout": 7}
    assert owner_for("checkout", owners, 3) == 7
    assert owner_for("delivery", owners, 3) == 3
    assert owner_for("delivery", owners, None) is None


def test_deadlines_and_what_was_missed():
    first, resolve = deadlines(T0, 24, 72)
    assert (first, resolve) == (at(24), at(72))
    assert missed("open", None, first, resolve, at(23)) == []
    assert missed("open", None, first, resolve, at(24)) == ["first_action"]
    assert missed("in_progress", at(1), first, resolve, at(80)) == ["resolve"]
    assert missed("resolved", None, first, resolve, at(80)) == []
    assert within_sla(at(1), first, at(70), resolve) and not within_sla(at(30), first, at(70), resolve)
    assert within_sla(None, first, at(2), resolve)  # resolved at once: the resolution is the first action


def case(status, first=None, resolved=None):
    return {"status": status, "opened_at": T0, "first_action_at": first, "resolved_at": resolved,
            "first_action_due": at(24), "resolve_due": at(72)}


def test_case_metrics_count_late_open_cases_against_the_sla():
    rows = [case("resolved", at(2), at(10)), case("resolved", at(30), at(40)), case("open"),
            case("in_progress", at(4))]
    assert case_metrics(rows, at(25)) == {"cases": 4, "open": 2, "median_first_action_hours": 4.0,
                                          "median_resolve_hours": 25.0, "within_sla_percent": 33.3}
    assert case_metrics([], T0)["within_sla_percent"] is None


def test_recovery_rate_takes_each_customers_first_answer_after_the_closing():
    closed = [("ann", at(10)), ("bob", at(10)), ("cy", at(10))]
    answers = [("ann", at(5), "detractor"), ("ann", at(20), "promoter"), ("ann", at(30), "detractor"),
               ("bob", at(12), "detractor"), ("dee", at(20), "promoter")]
    assert recovery_rate(closed, answers) == {"answered_again": 2, "recovered": 1, "rate_percent": 50.0}
    assert recovery_rate([], [])["rate_percent"] is None
